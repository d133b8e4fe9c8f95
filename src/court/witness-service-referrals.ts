import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RETRY_FOR_MS, retryDelayMs } from '../agreements/contact-timing.js';
import { addWorkingDaysAt } from '../calendar/working-days.js';
import { DeliveryError, EMAIL_TRANSPORT, type EmailTransport } from '../channels/channel.js';
import { ClockService } from '../clock/clock.service.js';
import { Settings } from '../settings/settings.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { MissingFieldError } from '../templates/template-types.js';
import { addCaseEvent } from '../cases/case-records.js';
import { CourtMessages } from './court-messages.js';
import { CourtProceedings } from './proceedings.entity.js';
import { ReferralEmail } from './referral-email.js';
import { renderReferralForm } from './referral-form.js';
import { ReferralForms } from './referral-form-data.js';
import { WitnessServiceReferral } from './witness-service-referral.entity.js';
import { formatCaseReference } from '../templates/case-reference.js';

/** The same time of day one working day on: the latest a referral may go. */

/**
 * Witness Service referrals: with the victim's consent, an email to the Witness Service with the
 * referral form attached, sent once by scheduled work (retried on temporary failures), then a
 * message telling the victim. Without consent the victim is offered the referral instead.
 */
@Injectable()
export class WitnessServiceReferrals {
  private readonly logger = new Logger(WitnessServiceReferrals.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: ReferralForms,
    private readonly referralEmail: ReferralEmail,
    private readonly messages: CourtMessages,
    private readonly tasks: OfficerTasks,
    private readonly clock: ClockService,
    @Inject(EMAIL_TRANSPORT) private readonly transport: EmailTransport,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /**
   * A referral to send now: one per proceedings, so a repeated consent changes nothing, but
   * consent given again after it was withdrawn brings the cancelled referral back.
   */
  async plan(proceedings: CourtProceedings, officerId: string, db: EntityManager): Promise<void> {
    const now = this.clock.now();
    const [made] = await db.query(
      `INSERT INTO witness_service_referrals AS r (case_id, proceedings_id, status, due_by, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, 'pending', $3, $4, $4, $4)
       ON CONFLICT (proceedings_id) DO UPDATE SET status = 'pending', due_by = $3, next_attempt_at = $4, updated_at = $4,
         attempts = 0, first_attempt_at = NULL, failure_code = NULL, failure_reason = NULL
        WHERE r.status = 'cancelled'
       RETURNING id`,
      [proceedings.caseId, proceedings.id, addWorkingDaysAt(now, 1), now],
    );
    if (made) {
      await addCaseEvent(db, proceedings.caseId, 'witness_service_referral_planned', now, officerId, { proceedingsId: proceedings.id, referralId: made.id });
    }
  }

  /** Without consent the victim is told the Witness Service can help, once per proceedings. */
  async offer(proceedings: CourtProceedings, officerId: string, db: EntityManager): Promise<void> {
    if (proceedings.witnessServiceOfferedAt) return;
    const [referred] = await db.query(`SELECT id FROM witness_service_referrals WHERE proceedings_id = $1 AND status = 'sent'`, [proceedings.id]);
    if (referred) return;
    const now = this.clock.now();
    // Just after the hearing dates, so the victim reads them first.
    await this.messages.witnessService(proceedings, false, db, new Date(now.getTime() + 1000));
    await db.update(CourtProceedings, { id: proceedings.id }, { witnessServiceOfferedAt: now });
    proceedings.witnessServiceOfferedAt = now;
    await addCaseEvent(db, proceedings.caseId, 'witness_service_offered', now, officerId, { proceedingsId: proceedings.id });
  }

  /** Consent withdrawn before the referral went: it does not go. */
  async cancel(proceedings: CourtProceedings, officerId: string, db: EntityManager): Promise<void> {
    const cancelled: { id: string }[] = await db.query(
      `WITH cancelled AS (UPDATE witness_service_referrals SET status = 'cancelled', updated_at = $2 WHERE proceedings_id = $1 AND status = 'pending' RETURNING id)
       SELECT id FROM cancelled`,
      [proceedings.id, this.clock.now()],
    );
    if (cancelled.length) {
      await addCaseEvent(db, proceedings.caseId, 'witness_service_referral_cancelled', this.clock.now(), officerId, { referralId: cancelled[0].id, reason: 'consent withdrawn' });
    }
  }

  /** Sends due referrals, each claimed in its own transaction so that many instances can run this. */
  async sendDue(limit = 20): Promise<number> {
    let sent = 0;
    for (; sent < limit; sent++) {
      const claimed = await this.db.transaction(async (db) => {
        const [due] = await db.query(
          `SELECT id FROM witness_service_referrals WHERE status = 'pending' AND next_attempt_at <= $1
            ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.clock.now()],
        );
        if (due) await this.send(due.id, db);
        return Boolean(due);
      });
      if (!claimed) break;
    }
    return sent;
  }

  /** The row stays locked while the email goes, so no other instance sends it too. */
  private async send(id: string, db: EntityManager): Promise<void> {
    const referral = await db.findOneByOrFail(WitnessServiceReferral, { id });
    const proceedings = await db.findOneByOrFail(CourtProceedings, { id: referral.proceedingsId });
    await db.query('SELECT id FROM cases WHERE id = $1 FOR SHARE', [referral.caseId]); // planning the victim's notice needs the case held
    const now = this.clock.now();
    const firstAttemptAt = referral.firstAttemptAt ?? now;
    const attempts = referral.attempts + 1;
    let providerMessageId: string;
    try {
      const { form, card } = await this.forms.build(proceedings, now, db);
      const email = this.referralEmail.render({ case: { reference: formatCaseReference(card.case.reference) }, organisation: { name: card.lead.name } });
      const accepted = await this.transport.send({
        contactId: referral.id,
        to: this.settings.witnessService.email,
        from: this.settings.smtpFrom,
        replyTo: card.spoc?.email ? `${card.spoc.name} <${card.spoc.email}>` : card.lead.email ?? undefined,
        ...email,
        attachments: [{ filename: `witness-service-referral-${formatCaseReference(card.case.reference)}.pdf`, content: await renderReferralForm(form), contentType: 'application/pdf' }],
        headers: { 'X-Referral-Id': referral.id },
      });
      providerMessageId = accepted.providerMessageId;
    } catch (error) {
      await this.recordFailure(referral, asDeliveryError(error), { attempts, firstAttemptAt, now }, db);
      return;
    }
    await db.update(WitnessServiceReferral, { id }, { status: 'sent', sentAt: now, attempts, firstAttemptAt, providerMessageId, failureCode: null, failureReason: null });
    await addCaseEvent(db, referral.caseId, 'witness_service_referred', now, null, { proceedingsId: proceedings.id, referralId: id, providerMessageId });
    await this.messages.witnessService(proceedings, true, db);
  }

  /** A temporary failure is tried again later (for 24 hours); a permanent one goes to the SPOC to phone in. */
  private async recordFailure(
    referral: WitnessServiceReferral, failure: DeliveryError, at: { attempts: number; firstAttemptAt: Date; now: Date }, db: EntityManager,
  ): Promise<void> {
    const { attempts, firstAttemptAt, now } = at;
    if (failure.kind === 'temporary' && now.getTime() - firstAttemptAt.getTime() >= RETRY_FOR_MS) {
      failure = new DeliveryError('permanent', failure.code, `Still failing after 24 hours: ${failure.message}`);
    }
    const recorded = { attempts, firstAttemptAt, failureCode: failure.code, failureReason: failure.message };
    if (failure.kind === 'temporary') {
      await db.update(WitnessServiceReferral, { id: referral.id }, { ...recorded, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) });
      return;
    }
    this.logger.warn({ referralId: referral.id, code: failure.code }, 'Witness Service referral failed');
    await db.update(WitnessServiceReferral, { id: referral.id }, { ...recorded, status: 'failed' });
    await addCaseEvent(db, referral.caseId, 'witness_service_referral_failed', now, null, { referralId: referral.id, code: failure.code });
    const [c] = await db.query('SELECT spoc_officer_id FROM cases WHERE id = $1', [referral.caseId]);
    await this.tasks.create({
      caseId: referral.caseId, officerId: c?.spoc_officer_id ?? null, kind: 'phone', dueAt: now,
      briefing: {
        purpose: 'witness_service_referral',
        whatToCover: `The referral email to the Witness Service could not be sent (${failure.message}). Call the Witness Service on ${this.settings.witnessService.phone} to refer the victim, then tell the victim.`,
      },
    }, db);
  }
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof MissingFieldError) return new DeliveryError('permanent', 'template_data_missing', error.message);
  return new DeliveryError('temporary', 'internal', error instanceof Error ? error.message : String(error));
}
