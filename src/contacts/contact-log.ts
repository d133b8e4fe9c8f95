import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../clock/clock.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { ContactEvent } from './contact-event.entity.js';
import { ContactFailed } from './contact-failed.event.js';
import { ContactLogRepository, type EachMove, type WorkListFilters } from './contact-log.repository.js';
import { Contact, ContactChannel, ContactRecipient, ContactStatus } from './contact.entity.js';

/** Which statuses each status may follow, so late or repeated provider callbacks never go backwards. */
const MAY_FOLLOW: Record<ContactStatus, ContactStatus[]> = {
  // From `sent`: a delivery report with a temporary error puts the text back to wait for a retry.
  scheduled: ['scheduled', 'queued', 'sending', 'sent'],
  queued: ['scheduled', 'queued', 'sending'],
  sending: ['scheduled', 'queued', 'sending'],
  // A letter handed to the print run, and a call or visit handed to an officer, leave `sending` at once.
  awaiting_print: ['sending'],
  awaiting_officer: ['sending'],
  sent: ['scheduled', 'queued', 'sending', 'awaiting_print'],
  delivered: ['queued', 'sending', 'sent', 'awaiting_officer'],
  failed: ['scheduled', 'queued', 'sending', 'sent', 'awaiting_officer'],
  // A call or visit waiting for an officer is cancelled with its task at closure.
  cancelled: ['scheduled', 'queued', 'sending', 'awaiting_officer'],
};

export interface NewContact {
  caseId: string;
  purpose: string;
  channel: ContactChannel;
  dueAt: Date;
  discreet?: boolean;
  /** The victim unless said otherwise. */
  recipient?: ContactRecipient;
  /** Purpose-specific words and options; sealed at rest. */
  data?: Record<string, unknown>;
}

export interface StatusChange {
  reason?: string;
  providerMessageId?: string;
  failureCode?: string;
  detail?: Record<string, unknown>;
  countAttempt?: boolean;
  /** Takes back an attempt counted when it was claimed but never tried (and its first-attempt time, if it was the first). */
  uncountAttempt?: boolean;
  /** A new due time, when a contact is put back to wait (a retry, or a safe window). */
  dueAt?: Date;
  /** Move only from these statuses (narrower than the usual rule), e.g. to claim a contact no one is sending. */
  from?: ContactStatus[];
}

/**
 * The contact log: the source of truth for what is due, what was sent and what happened.
 * Every status change goes through here and leaves an entry in the contact's timeline.
 */
