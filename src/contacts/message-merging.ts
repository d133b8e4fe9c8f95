import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Purpose } from '../templates/template-catalogue.js';
import { ContactLog } from './contact-log.js';
import { ContactLogRepository } from './contact-log.repository.js';
import { Contact } from './contact.entity.js';
import type { DeliveryOutcome } from './delivery-outcome.js';

/**
 * Messages due to one victim on one channel within this long of each other go as one text or
 * email: a victim should not get three texts in four seconds (the acknowledgement, the SPOC
 * introduction and the Case Review information on day 0). Ten minutes: longer than the planner
 * ever spaces the day-0 notices, short enough that nothing is noticeably held back.
 */
export const MERGE_WINDOW_MS = 10 * 60_000;

/** The day-0 notices that can go together, led by the acknowledgement, as this one template. */
const DAY_ZERO = ['acknowledgement', 'spoc_introduction', 'case_review_information'];
export const COMBINED_PURPOSE: Purpose = 'acknowledgement_and_introduction';

/** Whether `contact` could lead or join a message that goes together (MessageMerging.gather). */
export function mayGoTogether(contact: Contact): boolean {
  return DAY_ZERO.includes(contact.purpose) && (contact.channel === 'sms' || contact.channel === 'email');
}

export interface MergedMessage {
  purpose: Purpose;
  /** The other contacts that go in the lead's message; each keeps its own row and timeline. */
  mates: Contact[];
}

/**
 * Finds, for a batch being sent, which contacts go together. The contact log stays honest:
 * every merged contact keeps its own row, is moved to `sending` with the lead, and is recorded
 * as sent "together with" the lead, with the lead's provider message id in its timeline.
 */
@Injectable()
export class MessageMerging {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: ContactLog,
    private readonly log: ContactLogRepository,
  ) {}

  /** Leads (by id) with the contacts that go with them; `batch` is already `sending`. */
  async gather(batch: Contact[]): Promise<Map<string, MergedMessage>> {
    const merged = new Map<string, MergedMessage>();
    const taken = new Set<string>();
    for (const lead of batch) {
      if (lead.purpose !== 'acknowledgement' || (lead.channel !== 'sms' && lead.channel !== 'email') || taken.has(lead.id)) continue;
      const close = (k: Contact) => k.caseId === lead.caseId && k.channel === lead.channel && k.id !== lead.id && DAY_ZERO.includes(k.purpose)
        && Math.abs(k.dueAt.getTime() - lead.dueAt.getTime()) <= MERGE_WINDOW_MS && !taken.has(k.id);
      const inBatch = batch.filter(close);
      const waiting = (await this.log.waitingOn(lead.caseId, lead.channel, DAY_ZERO, new Date(lead.dueAt.getTime() + MERGE_WINDOW_MS)))
        .filter((k) => close(k) && !inBatch.some((b) => b.id === k.id));
      // Only the acknowledgement with its introduction has a combined wording.
      if (![...inBatch, ...waiting].some((k) => k.purpose === 'spoc_introduction')) continue;
      // Claimed only from scheduled or queued: a worker already sending one keeps it.
      const claimed = new Set(await this.contacts.transitionMany(waiting.map((k) => k.id), 'sending', {
        reason: `going together with contact ${lead.id}`, from: ['scheduled', 'queued'], countAttempt: true,
      }, this.db.manager));
      const mates = [...inBatch, ...waiting.filter((k) => claimed.has(k.id))];
      if (!mates.some((k) => k.purpose === 'spoc_introduction')) {
        await this.contacts.transitionMany([...claimed], 'scheduled', { reason: 'could not go together; sent on its own', from: ['sending'] }, this.db.manager);
        continue;
      }
      for (const k of [lead, ...mates]) taken.add(k.id);
      merged.set(lead.id, { purpose: COMBINED_PURPOSE, mates });
    }
    return merged;
  }

  /** The lead's data with each mate's (a Case Review notice brings `caseReview`). */
  data(lead: Contact, mates: Contact[]): Record<string, unknown> {
    return Object.assign({}, ...mates.map((k) => this.contacts.data(k)), this.contacts.data(lead));
  }

  /**
   * Records what happened to the lead against each mate: sent with it, or back to wait, or
   * failed with it (and each handed on), in one transaction.
   */
  async settle(lead: Contact, mates: Contact[], outcome: DeliveryOutcome): Promise<void> {
    if (mates.length === 0) return;
    const ids = mates.map((k) => k.id);
    await this.db.transaction(async (db) => {
      const after = await db.findOneBy(Contact, { id: lead.id });
      await this.contacts.note(lead.id, `sent together with ${mates.map((k) => k.purpose.replace(/_/g, ' ')).join(', ')}`, { contactIds: ids }, db);
      if (outcome === 'sent' || outcome === 'delivered') {
        await this.contacts.transitionMany(ids, outcome, {
          reason: `sent together with contact ${lead.id} (${lead.purpose.replace(/_/g, ' ')})`,
          detail: { sentWith: lead.id, providerMessageId: after?.providerMessageId ?? null },
        }, db);
      } else if (outcome === 'failed') {
        for (const id of ids) {
          await this.contacts.transition(id, 'failed', { reason: `sent together with contact ${lead.id}, which failed: ${after?.failureReason ?? ''}`, failureCode: after?.failureCode ?? 'sent_with_failed' }, db);
        }
      } else {
        await this.contacts.transitionMany(ids, 'scheduled', { reason: `waiting to go together with contact ${lead.id}`, dueAt: after?.dueAt ?? lead.dueAt }, db);
      }
    });
  }
}
