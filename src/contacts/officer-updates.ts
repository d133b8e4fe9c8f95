import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../auth/access.js';
import { CasesService } from '../cases/cases.service.js';
import { CaseProgressRepository } from '../cases/case-progress.repository.js';
import { ContactsRepository } from './contacts.repository.js';
import { DiscreetCheck } from '../discreet/discreet-check.service.js';
import { ClockService } from '../clock/clock.service.js';
import { ContactLog } from './contact-log.js';
import { Contact } from './contact.entity.js';
import { once, requestFingerprint } from '../http/idempotency.js';
import { InputError } from '../http/input-error.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { AgreementsService } from './agreements.service.js';
import { planContact } from '../agreements/contact-plan.js';
import { ContactPlanner } from './contact-planner.js';
import { UpdatePreviews } from './update-preview.js';

const ROUTE = 'POST /v1/cases/:id/updates';

/** An officer's update to the victim: out on the agreed channel at the next safe time. */
@Injectable()
export class OfficerUpdates {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly agreements: AgreementsService,
    private readonly planner: ContactPlanner,
    private readonly contacts: ContactLog,
    private readonly clock: ClockService,
    private readonly tasks: OfficerTasks,
    private readonly cipher: PersonalDataCipher,
    private readonly previews: UpdatePreviews,
    private readonly discreet: DiscreetCheck,
    private readonly plans: ContactsRepository,
    private readonly caseRecords: CaseProgressRepository,
  ) {}

  /**
   * A repeat with the same Idempotency-Key within 24 hours returns the first result. The update
   * is checked on the victim's agreed channel first: one that could not be sent is a 400; to a
   * discreet victim it goes only once the officer has seen the discreet preview and confirmed
   * (`confirmDiscreet`), else a 409 with the exact preview, and never with words that would give
   * the matter away (a 400 naming `message`: see DiscreetCheck.assertDiscreetText). Nothing is
   * replaced silently.
   */
  async send(caseId: string, message: string, caller: Caller, idempotencyKey?: string, confirmDiscreet = false) {
    const visible = await this.cases.visibleCase(caseId, caller);
    if (visible.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
    const agreement = await this.agreements.find(caseId);
    const planned = planContact(agreement, this.clock.now(), 'update_now');
    if (!agreement) throw InputError.of('id', 'agreement', 'Record a contact agreement before sending updates');
    if (!planned) throw InputError.of('id', 'agreement', 'The contact agreement leaves no channel to send the update on (the victim may have stopped texts): agree another channel with them first');
    if (agreement.discreet) await this.discreet.assertDiscreetText('message', message);
    const preview = await this.previews.preview(caseId, agreement, planned.channel, message);
    if (agreement.discreet && !confirmDiscreet) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        rule: 'confirmDiscreet',
        message: `The victim agreed to discreet contact, so the update goes as the discreet ${planned.channel} message in "preview"` +
          `${preview.includesYourWords ? '' : ', which does not include your words'}. Read it, then send again with "confirmDiscreet": true.`,
        preview,
      });
    }
    const checked = { preview: { discreet: preview.discreet, includesYourWords: preview.includesYourWords }, ...(preview.sms ? { sms: preview.sms } : {}) };
    const fingerprint = requestFingerprint(this.cipher, { caseId, message });
    return this.db.transaction((db) =>
      once(db, { officerId: caller.officerId, route: ROUTE, key: idempotencyKey, fingerprint, now: this.clock.now() },
        async () => ({ ...(await this.schedule(caseId, message, db)), ...checked })),
    );
  }

  /**
   * Within the caller's transaction: the update goes in the slot waiting for the officer's
   * words (or a new one) and the cadence restarts. `reason` says why (after an evidence review).
   */
  async schedule(caseId: string, message: string, db: EntityManager, extra: { reason?: string; afterReview?: boolean } = {}) {
    const now = this.clock.now();
    const agreement = await this.agreements.findForPlanning(caseId, db);
    if (!agreement) throw InputError.of('id', 'agreement', 'Record a contact agreement before sending updates');
    const channel = planContact(agreement, now, 'update_now')?.channel;
    if (!channel) throw InputError.of('id', 'agreement', 'The contact agreement leaves no channel to send the update on');
    if (agreement.discreet) await this.discreet.assertDiscreetText(extra.afterReview ? 'action' : 'message', message);
    const data = { update: { message, ...extra } };
    // The update that was waiting for the officer's words takes them; the cadence restarts.
    const pending = await this.plans.lockPendingUpdate(caseId, db);
    let contactId: string;
    const dueAt = this.planner.safe(now, agreement, channel);
    if (pending) {
      contactId = pending;
      await db.update(Contact, { id: contactId }, { dataEnc: this.contacts.sealData(data), dueAt, channel });
      await this.contacts.note(contactId, 'the officer wrote the update', {}, db);
    } else {
      contactId = (await this.contacts.create({ caseId, purpose: 'update', channel, dueAt, discreet: agreement.discreet, data }, db)).id;
    }
    const next = await this.planner.planNextUpdate(caseId, agreement, now, db);
    await this.caseRecords.clearUpdateOverdue(caseId, db);
    await this.tasks.completeWork(caseId, 'write_update', null, db); // the words are written: the reminder is done
    return { caseId, contactId, channel, dueAt: dueAt.toISOString(), nextUpdateDueAt: next.dueAt.toISOString() };
  }
}
