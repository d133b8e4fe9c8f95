import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ident, type ChildTable } from './personal-data-columns.js';

/** Numbers and addresses that providers quote in the error messages kept as failure reasons. */
const PHONE_IN_TEXT = '\\+?[0-9][0-9 ()-]{6,}[0-9]';
const EMAIL_IN_TEXT = '[^[:space:]<>()"@]+@[^[:space:]<>()"@]+';

/**
 * The anonymiser's and the retention job's queries. Writes to tables of slices with no repository
 * of their own reachable from here (contacts, contact_events, letters_for_print, surveys,
 * inbound_messages) and the schema-driven clearing of every case's or victim's sealed columns
 * live here; writes to `cases`, `case_events`, `victims` go through CaseErasureRepository and to
 * `officer_tasks` through TasksRepository.
 */
@Injectable()
export class AnonymisationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Sets `columns` of `table` to NULL on rows whose `key` is one of `ids` and that hold any of
   * them; returns how many rows held something.
   */
  async clearSealed(table: string, columns: string[], key: 'case_id' | 'victim_id', ids: string[], db: EntityManager): Promise<number> {
    return this.clear(table, columns, `${key} = ANY($1::uuid[])`, [ids], db);
  }

  /**
   * Sets `child.sealed` to NULL on child rows below parent rows whose `parentKey` is one of `ids`;
   * returns how many rows held something.
   */
  async clearSealedChildren(child: ChildTable, parentKey: string, ids: string[], db: EntityManager): Promise<number> {
    return this.clear(
      child.table,
      child.sealed,
      `${ident(child.column)} IN (SELECT ${ident(child.parentColumn)} FROM ${ident(child.parent)} WHERE ${parentKey} = ANY($1::uuid[]))`,
      [ids],
      db,
    );
  }

  private async clear(table: string, columns: string[], where: string, params: unknown[], db: EntityManager): Promise<number> {
    if (columns.length === 0) return 0;
    const sets = columns.map((c) => `${ident(c)} = NULL`).join(', ');
    const held = columns.map((c) => `${ident(c)} IS NOT NULL`).join(' OR ');
    const [{ n }] = await db.query(
      `WITH cleared AS (UPDATE ${ident(table)} SET ${sets} WHERE (${where}) AND (${held}) RETURNING 1) SELECT count(*)::int AS n FROM cleared`,
      params,
    );
    return n;
  }

  /**
   * Withdraws the cases' unprinted letters and cancels every contact still to go (scheduled,
   * queued, awaiting an officer, or a withdrawn letter) at `now`, each with a timeline entry.
   */
  async stopContacts(caseIds: string[], now: Date, db: EntityManager): Promise<void> {
    await db.query(
      `WITH unprinted AS (
         DELETE FROM letters_for_print l USING contacts k
          WHERE k.id = l.contact_id AND k.case_id = ANY($1::uuid[]) AND l.print_batch_id IS NULL RETURNING l.contact_id)
       , stopped AS (
         UPDATE contacts SET status = 'cancelled', updated_at = $2
          WHERE case_id = ANY($1::uuid[]) AND (status IN ('scheduled', 'queued', 'awaiting_officer') OR id IN (SELECT contact_id FROM unprinted))
          RETURNING id)
       INSERT INTO contact_events (contact_id, at, status, reason) SELECT id, $2, 'cancelled', 'personal data removed' FROM stopped`,
      [caseIds, now],
    );
  }

  /** Closes the cases' unanswered survey links at `now` (or earlier, if they expire sooner). */
  async expireSurveys(caseIds: string[], now: Date, db: EntityManager): Promise<void> {
    await db.query(`UPDATE surveys SET expires_at = LEAST(expires_at, $2) WHERE case_id = ANY($1::uuid[]) AND answered_at IS NULL`, [caseIds, now]);
  }

  /** Ids of the victims of these cases (and their incidents) who have no other case still holding their data. */
  async victimsOnlyOn(caseIds: string[], db: EntityManager = this.db.manager): Promise<string[]> {
    return (
      await db.query(
        `SELECT v.id FROM victims v
          WHERE v.id IN (SELECT victim_id FROM cases WHERE id = ANY($1::uuid[])
                         UNION SELECT victim_id FROM incidents WHERE case_id = ANY($1::uuid[]))
            AND NOT EXISTS (SELECT 1 FROM cases o WHERE o.victim_id = v.id AND o.anonymised_at IS NULL AND NOT (o.id = ANY($1::uuid[])))`,
        [caseIds],
      )
    ).map((row: { id: string }) => row.id);
  }

  /** Removes the sender's matching hash from the cases' inbound texts. */
  async clearInboundSenders(caseIds: string[], db: EntityManager): Promise<void> {
    await db.query(`UPDATE inbound_messages SET from_hash = NULL WHERE case_id = ANY($1::uuid[])`, [caseIds]);
  }

  /** Failure reasons of the cases' contacts and timeline entries, with numbers and addresses replaced by words. */
  async redactFailureReasons(caseIds: string[], db: EntityManager): Promise<void> {
    const redact = (column: string) =>
      `regexp_replace(regexp_replace(${column}, '${EMAIL_IN_TEXT}', '[address removed]', 'g'), '${PHONE_IN_TEXT}', '[number removed]', 'g')`;
    await db.query(
      `UPDATE contacts SET failure_reason = ${redact('failure_reason')} WHERE case_id = ANY($1::uuid[]) AND failure_reason IS NOT NULL`,
      [caseIds],
    );
    await db.query(
      `UPDATE contact_events e SET reason = ${redact('e.reason')}
         FROM contacts k WHERE k.id = e.contact_id AND k.case_id = ANY($1::uuid[]) AND e.reason IS NOT NULL`,
      [caseIds],
    );
  }

  /** Ids of every contact and Witness Service referral of the cases (the training outbox names its copies by them). */
  async contactAndReferralIds(caseIds: string[], db: EntityManager = this.db.manager): Promise<string[]> {
    const contacts: { id: string }[] = await db.query(
      `SELECT id FROM contacts WHERE case_id = ANY($1::uuid[]) UNION ALL SELECT id FROM witness_service_referrals WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    return contacts.map((c) => c.id);
  }

  /**
   * Clears the data of the cases' contacts in `statuses` last touched on or before `sentBefore`,
   * and their printed letters' content; returns each such contact, with whether it held words.
   */
  async removeContactBodies(
    caseIds: string[], sentBefore: Date, statuses: string[], db: EntityManager,
  ): Promise<{ id: string; case_id: string; had_body: boolean }[]> {
    return db.query(
      `WITH old AS (
         SELECT k.id, k.case_id FROM contacts k
          WHERE k.case_id = ANY($1::uuid[]) AND k.status = ANY($3)
            AND GREATEST(k.due_at, (SELECT max(e.at) FROM contact_events e WHERE e.contact_id = k.id)) <= $2)
       , words AS (UPDATE contacts k SET data_enc = NULL FROM old WHERE k.id = old.id AND k.data_enc IS NOT NULL RETURNING k.id)
       , letters AS (
         UPDATE letters_for_print l SET content_enc = NULL FROM old
          WHERE l.contact_id = old.id AND l.content_enc IS NOT NULL AND l.print_batch_id IS NOT NULL RETURNING l.contact_id)
       SELECT old.id, old.case_id,
              (old.id IN (SELECT id FROM words) OR old.id IN (SELECT contact_id FROM letters)) AS had_body
         FROM old`,
      [caseIds, sentBefore, statuses],
    );
  }

  /** Clears the words of the cases' inbound texts received on or before `sentBefore`; returns the count by case. */
  async removeInboundBodies(caseIds: string[], sentBefore: Date, db: EntityManager): Promise<{ case_id: string; n: number }[]> {
    return db.query(
      `WITH cleared AS (
         UPDATE inbound_messages SET body_enc = NULL
          WHERE case_id = ANY($1::uuid[]) AND received_at <= $2 AND body_enc IS NOT NULL RETURNING case_id)
       SELECT case_id, count(*)::int AS n FROM cleared GROUP BY case_id`,
      [caseIds, sentBefore],
    );
  }

  /** Locks up to `limit` closed cases not yet anonymised, closed on or before `closedBefore`, skipping `seen` and cases locked elsewhere. */
  claimForAnonymisation(closedBefore: Date, seen: string[], limit: number, db: EntityManager): Promise<string[]> {
    return this.claim(db, `status = 'closed' AND anonymised_at IS NULL AND closed_at <= $1`, [closedBefore], seen, limit);
  }

  /**
   * Locks up to `limit` closed cases with message bodies still held, closed on or before
   * `sentBefore` or holding a message from on or before it, skipping `seen` and cases locked elsewhere.
   */
  claimForBodyRemoval(sentBefore: Date, seen: string[], limit: number, db: EntityManager): Promise<string[]> {
    // Closed long enough that nothing can be left, or holding a message old enough to go.
    return this.claim(
      db,
      `status = 'closed' AND anonymised_at IS NULL AND bodies_removed_at IS NULL AND closed_at IS NOT NULL
       AND (closed_at <= $1
            OR EXISTS (SELECT 1 FROM contacts k WHERE k.case_id = cases.id AND k.data_enc IS NOT NULL AND k.due_at <= $1)
            OR EXISTS (SELECT 1 FROM inbound_messages m WHERE m.case_id = cases.id AND m.body_enc IS NOT NULL AND m.received_at <= $1))`,
      [sentBefore],
      seen,
      limit,
    );
  }

  private async claim(db: EntityManager, where: string, params: unknown[], seen: string[], limit: number): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM cases WHERE ${where} AND NOT (id = ANY($${params.length + 1}::uuid[]))
        ORDER BY closed_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      [...params, seen],
    );
    return rows.map((r) => r.id);
  }
}
