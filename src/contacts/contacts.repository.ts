import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ContactAgreement } from '../agreements/contact-agreement.entity.js';
import { entitiesFromRows } from '../database/entity-rows.js';
import type { ContactChannel } from './contact.entity.js';

/** An update due soon with no words yet, and who to remind (the row is locked). */
export interface UpdateToRemind {
  id: string;
  case_id: string;
  spoc_officer_id: string | null;
  due_at: Date;
}

/** The contact plan's queries: which cases to plan, what is waiting, when updates went, failover chains. */
@Injectable()
export class ContactsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Up to `limit` open cases with an agreement and no plan or problem yet, oldest first, locked
   * (skipping those another instance holds) until the end of the transaction `db`.
   */
  claimCasesToPlan(limit: number, db: EntityManager): Promise<{ id: string }[]> {
    return db.query(
      `SELECT id FROM cases c WHERE contact_planned_at IS NULL AND contact_problem_at IS NULL AND status = 'open'
          AND EXISTS (SELECT 1 FROM contact_agreements a WHERE a.case_id = c.id)
        ORDER BY created_at LIMIT $1 FOR UPDATE OF c SKIP LOCKED`,
      [limit],
    );
  }

  /** The contact agreements of these cases (cases without one are left out). */
  async agreementsOf(caseIds: string[], db: EntityManager = this.db.manager): Promise<ContactAgreement[]> {
    if (caseIds.length === 0) return [];
    return entitiesFromRows(db, ContactAgreement, await db.query('SELECT * FROM contact_agreements WHERE case_id = ANY($1::uuid[])', [caseIds]));
  }

  /** The case's SPOC (officer id or null) and status; undefined when there is no such case. */
  async caseSpoc(caseId: string, db: EntityManager = this.db.manager): Promise<{ spoc_officer_id: string | null; status: string } | undefined> {
    const [c] = await db.query('SELECT spoc_officer_id, status FROM cases WHERE id = $1', [caseId]);
    return c;
  }

  /**
   * Scheduled updates without words, not yet reminded, due by `threshold`, soonest first, at
   * most `limit`; locked (skipping those another instance holds) until the end of `db`.
   */
  updatesToRemind(threshold: Date, limit: number, db: EntityManager): Promise<UpdateToRemind[]> {
    return db.query(
      `SELECT k.id, k.case_id, c.spoc_officer_id, k.due_at FROM contacts k JOIN cases c ON c.id = k.case_id
        WHERE k.purpose = 'update' AND k.status = 'scheduled' AND k.data_enc IS NULL AND k.reminded_at IS NULL AND k.due_at <= $1
        ORDER BY k.due_at LIMIT $2 FOR UPDATE OF k SKIP LOCKED`,
      [threshold, limit],
    );
  }

  /** Ids of the case's messages to the victim still scheduled or queued whose purpose is none of `purposes` (a Witness Service referral still goes). */
  unsentExcept(caseId: string, purposes: string[], db: EntityManager = this.db.manager): Promise<{ id: string }[]> {
    return db.query(
      `SELECT id FROM contacts WHERE case_id = $1 AND status IN ('scheduled', 'queued') AND purpose <> ALL($2) AND recipient = 'victim'`,
      [caseId, purposes],
    );
  }

  /** Ids of the case's contacts still scheduled or queued whose purpose is one of `purposes`. */
  unsentOf(caseId: string, purposes: string[], db: EntityManager = this.db.manager): Promise<{ id: string }[]> {
    return db.query(
      `SELECT id FROM contacts WHERE case_id = $1 AND status IN ('scheduled', 'queued') AND purpose = ANY($2)`,
      [caseId, purposes],
    );
  }

  /**
   * When the victim last had an update (sent or delivered), or the due time of one with words
   * still to go, whichever is latest; null when neither.
   */
  async lastUpdateAt(caseId: string, db: EntityManager = this.db.manager): Promise<Date | null> {
    const [row] = await db.query(
      `SELECT max(at) AS at FROM (
         SELECT e.at FROM contact_events e JOIN contacts k ON k.id = e.contact_id
          WHERE k.case_id = $1 AND k.purpose IN ('update', 'holding_update') AND e.status IN ('sent', 'delivered')
         UNION ALL
         SELECT due_at FROM contacts
          WHERE case_id = $1 AND purpose = 'update' AND data_enc IS NOT NULL AND status IN ('scheduled', 'queued', 'sending', 'awaiting_print', 'awaiting_officer')) updates`,
      [caseId],
    );
    return row?.at ?? null;
  }

  /**
   * Around an update without words that fell due at `dueAt`: whether an update the officer wrote
   * is on its way or sent since (`writtenSince`), and when the next update without words, other
   * than `contactId`, is planned (`nextScheduledAt`, null: none).
   */
  async updatesAround(caseId: string, contactId: string, dueAt: Date, db: EntityManager): Promise<{ writtenSince: boolean; nextScheduledAt: Date | null }> {
    const [row] = await db.query(
      `SELECT EXISTS (SELECT 1 FROM contacts WHERE case_id = $1 AND id <> $2 AND purpose = 'update' AND data_enc IS NOT NULL AND due_at >= $3
                        AND status IN ('scheduled', 'queued', 'sending', 'awaiting_print', 'awaiting_officer', 'sent', 'delivered')) AS written_since,
              (SELECT min(due_at) FROM contacts WHERE case_id = $1 AND id <> $2 AND purpose = 'update' AND data_enc IS NULL AND status = 'scheduled') AS next_scheduled_at`,
      [caseId, contactId, dueAt],
    );
    return { writtenSince: row.written_since, nextScheduledAt: row.next_scheduled_at };
  }

  /** The id of the case's soonest scheduled update still waiting for the officer's words, locked until the end of `db`. */
  async lockPendingUpdate(caseId: string, db: EntityManager): Promise<string | undefined> {
    const [pending] = await db.query(
      `SELECT id FROM contacts WHERE case_id = $1 AND purpose = 'update' AND status = 'scheduled' AND data_enc IS NULL
        ORDER BY due_at LIMIT 1 FOR UPDATE`,
      [caseId],
    );
    return pending?.id;
  }

  /** The channels of the contact and of every contact it replaced, following the chain back. */
  async channelChain(contactId: string, db: EntityManager = this.db.manager): Promise<ContactChannel[]> {
    const rows: { channel: ContactChannel }[] = await db.query(
      `WITH RECURSIVE chain AS (
         SELECT id, channel, replaces_contact_id FROM contacts WHERE id = $1
         UNION ALL
         SELECT k.id, k.channel, k.replaces_contact_id FROM contacts k JOIN chain ON k.id = chain.replaces_contact_id)
       SELECT channel FROM chain`,
      [contactId],
    );
    return rows.map((r) => r.channel);
  }
}
