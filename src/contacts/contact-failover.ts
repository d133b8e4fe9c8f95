import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { isTwilioDetailProblem } from '../channels/sms/twilio-error-codes.js';
import { ClockService } from '../clock/clock.service.js';
import { ContactFailed } from './contact-failed.event.js';
import { ContactLog } from './contact-log.js';
import { ContactsRepository } from './contacts.repository.js';
import { Contact, ContactChannel } from './contact.entity.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { AgreementsService } from './agreements.service.js';
import { failoverChannel } from '../agreements/contact-plan.js';
import { ContactPlanner } from './contact-planner.js';
import { missingDataCause } from '../agreements/missing-data.js';

/** Failures an officer should look into: the contact details themselves may be wrong (Twilio's codes: see twilio-error-codes.ts). */
const DETAIL_PROBLEMS = /^(smtp_5\d\d|invalid_address|unprintable_character|no_phone|no_email)$/;
const isDetailProblem = (code: string): boolean => DETAIL_PROBLEMS.test(code) || isTwilioDetailProblem(code);

/**
 * When a contact fails for good, the same message goes at once on the next channel the victim
 * agreed to; the SPOC is asked to check the details; when every agreed channel has failed, the
 * SPOC gets a task (never a channel the victim did not agree to).
 */
@Injectable()
export class ContactFailover {
  constructor(
    private readonly contacts: ContactLog,
    private readonly agreements: AgreementsService,
    private readonly planner: ContactPlanner,
    private readonly tasks: OfficerTasks,
    private readonly clock: ClockService,
    private readonly plans: ContactsRepository,
  ) {}

  /** On ContactFailed, in the transaction that failed the contact; a throw rolls the failure back with it. */
  @OnEvent(ContactFailed.event, { suppressErrors: false })
  onContactFailed({ contact, db }: ContactFailed): Promise<void> {
    return this.handOn(contact, db);
  }

  async handOn(failed: Contact, db: EntityManager): Promise<void> {
    // Someone else's message (a Witness Service referral) is never handed on to the victim's
    // channels: its own slice hands it to an officer (src/court/witness-service-referrals.ts).
    if (failed.recipient !== 'victim') return;
    const c = await this.plans.caseSpoc(failed.caseId, db);
    if (!c || c.status !== 'open' && !['case_closure', 'satisfaction_survey'].includes(failed.purpose)) return;
    const now = this.clock.now();
    if (failed.failureCode && isDetailProblem(failed.failureCode)) {
      await this.tasks.create({
        caseId: failed.caseId, officerId: c.spoc_officer_id, kind: 'check_contact_details', dueAt: now,
        briefing: { purpose: failed.purpose, whatToCover: `A ${failed.channel} message could not be delivered (${failed.failureReason ?? failed.failureCode}). Check the victim's ${failed.channel} details with them.` },
      }, db);
    }
    // A message that could not be written says why, not that the victim could not be reached.
    const cause = failed.failureCode === 'template_data_missing' ? missingDataCause(failed.failureReason) : null;
    if (cause) {
      await this.tasks.create({
        caseId: failed.caseId, officerId: c.spoc_officer_id, kind: 'check_contact_details', dueAt: now,
        briefing: { purpose: failed.purpose, whatToCover: `A ${failed.channel} message could not be written because ${cause}. Put that right so that messages to the victim can go.` },
      }, db);
    }
    const agreement = await this.agreements.find(failed.caseId, db);
    const tried = await this.channelsTried(failed, db);
    // Only ever a channel the victim agreed to: never a new one, whatever has failed.
    const channel = failoverChannel(agreement, tried);
    if (!agreement || !channel) {
      await this.contacts.note(failed.id, 'every agreed channel has failed; the SPOC has a task', {}, db);
      await this.tasks.create({
        caseId: failed.caseId, officerId: c.spoc_officer_id, kind: 'check_contact_details', dueAt: now,
        briefing: {
          purpose: failed.purpose,
          whatToCover: cause
            ? `This message could not be written because ${cause}, so it has not gone on any channel. Put that right, or reach the victim another way.`
            : 'Every channel the victim agreed to has failed. Agree another way of contacting them and record it in the contact agreement; do not use a channel they have not agreed to.',
        },
      }, db);
      return;
    }
    const replacement = await this.contacts.create({
      caseId: failed.caseId,
      purpose: failed.purpose,
      channel,
      dueAt: this.planner.safe(now, agreement, channel),
      discreet: failed.discreet,
      data: this.contacts.data(failed),
    }, db);
    await db.update(Contact, { id: replacement.id }, { replacesContactId: failed.id });
    await this.contacts.note(failed.id, `handed on to ${channel}`, { contactId: replacement.id }, db);
  }

  /** The channels this message has already failed on, following the chain of replacements. */
  private async channelsTried(contact: Contact, db: EntityManager): Promise<Set<ContactChannel>> {
    return new Set(await this.plans.channelChain(contact.id, db));
  }
}
