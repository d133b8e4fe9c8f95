import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { twilioErrorClass } from '../channels/sms/twilio-error-codes.js';
import { RETRY_FOR_MS, retryDelayMs } from '../agreements/contact-timing.js';
import { ClockService } from '../clock/clock.service.js';
import { Contact } from './contact.entity.js';
import { ContactLog, type StatusChange } from './contact-log.js';
import { DeliveryReportsRepository } from './delivery-reports.repository.js';

/** How long a report for a message id we have not recorded yet is kept. */
export const KEEP_EARLY_REPORTS_MS = 24 * 3_600_000;

/** Twilio's final message statuses (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values). */
const FINAL = new Set(['delivered', 'undelivered', 'failed']);

export interface DeliveryReport {
  providerMessageId: string;
  status: string;
  errorCode?: string | null;
}

export type ReportOutcome = 'applied' | 'kept' | 'ignored';

/**
 * Twilio's delivery reports for victims' texts. A report can arrive before `messages.create` has
 * answered (Twilio posts as soon as the network answers), so one whose message id is not on record
 * yet is kept, and applied in the transaction that records the id. Both sides take the same
 * advisory lock on the message id, so a report and the id crossing each other never miss.
 */
@Injectable()
export class DeliveryReports {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: ContactLog,
    private readonly clock: ClockService,
    private readonly repository: DeliveryReportsRepository,
  ) {}

  /**
   * A report from the status webhook. `other` handles ids that are not a victim's contact (a
   * bulletin's text) and says whether it knew the id.
   */
  async receive(report: DeliveryReport, other?: (report: DeliveryReport, db: EntityManager) => Promise<boolean>): Promise<ReportOutcome> {
    if (!FINAL.has(report.status)) return 'ignored';
    return this.db.transaction(async (db) => {
      await this.lock(report.providerMessageId, db);
      const contact = await db.findOneBy(Contact, { providerMessageId: report.providerMessageId });
      if (contact) {
        await this.apply(contact, report, db);
        return 'applied';
      }
      if (other && (await other(report, db))) return 'applied';
      const now = this.clock.now();
      await this.repository.keepEarly(report, now, db);
      await this.prune(db);
      return 'kept';
    });
  }

  /** Records that the provider accepted a contact, and applies a report that came first. */
  async recordAccepted(contact: Contact, change: StatusChange & { providerMessageId: string }): Promise<void> {
    await this.db.transaction(async (db) => {
      await this.lock(change.providerMessageId, db);
      await this.contacts.transition(contact.id, 'sent', change, db);
      const early = await this.repository.takeEarly(change.providerMessageId, new Date(this.clock.now().getTime() - KEEP_EARLY_REPORTS_MS), db);
      if (!early) return;
      const current = await db.findOneByOrFail(Contact, { id: contact.id });
      await this.apply(current, { providerMessageId: change.providerMessageId, status: early.status, errorCode: early.error_code }, db);
    });
  }

  /** Removes reports kept for longer than 24 hours; returns how many went. */
  async prune(db: EntityManager): Promise<number> {
    return this.repository.pruneEarly(new Date(this.clock.now().getTime() - KEEP_EARLY_REPORTS_MS), db);
  }

  /**
   * delivered → delivered; a temporary error (Twilio 30003: phone off or out of signal) puts the
   * text back for a retry while the 24-hour window lasts; anything else fails it, which fails over.
   */
  private async apply(contact: Contact, report: DeliveryReport, db: EntityManager): Promise<void> {
    if (report.status === 'delivered') {
      await this.contacts.transition(contact.id, 'delivered', { reason: 'delivered to the handset' }, db);
      return;
    }
    const error = report.errorCode
      ? twilioErrorClass(report.errorCode)
      : { kind: 'permanent' as const, code: `twilio_${report.status}`, reason: `Twilio reported the text ${report.status} without a reason` };
    const now = this.clock.now();
    const firstAttempt = contact.firstAttemptAt ?? now;
    const withinWindow = now.getTime() - firstAttempt.getTime() < RETRY_FOR_MS;
    if (error.kind === 'temporary' && withinWindow) {
      const retryAt = new Date(now.getTime() + retryDelayMs(contact.attempts + 1));
      await this.contacts.transition(contact.id, 'scheduled', { reason: error.reason, dueAt: retryAt, detail: { code: error.code, retryAt } }, db);
      return;
    }
    const reason = error.kind === 'temporary' ? `Still failing after 24 hours: ${error.reason}` : error.reason;
    await this.contacts.transition(contact.id, 'failed', { reason, failureCode: error.code }, db);
  }

  private lock(providerMessageId: string, db: EntityManager): Promise<void> {
    return this.repository.lock([providerMessageId], db);
  }
}

export { lockDeliveryReports } from './delivery-reports.repository.js';
