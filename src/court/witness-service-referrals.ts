import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { addWorkingDaysAt } from '../calendar/working-days.js';
import { DeliveryError } from '../channels/channel.js';
import { ClockService } from '../clock/clock.service.js';
import { ContactFailed } from '../contacts/contact-failed.event.js';
import { ContactLog } from '../contacts/contact-log.js';
import { ContactRecipients, type OtherRecipient, type OtherRecipientEmail } from '../contacts/contact-recipients.js';
import type { Contact } from '../contacts/contact.entity.js';
import { Settings } from '../settings/settings.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { addCaseEvent } from '../cases/cases.repository.js';
import { CourtMessages } from './court-messages.js';
import { CourtRepository } from './court.repository.js';
import { CourtProceedings } from './proceedings.entity.js';
import { ReferralEmail } from './referral-email.js';
import { renderReferralForm } from './referral-form.js';
import { ReferralForms } from './referral-form-data.js';
import { formatCaseReference } from '../templates/case-reference.js';

/** The purpose of the referral email, a contact to the Witness Service (not the victim). */
export const REFERRAL_PURPOSE = 'witness_service_referral';

/**
 * Witness Service referrals: with the victim's consent, an email to the Witness Service with the
 * referral form attached. The email is a contact (recipient the Witness Service), sent by the
 * dispatcher like any other: its timeline, retries on temporary failures and the provider's rate
 * limit; no lock is held while it goes. Once it has gone the victim is told; if it fails for good
 * the SPOC is asked to phone it in. Without consent the victim is offered the referral instead.
 */
