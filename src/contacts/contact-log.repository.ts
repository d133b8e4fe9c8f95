import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { entitiesFromRows } from '../database/entity-rows.js';
import { ContactEvent } from './contact-event.entity.js';
import { Contact, type ContactStatus } from './contact.entity.js';

/** One contact's own values in a multi-row status change (see ContactLogRepository.deliverHeld). */
export interface EachMove {
  id: string;
  providerMessageId: string | null;
  detail: Record<string, unknown>;
}

/** What a work list is narrowed by (ContactLogRepository.workList). */
export interface WorkListFilters {
  organisationId: string;
  dueFrom?: Date;
  dueTo?: Date;
  status?: string;
  spocOfficerId?: string;
}

/** The contact log's queries on `contacts` and `contact_events`: status moves, timeline notes, claims. */
@Injectable()
export class ContactLogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The contacts with these ids (any order; missing ids are left out), by primary key. */
  async findMany(ids: string[], db: EntityManager = this.db.manager): Promise<Contact[]> {
    if (ids.length === 0) return [];
    return entitiesFromRows(db, Contact, await db.query('SELECT * FROM contacts WHERE id = ANY($1::uuid[])', [ids]));
  }

  /**
   * The case's contacts on `channel` still scheduled or queued, with one of `purposes`, due by
   * `until`: those that may go together with a message being sent now (MessageMerging).
   */
  async waitingOn(caseId: string, channel: string, purposes: string[], until: Date, db: EntityManager = this.db.manager): Promise<Contact[]> {
    const rows = await db.query(
      `SELECT * FROM contacts WHERE case_id = $1 AND channel = $2 AND status IN ('scheduled', 'queued') AND purpose = ANY($3) AND due_at <= $4`,
      [caseId, channel, purposes, until],
    );
    return entitiesFromRows(db, Contact, rows);
  }

  /** Every timeline entry of these contacts, oldest first (ties in insertion order). */
  async timelines(contactIds: string[], db: EntityManager = this.db.manager): Promise<ContactEvent[]> {
    if (contactIds.length === 0) return [];
    return entitiesFromRows(db, ContactEvent, await db.query('SELECT * FROM contact_events WHERE contact_id = ANY($1::uuid[]) ORDER BY at, id', [contactIds]));
  }

  /**
   * Up to 1,000 contacts of the organisation's cases (those it leads), soonest due first, narrowed
   * by due time (`dueFrom` inclusive, `dueTo` exclusive), status and the case's SPOC.
   */
  async workList(filters: WorkListFilters, db: EntityManager = this.db.manager): Promise<Contact[]> {
    const params: unknown[] = [filters.organisationId];
    const where = ['c.lead_organisation_id = $1'];
    if (filters.dueFrom) where.push(`k.due_at >= $${params.push(filters.dueFrom)}`);
    if (filters.dueTo) where.push(`k.due_at < $${params.push(filters.dueTo)}`);
    if (filters.status) where.push(`k.status = $${params.push(filters.status)}`);
    if (filters.spocOfficerId) where.push(`c.spoc_officer_id = $${params.push(filters.spocOfficerId)}`);
    const rows = await db.query(`SELECT k.* FROM contacts k JOIN cases c ON c.id = k.case_id WHERE ${where.join(' AND ')} ORDER BY k.due_at LIMIT 1000`, params);
    return entitiesFromRows(db, Contact, rows);
  }

  /** Scheduled contacts due before `dueBefore`: how many (int), and the oldest due time. */
  async unclaimedBacklog(dueBefore: Date, db: EntityManager = this.db.manager): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await db.query(
      `SELECT count(*)::int AS count, min(due_at) AS oldest FROM contacts WHERE status = 'scheduled' AND due_at < $1`,
      [dueBefore],
    );
    return row;
  }

  /**
   * Moves `ids` to `status` at `at` from any of `from`, with the extra `SET` clauses `sets` (their
   * parameters numbered from $7 in `params`), and writes each one's timeline entry with `reason`
   * and `detail`, in one statement; returns the ids that moved.
   */
  async move(
    ids: string[], status: ContactStatus, at: Date, from: ContactStatus[], reason: string | null, detail: Record<string, unknown>,
    sets: string[], params: unknown[], db: EntityManager,
  ): Promise<string[]> {
    const moved: { id: string }[] = await db.query(
      `WITH moved AS (UPDATE contacts SET ${['status = $2', 'updated_at = $3', ...sets].join(', ')} WHERE id = ANY($1::uuid[]) AND status = ANY($4) RETURNING id),
            logged AS (INSERT INTO contact_events (contact_id, at, status, reason, detail)
                       SELECT id, $3, $2, $5, $6 FROM moved)
       SELECT id FROM moved`,
      [ids, status, at, from, reason, detail, ...params],
    );
    return moved.map((row) => row.id);
  }

  /**
   * Locks, until the end of the transaction `db`, those of `ids` still scheduled or queued, and
   * returns them as they are once locked. A row another transaction holds is waited for and then
   * read again (so one it moved on is left out); rows are locked in id order, as every batch
   * locks them, so two batches cannot deadlock. `FOR NO KEY UPDATE`: a timeline entry being
   * added for the contact elsewhere (a foreign-key lock) does not hold it up. Found by primary
   * key; the status test is kept off the status index (`IS TRUE`), which the planner otherwise
   * reads whole.
   */
  async holdUnsent(ids: string[], db: EntityManager): Promise<Contact[]> {
    const rows = await db.query(
      `SELECT * FROM contacts WHERE id = ANY($1::uuid[]) AND (status IN ('scheduled', 'queued')) IS TRUE ORDER BY id FOR NO KEY UPDATE`,
      [ids],
    );
    return entitiesFromRows(db, Contact, rows);
  }

  /**
   * Moves contacts still scheduled or queued (held by `db`) to `delivered` at `at`, each with its
   * own provider message id and timeline detail, the attempt counted, and writes two timeline
   * entries each: `sending` at `sendingAt` and `delivered` at `at` with `reason`; one statement.
   * Returns the ids that moved. By primary key, the status test off the status index (as above).
   */
  async deliverHeld(rows: EachMove[], sendingAt: Date, at: Date, reason: string, db: EntityManager): Promise<string[]> {
    const moved: { id: string }[] = await db.query(
      `WITH given AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS g(id, provider_message_id, detail)),
            moved AS (UPDATE contacts c SET status = 'delivered', updated_at = $5, provider_message_id = COALESCE(given.provider_message_id, c.provider_message_id),
                             attempts = c.attempts + 1, first_attempt_at = COALESCE(c.first_attempt_at, $4)
                        FROM given WHERE c.id = given.id AND c.id = ANY($1::uuid[]) AND (c.status IN ('scheduled', 'queued')) IS TRUE RETURNING c.id, given.detail),
            logged AS (INSERT INTO contact_events (contact_id, at, status, reason, detail)
                       SELECT id, $4, 'sending', NULL, '{}'::jsonb FROM moved
                       UNION ALL
                       SELECT id, $5, 'delivered', $6, detail FROM moved)
       SELECT id FROM moved`,
      [rows.map((r) => r.id), rows.map((r) => r.providerMessageId), rows.map((r) => JSON.stringify(r.detail)), sendingAt, at, reason],
    );
    return moved.map((row) => row.id);
  }

  /** The contact's current status, or undefined when there is no such contact. */
  async statusOf(id: string, db: EntityManager = this.db.manager): Promise<ContactStatus | undefined> {
    const [current] = await db.query('SELECT status FROM contacts WHERE id = $1', [id]);
    return current?.status;
  }

  /** Whether the contact's timeline has an entry with exactly this reason. */
  async hasNote(id: string, reason: string, db: EntityManager = this.db.manager): Promise<boolean> {
    const [row] = await db.query('SELECT 1 FROM contact_events WHERE contact_id = $1 AND reason = $2 LIMIT 1', [id, reason]);
    return Boolean(row);
  }

  /**
   * Up to `limit` due contacts (scheduled, due by `now`) become `queued` at `now` with their timeline
   * entry, skipping rows another instance holds; returns their ids.
   */
  claimDue(now: Date, limit: number, db: EntityManager): Promise<{ id: string }[]> {
    return db.query(
      `WITH due AS (
         SELECT id FROM contacts WHERE status = 'scheduled' AND due_at <= $1
          ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       , queued AS (UPDATE contacts c SET status = 'queued', updated_at = $1 FROM due WHERE c.id = due.id RETURNING c.id)
       , logged AS (INSERT INTO contact_events (contact_id, at, status) SELECT id, $1, 'queued' FROM queued)
       SELECT id FROM queued`,
      [now, limit],
    );
  }
}