@Injectable()
export class ContactLog {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
    private readonly events: EventEmitter2,
    private readonly repository: ContactLogRepository,
  ) {}

  async create(contact: NewContact, db: EntityManager): Promise<Contact> {
    const saved = await db.save(
      db.create(Contact, {
        caseId: contact.caseId,
        purpose: contact.purpose,
        channel: contact.channel,
        recipient: contact.recipient ?? 'victim',
        status: 'scheduled',
        discreet: contact.discreet ?? false,
        dueAt: contact.dueAt,
        dataEnc: contact.data ? this.cipher.sealJson(contact.data) : null,
      }),
    );
    await db.insert(ContactEvent, { contactId: saved.id, at: this.clock.now(), status: 'scheduled', reason: null, detail: {} });
    return saved;
  }

  /** Contacts still waiting to be claimed although they fell due before `dueBefore`: how many, and the oldest due time. */
  async unclaimedBacklog(dueBefore: Date): Promise<{ count: number; oldestDueAt: Date | null }> {
    const row = await this.repository.unclaimedBacklog(dueBefore);
    return { count: row.count, oldestDueAt: row.oldest ?? null };
  }

  find(id: string): Promise<Contact | null> {
    return this.db.manager.findOneBy(Contact, { id });
  }

  /** The contacts with these ids (any order; unknown ids are left out). */
  findMany(ids: string[]): Promise<Contact[]> {
    return this.repository.findMany(ids);
  }

  findByProviderMessageId(providerMessageId: string): Promise<Contact | null> {
    return this.db.manager.findOneBy(Contact, { providerMessageId });
  }

  sealData(data: Record<string, unknown>): Buffer {
    return this.cipher.sealJson(data);
  }

  data(contact: Contact): Record<string, unknown> {
    return contact.dataEnc ? this.cipher.openJson<Record<string, unknown>>(contact.dataEnc) : {};
  }

  /**
   * Moves a contact to `status` if its current status allows it; returns whether it moved. A
   * failure emits ContactFailed, awaited in the caller's transaction `db`: failover hands on
   * there, so the move and the hand-on commit together or not at all.
   */
  async transition(id: string, status: ContactStatus, change: StatusChange, db: EntityManager): Promise<boolean> {
    const moved = await this.transitionMany([id], status, change, db);
    if (moved.length === 0) return false;
    if (status === 'failed') {
      const failed = await db.findOneByOrFail(Contact, { id });
      await this.events.emitAsync(ContactFailed.event, new ContactFailed(failed, db));
    }
    return true;
  }

  /** Moves every contact whose status allows it, in one statement; returns the ids that moved. */
  async transitionMany(ids: string[], status: ContactStatus, change: StatusChange, db: EntityManager): Promise<string[]> {
    if (ids.length === 0) return [];
    // Extra SET clauses; their parameters follow the repository's six ($7 on).
    const sets: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value) + 6}`;
    if (change.providerMessageId) sets.push(`provider_message_id = ${param(change.providerMessageId)}`);
    if (status === 'failed') {
      sets.push(`failure_code = ${param(change.failureCode ?? null)}`, `failure_reason = ${param(change.reason ?? null)}`);
    }
    if (change.countAttempt) sets.push('attempts = attempts + 1', 'first_attempt_at = COALESCE(first_attempt_at, $3)');
    if (change.uncountAttempt) sets.push('attempts = greatest(attempts - 1, 0)', 'first_attempt_at = CASE WHEN attempts <= 1 THEN NULL ELSE first_attempt_at END');
    if (change.dueAt) sets.push(`due_at = ${param(change.dueAt)}`);
    const detail = { ...(change.failureCode ? { code: change.failureCode } : {}), ...change.detail };
    // One statement moves the contact and writes its timeline entry: one round trip per change.
    return this.repository.move(ids, status, this.clock.now(), change.from ?? MAY_FOLLOW[status], change.reason ?? null, detail, sets, params, db);
  }

  /**
   * Holds the contacts among `ids` still scheduled or queued for the caller's transaction `db`
   * (a row lock, waiting for any other holder), so nothing else moves them until it ends; returns
   * them as they are once held. For the training outbox (DeliveryService.writeToOutbox).
   */
  holdUnsent(ids: string[], db: EntityManager): Promise<Contact[]> {
    return ids.length ? this.repository.holdUnsent(ids, db) : Promise.resolve([]);
  }

  /**
   * Contacts held by `db` (holdUnsent) and written to the training outbox: each goes from
   * scheduled or queued through `sending` (at `sendingAt`, the attempt counted) to `delivered`
   * (now), with its own provider message id and timeline detail, in one statement. Returns the
   * ids recorded.
   */
  recordWrittenToOutbox(moves: EachMove[], sendingAt: Date, db: EntityManager): Promise<string[]> {
    return moves.length ? this.repository.deliverHeld(moves, sendingAt, this.clock.now(), 'written to the training outbox', db) : Promise.resolve([]);
  }

  /** A status-less entry in the timeline, e.g. a temporary failure before a retry. */
  async note(id: string, reason: string, detail: Record<string, unknown>, db: EntityManager): Promise<void> {
    const current = await this.repository.statusOf(id, db);
    await db.insert(ContactEvent, { contactId: id, at: this.clock.now(), status: current ?? 'unknown', reason, detail: detail as object });
  }

  /** Whether the contact's timeline has an entry with exactly this reason. */
  hasNote(id: string, reason: string): Promise<boolean> {
    return this.repository.hasNote(id, reason);
  }

  /** Every contact of a case with its whole timeline: the victim's contact log. No bodies. */
  async caseLog(caseId: string) {
    const rows = await this.db.manager.find(Contact, { where: { caseId }, order: { dueAt: 'ASC', createdAt: 'ASC' } });
    const events = await this.repository.timelines(rows.map((r) => r.id));
    return rows.map((c) => ({
      ...summary(c),
      timeline: events.filter((e) => e.contactId === c.id).map((e) => ({ status: e.status, at: e.at, reason: e.reason, detail: e.detail })),
    }));
  }

  /** What is due for an organisation's cases, soonest first. */
  async workList(filters: WorkListFilters) {
    return (await this.repository.workList(filters)).map(summary);
  }

  timeline(contactId: string): Promise<ContactEvent[]> {
    return this.db.manager.find(ContactEvent, { where: { contactId }, order: { at: 'ASC', id: 'ASC' } });
  }
}

function summary(c: Contact) {
  return {
    id: c.id,
    caseId: c.caseId,
    purpose: c.purpose,
    channel: c.channel,
    recipient: c.recipient,
    status: c.status,
    discreet: c.discreet,
    dueAt: c.dueAt,
    attempts: c.attempts,
    providerMessageId: c.providerMessageId,
    failureCode: c.failureCode,
    failureReason: c.failureReason,
    replacesContactId: c.replacesContactId,
  };
}