@Injectable()
export class WitnessServiceReferrals implements OnModuleInit, OtherRecipient {
  private readonly logger = new Logger(WitnessServiceReferrals.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: CourtRepository,
    private readonly contacts: ContactLog,
    private readonly recipients: ContactRecipients,
    private readonly forms: ReferralForms,
    private readonly referralEmail: ReferralEmail,
    private readonly messages: CourtMessages,
    private readonly tasks: OfficerTasks,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /** The dispatcher asks this slice to write the emails to the Witness Service. */
  onModuleInit(): void {
    this.recipients.register('witness_service', this);
  }

  /**
   * A referral to send now: one per proceedings, so a repeated consent changes nothing, but
   * consent given again after it was withdrawn brings the cancelled referral back, with a new contact.
   */
  async plan(proceedings: CourtProceedings, officerId: string, db: EntityManager): Promise<void> {
    const now = this.clock.now();
    const made = await this.repository.planReferral(proceedings.caseId, proceedings.id, addWorkingDaysAt(now, 1), now, db);
    if (!made) return;
    const contact = await this.contacts.create({ caseId: proceedings.caseId, purpose: REFERRAL_PURPOSE, channel: 'email', recipient: 'witness_service', dueAt: now }, db);
    await this.repository.attachContact(made.id, contact.id, db);
    await addCaseEvent(db, proceedings.caseId, 'witness_service_referral_planned', now, officerId, { proceedingsId: proceedings.id, referralId: made.id, contactId: contact.id });
  }

  /** Without consent the victim is told the Witness Service can help, once per proceedings. */
  async offer(proceedings: CourtProceedings, officerId: string, db: EntityManager): Promise<void> {
    if (proceedings.witnessServiceOfferedAt) return;
    if (await this.repository.isReferred(proceedings.id, db)) return;
    const now = this.clock.now();
    // Just after the hearing dates, so the victim reads them first.
    await this.messages.witnessService(proceedings, false, db, new Date(now.getTime() + 1000));
    await db.update(CourtProceedings, { id: proceedings.id }, { witnessServiceOfferedAt: now });
    proceedings.witnessServiceOfferedAt = now;
    await addCaseEvent(db, proceedings.caseId, 'witness_service_offered', now, officerId, { proceedingsId: proceedings.id });
  }

  /** Consent withdrawn before the referral went: it does not go (one already being sent has gone). */
  async cancel(proceedings: CourtProceedings, officerId: string, db: EntityManager): Promise<void> {
    const pending = await this.repository.lockPending(proceedings.id, db);
    if (!pending) return;
    if (pending.contactId) {
      const stopped = await this.contacts.transition(pending.contactId, 'cancelled', { reason: 'consent withdrawn', from: ['scheduled', 'queued'] }, db);
      if (!stopped) return;
    }
    const now = this.clock.now();
    if (await this.repository.markCancelled(pending.id, now, db)) {
      await addCaseEvent(db, proceedings.caseId, 'witness_service_referral_cancelled', now, officerId, { referralId: pending.id, reason: 'consent withdrawn' });
    }
  }

  /** The referral email for its contact (OtherRecipient): the form is drawn now, with no lock held. */
  async email(contact: Contact): Promise<OtherRecipientEmail> {
    const referral = await this.repository.referralOfContact(contact.id);
    if (!referral) throw new DeliveryError('permanent', 'referral_missing', 'No Witness Service referral names this contact');
    const proceedings = await this.db.manager.findOneByOrFail(CourtProceedings, { id: referral.proceedingsId });
    const { form, card } = await this.forms.build(proceedings, this.clock.now(), this.db.manager);
    const reference = formatCaseReference(card.case.reference);
    const email = this.referralEmail.render({ case: { reference }, organisation: { name: card.lead.name } });
    return {
      to: this.settings.witnessService.email,
      from: this.settings.smtpFrom,
      replyTo: card.spoc?.email ? `${card.spoc.name} <${card.spoc.email}>` : card.lead.email ?? undefined,
      ...email,
      attachments: [{ filename: `witness-service-referral-${reference}.pdf`, content: await renderReferralForm(form), contentType: 'application/pdf' }],
      headers: { 'X-Referral-Id': referral.id },
    };
  }

  /**
   * Scheduled work: referrals whose email has gone are recorded as sent and the victim is told;
   * those whose contact was cancelled are cancelled. Each in its own transaction, the case held
   * first (as proceedings changes lock it), so many instances can run this.
   */
  async followUp(limit = 20): Promise<number> {
    let followed = 0;
    for (const { id, caseId } of await this.repository.referralsToFollowUp(limit)) {
      const done = await this.db.transaction(async (db) => {
        await this.repository.holdCase(caseId, db);
        const outcome = await this.repository.lockOutcome(id, db);
        if (!outcome) return false;
        const now = this.clock.now();
        if (outcome.contactStatus === 'cancelled') {
          await this.repository.markCancelled(id, now, db);
          await addCaseEvent(db, caseId, 'witness_service_referral_cancelled', now, null, { referralId: id, reason: 'its email was cancelled' });
          return true;
        }
        await this.repository.markSent(id, outcome.sentAt ?? now, outcome.providerMessageId, now, db);
        await addCaseEvent(db, caseId, 'witness_service_referred', now, null, { proceedingsId: outcome.proceedingsId, referralId: id, providerMessageId: outcome.providerMessageId });
        const proceedings = await db.findOneByOrFail(CourtProceedings, { id: outcome.proceedingsId });
        await this.messages.witnessService(proceedings, true, db);
        return true;
      });
      if (done) followed++;
    }
    return followed;
  }

  /**
   * The failover of a referral email that failed for good (after 24 hours of temporary failures,
   * or a permanent one): in the transaction that failed it, the SPOC is asked to phone it in.
   */
  @OnEvent(ContactFailed.event, { suppressErrors: false })
  async onContactFailed({ contact, db }: ContactFailed): Promise<void> {
    if (contact.recipient !== 'witness_service') return;
    const now = this.clock.now();
    const referral = await this.repository.markFailed(contact.id, contact.failureCode, contact.failureReason, now, db);
    if (!referral) return;
    this.logger.warn({ referralId: referral.id, code: contact.failureCode }, 'Witness Service referral failed');
    await addCaseEvent(db, referral.caseId, 'witness_service_referral_failed', now, null, { referralId: referral.id, code: contact.failureCode });
    await this.tasks.create({
      caseId: referral.caseId, officerId: await this.repository.spocOf(referral.caseId, db), kind: 'phone', dueAt: now,
      briefing: {
        purpose: REFERRAL_PURPOSE,
        whatToCover: `The referral email to the Witness Service could not be sent (${contact.failureReason ?? contact.failureCode}). Call the Witness Service on ${this.settings.witnessService.phone} to refer the victim, then tell the victim.`,
      },
    }, db);
  }
}
