import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CasesService } from '../cases/cases.service.js';
import { DeliveryError } from '../channels/channel.js';
import { RETRY_FOR_MS, retryDelayMs } from '../agreements/contact-timing.js';
import { ClockService } from '../clock/clock.service.js';
import type { Purpose } from '../templates/template-catalogue.js';
import type { Contact } from './contact.entity.js';
import { ContactLog } from './contact-log.js';
import { ContactSender } from './contact-sender.js';
import { MessageMerging, mayGoTogether } from './message-merging.js';
import { DeliveryReports } from './delivery-reports.js';
import { renderData } from '../templates/render-data.js';
import type { ContactCard } from './render-data.js';
import { AcceptanceNotRecorded, asDeliveryError } from './delivery-errors.js';
import type { EachMove } from './contact-log.repository.js';
import type { DeliveryOutcome } from './delivery-outcome.js';

const UNKNOWN_OUTCOME = 'interrupted while sending; the outcome is unknown, sending once more';

/** A batch's render data: the case's part built once per case, the contact's (and its mates') own on top. */
type DataFor = (contact: Contact, mates?: Contact[]) => Record<string, unknown>;

/**
 * Sends contacts (ContactSender renders each and hands it to its channel) and records what
 * happened in the contact log; never throws for a provider's refusal (a temporary one leaves the
 * contact waiting for a retry, a permanent one fails it and hands it on).
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  /**
   * How long (ms) a batch may go on starting sends to live providers. pg-boss fails a job that
   * runs past its expireInSeconds (120, Dispatcher) and gives it to another worker, which would
   * take the contacts still waiting in `sending` for a crash and send them too; so once this
   * has passed, the contacts not started go back for the next claim. At least one is always sent.
   */
  sendBudgetMs = 60_000;
  private wrappingUp = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: ContactLog,
    private readonly reports: DeliveryReports,
    private readonly cases: CasesService,
    private readonly clock: ClockService,
    private readonly merging: MessageMerging,
    private readonly sender: ContactSender,
  ) {}

  async deliver(contactOrId: string | Contact): Promise<DeliveryOutcome> {
    const contact = typeof contactOrId === 'string' ? await this.contacts.find(contactOrId) : contactOrId;
    if (!contact) return 'skipped';
    const [outcome] = await this.deliverBatch([contact]);
    return outcome;
  }

  /** Stopping (Dispatcher.stop): batches under way finish the send in flight and hand back the rest. */
  wrapUp(): void {
    this.wrappingUp = true;
  }

  /** Starting (again): batches send everything they claim, within the budget. */
  resume(): void {
    this.wrappingUp = false;
  }

  /**
   * Several contacts with a few round trips between them. To a live provider: one statement
   * marks them all `sending`, then each is sent and its outcome recorded at once, so a crash
   * leaves one in flight with an unknown outcome (sent once more, never twice more) and the rest
   * not yet started (each sent once on the retry); what has not started within sendBudgetMs, or
   * when the instance stops, is handed back for the next claim. To the training outbox, where
   * sending again only rewrites the contact's own file: see writeToOutbox. Each failure is
   * recorded against its own contact; an outcome the database would not take is thrown once the
   * rest of the batch has gone, so the job is retried.
   */
  async deliverBatch(batch: Contact[]): Promise<DeliveryOutcome[]> {
    const outcomes = new Map<string, DeliveryOutcome>();
    const ready: Contact[] = [];
    for (const contact of batch) {
      if (!['scheduled', 'queued', 'sending'].includes(contact.status)) outcomes.set(contact.id, 'skipped');
      else if (contact.status === 'sending' && !(await this.mayRepeatUnknownOutcome(contact))) outcomes.set(contact.id, 'skipped');
      else ready.push(contact);
    }
    const cards = await this.cases.contactCards([...new Set(ready.map((c) => c.caseId))]);
    const dataFor = this.dataFor(cards);
    // Messages that go on their own to the training outbox; the rest one by one.
    const quiet = new Set(ready.filter((c) => c.status !== 'sending' && this.sender.transportOf(c) === 'outbox' && this.sender.rendersFromCard(c) && !mayGoTogether(c)));
    let unrecorded = await this.writeToOutbox([...quiet], cards, dataFor, outcomes);
    const rest = ready.filter((c) => !quiet.has(c));
    // Fresh contacts are claimed only from scheduled or queued (another worker may have taken one
    // to send with its own message); one found `sending` is a crash being recovered.
    const fresh = rest.filter((c) => c.status !== 'sending').map((c) => c.id);
    const recovering = rest.filter((c) => c.status === 'sending').map((c) => c.id);
    const moved = new Set([
      ...(await this.contacts.transitionMany(fresh, 'sending', { countAttempt: true, from: ['scheduled', 'queued'] }, this.db.manager)),
      ...(await this.contacts.transitionMany(recovering, 'sending', { countAttempt: true }, this.db.manager)),
    ]);
    const merged = await this.merging.gather(rest.filter((c) => moved.has(c.id)));
    const goingWithOthers = new Set([...merged.values()].flatMap((m) => m.mates.map((k) => k.id)));
    const budgetEnds = Date.now() + this.sendBudgetMs;
    const handBack: string[] = [];
    let started = 0;
    for (const contact of rest) {
      if (!moved.has(contact.id) || goingWithOthers.has(contact.id)) {
        outcomes.set(contact.id, 'skipped');
        continue;
      }
      const together = merged.get(contact.id);
      if (started > 0 && (Date.now() >= budgetEnds || this.wrappingUp)) {
        handBack.push(contact.id, ...(together?.mates.map((k) => k.id) ?? []));
        continue;
      }
      started++;
      let outcome: DeliveryOutcome;
      try {
        outcome = await this.sendOne(contact, cards.get(contact.caseId)!, dataFor(contact, together?.mates), together?.purpose);
      } catch (error) {
        if (error instanceof AcceptanceNotRecorded) {
          // It went: no retry schedule. It stays `sending`, and the job's retry treats it as an
          // interrupted send (once more, never twice more).
          this.logger.error({ err: error.reason, contactId: contact.id }, 'Could not record an accepted contact; it stays sending for the retry');
          unrecorded ??= error.reason;
          continue;
        }
        try {
          outcome = await this.recordFailure(contact, error);
        } catch (recordError) {
          this.logger.error({ err: recordError, contactId: contact.id }, 'Could not record a failed contact; it stays sending for the retry');
          unrecorded ??= recordError;
          continue;
        }
      }
      outcomes.set(contact.id, outcome);
      if (together) {
        await this.merging.settle(contact, together.mates, outcome);
        for (const mate of together.mates) outcomes.set(mate.id, outcome);
      }
    }
    const notHandedBack = await this.handBack(handBack, outcomes);
    unrecorded ??= notHandedBack;
    if (unrecorded) throw unrecorded;
    return batch.map((c) => outcomes.get(c.id) ?? 'skipped');
  }

  /**
   * The training outbox. Sending again only rewrites a contact's own file, so the contacts are
   * not marked `sending` first: one transaction holds their rows (so no other worker, merge,
   * closure or STOP can move them meanwhile; one another holds is waited for), writes their
   * files, then records each one's `sending` and `delivered` in one statement. A crash rolls
   * the records back and the job's retry writes the files again. Those that could not go are
   * recorded after the commit, each on its own. Returns an error that could not be recorded.
   */
  private async writeToOutbox(batch: Contact[], cards: Map<string, ContactCard>, dataFor: DataFor, outcomes: Map<string, DeliveryOutcome>): Promise<unknown> {
    if (batch.length === 0) return undefined;
    const failures: [Contact, unknown][] = [];
    try {
      await this.db.transaction(async (db) => {
        const sendingAt = this.clock.now();
        // As they are once held: a change committed since the batch was loaded (discreet, say) counts.
        const held = await this.contacts.holdUnsent(batch.map((c) => c.id), db);
        const written: EachMove[] = [];
        for (const contact of held) {
          try {
            const handover = await this.sender.send(contact, cards.get(contact.caseId)!, dataFor(contact));
            if (handover.kind !== 'accepted') throw new Error(`A ${contact.channel} contact cannot go to the training outbox`);
            written.push({ id: contact.id, providerMessageId: handover.providerMessageId, detail: { transport: 'outbox', ...handover.detail } });
          } catch (error) {
            failures.push([contact, error]);
          }
        }
        for (const id of await this.contacts.recordWrittenToOutbox(written, sendingAt, db)) outcomes.set(id, 'delivered');
      });
    } catch (error) {
      this.logger.error({ err: error, contacts: batch.length }, 'Could not record contacts written to the outbox; they stay queued for the retry');
      return error;
    }
    let unrecorded: unknown;
    for (const [contact, error] of failures) {
      try {
        // The attempt is counted (retries back off from it), then the failure recorded as for any channel.
        const [moved] = await this.contacts.transitionMany([contact.id], 'sending', { countAttempt: true, from: ['scheduled', 'queued'] }, this.db.manager);
        if (moved) outcomes.set(contact.id, await this.recordFailure(contact, error));
      } catch (recordError) {
        this.logger.error({ err: recordError, contactId: contact.id }, 'Could not record a failed contact; it goes again on the retry');
        unrecorded ??= recordError;
      }
    }
    return unrecorded;
  }

  /**
   * Contacts claimed (`sending`) but not started when the batch ran out of time, or when this
   * instance is stopping, go back to `scheduled` (already due, so the next claim takes them),
   * their claim's attempt taken back; their outcome is `retry`. Returns an error that could not
   * be recorded (they then stay `sending`, and the job's retry sends them).
   */
  private async handBack(ids: string[], outcomes: Map<string, DeliveryOutcome>): Promise<unknown> {
    if (ids.length === 0) return undefined;
    try {
      const back = await this.contacts.transitionMany(ids, 'scheduled', {
        reason: 'not started before the batch ran out of time; it goes in the next', uncountAttempt: true, from: ['sending'],
      }, this.db.manager);
      for (const id of back) outcomes.set(id, 'retry');
      this.logger.warn({ contacts: back.length }, 'A dispatch batch ran out of time; contacts not started go in the next');
      return undefined;
    } catch (error) {
      return error;
    }
  }

  /** Hands one contact (already `sending`) to its channel and records the provider's acceptance. */
  private async sendOne(contact: Contact, card: ContactCard, data: Record<string, unknown>, combined?: Purpose): Promise<DeliveryOutcome> {
    const handover = await this.sender.send(contact, card, data, combined);
    if (handover.kind === 'handed') return handover.outcome;
    try {
      return await this.recordAcceptance(contact, handover.providerMessageId, handover.detail);
    } catch (error) {
      throw new AcceptanceNotRecorded(error);
    }
  }

  /** The case's part of the render data is the same for each of its contacts: built once, when first needed (so a case that cannot be rendered fails only its own contacts). */
  private dataFor(cards: Map<string, ContactCard>): DataFor {
    const caseData = new Map<string, Record<string, unknown>>();
    return (contact, mates) => {
      let caseOnly = caseData.get(contact.caseId);
      if (!caseOnly) caseData.set(contact.caseId, (caseOnly = renderData(cards.get(contact.caseId)!, {})));
      return { ...caseOnly, ...(mates ? this.merging.data(contact, mates) : this.contacts.data(contact)) };
    };
  }

  /**
   * A contact found still `sending` was interrupted between the provider call and the record
   * (a crash): it may or may not have gone. It is sent once more, never twice more. A letter
   * or a call found `sending` never reached the print run or an officer (handing it over and
   * leaving `sending` are one transaction), so it simply goes again.
   */
  private async mayRepeatUnknownOutcome(contact: Contact): Promise<boolean> {
    if (contact.channel === 'letter' || contact.channel === 'phone' || contact.channel === 'in_person') return true;
    if (await this.contacts.hasNote(contact.id, UNKNOWN_OUTCOME)) {
      await this.db.transaction((db) =>
        this.contacts.transition(contact.id, 'failed', { reason: 'interrupted twice while sending; the outcome is unknown', failureCode: 'outcome_unknown' }, db));
      return false;
    }
    await this.contacts.note(contact.id, UNKNOWN_OUTCOME, {}, this.db.manager);
    return true;
  }

  private async recordAcceptance(contact: Contact, providerMessageId: string, detail: Record<string, unknown>): Promise<DeliveryOutcome> {
    const sent = { providerMessageId, detail: { transport: this.sender.transportOf(contact), ...detail } };
    // The training outbox is the end of the line: nothing will call back to say it arrived.
    if (this.sender.transportOf(contact) === 'outbox') {
      await this.contacts.transition(contact.id, 'delivered', { ...sent, reason: 'written to the training outbox' }, this.db.manager);
      return 'delivered';
    }
    // A delivery report that beat the provider's answer is applied in the same transaction.
    await this.reports.recordAccepted(contact, sent);
    return 'sent';
  }

  /**
   * A temporary failure waits for a retry; a permanent one fails the contact and hands it on
   * (failover: the next agreed channel, or a task) in the same transaction, so a fault in the
   * hand-on leaves the contact `sending` for the job's retry rather than failed and forgotten.
   */
  private async recordFailure(contact: Contact, error: unknown): Promise<DeliveryOutcome> {
    let failure = asDeliveryError(error);
    const now = this.clock.now();
    const firstAttempt = contact.firstAttemptAt ?? now;
    if (failure.kind === 'temporary' && now.getTime() - firstAttempt.getTime() >= RETRY_FOR_MS) {
      failure = new DeliveryError('permanent', failure.code, `Still failing after 24 hours: ${failure.message}`);
    }
    if (failure.kind === 'temporary') {
      const retryAt = new Date(now.getTime() + retryDelayMs(contact.attempts + 1));
      await this.contacts.transition(contact.id, 'scheduled', { reason: failure.message, dueAt: retryAt, detail: { code: failure.code, retryAt } }, this.db.manager);
      return 'retry';
    }
    this.logger.warn({ contactId: contact.id, code: failure.code }, 'Contact failed');
    await this.db.transaction((db) => this.contacts.transition(contact.id, 'failed', { reason: failure.message, failureCode: failure.code }, db));
    return 'failed';
  }
}
