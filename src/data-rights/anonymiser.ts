import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ident, personalDataMap, type PersonalDataMap } from './personal-data-columns.js';

export type AnonymisationCause = 'retention' | 'erasure';

/** Contact statuses after which nothing more will be sent. */
const FINISHED = ['sent', 'delivered', 'failed', 'cancelled'];

/** Numbers and addresses that providers quote in the error messages kept as failure reasons. */
const PHONE_IN_TEXT = '\\+?[0-9][0-9 ()-]{6,}[0-9]';
const EMAIL_IN_TEXT = '[^[:space:]<>()"@]+@[^[:space:]<>()"@]+';

export interface Anonymised {
  /** `table.column` names that held personal data (never the values): for the audit log. */
  fields: string[];
  /** Every contact of the cases, and every Witness Service referral: their training-outbox copies are removed after commit. */
  contactIds: string[];
}

export interface BodiesRemoved {
  /** Message bodies removed, by case. */
  removed: Map<string, number>;
  /** Cases that now hold no message body at all. */
  complete: string[];
  contactIds: string[];
}

/**
 * Removes personal data from cases while keeping them countable: the case row, its risk level,
 * dates, organisation and statuses, survey scores and contact timelines stay; every sealed
 * column of every row belonging to the case (found by the schema's conventions), the victim's
 * details and their matching hashes go. The caller holds the cases locked, in its transaction.
 */
@Injectable()
export class Anonymiser {
  private readonly logger = new Logger(Anonymiser.name);
  private readonly warned = new Set<string>();

  async anonymise(db: EntityManager, caseIds: string[], now: Date, cause: AnonymisationCause, officerId: string | null): Promise<Anonymised> {
    if (caseIds.length === 0) return { fields: [], contactIds: [] };
    const map = await personalDataMap(db);
    this.warnAboutNotNullable(map);
    const fields = new Set<string>();
    const clear = async (table: string, columns: string[], where: string, params: unknown[]) => {
      if (columns.length === 0) return;
      const sets = columns.map((c) => `${ident(c)} = NULL`).join(', ');
      const held = columns.map((c) => `${ident(c)} IS NOT NULL`).join(' OR ');
      const [{ n }] = await db.query(
        `WITH cleared AS (UPDATE ${ident(table)} SET ${sets} WHERE (${where}) AND (${held}) RETURNING 1) SELECT count(*)::int AS n FROM cleared`,
        params,
      );
      if (n > 0) for (const column of columns) fields.add(`${table}.${column}`);
    };

    // Nothing more goes to someone whose details are gone; a letter not yet printed is withdrawn,
    // and a call or visit waiting for an officer goes with its task.
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
    // A survey link still out would let a new comment in: it closes now.
    await db.query(`UPDATE surveys SET expires_at = LEAST(expires_at, $2) WHERE case_id = ANY($1::uuid[]) AND answered_at IS NULL`, [caseIds, now]);
    await db.query(
      `UPDATE officer_tasks SET status = 'cancelled', completed_at = $2 WHERE case_id = ANY($1::uuid[]) AND status = 'open'`,
      [caseIds, now],
    );

    const victimIds: string[] = (
      await db.query(
        `SELECT v.id FROM victims v
          WHERE v.id IN (SELECT victim_id FROM cases WHERE id = ANY($1::uuid[])
                         UNION SELECT victim_id FROM incidents WHERE case_id = ANY($1::uuid[]))
            AND NOT EXISTS (SELECT 1 FROM cases o WHERE o.victim_id = v.id AND o.anonymised_at IS NULL AND NOT (o.id = ANY($1::uuid[])))`,
        [caseIds],
      )
    ).map((row: { id: string }) => row.id);

    for (const t of map.owned) {
      if (t.key === 'case_id') await clear(t.table, t.sealed, 'case_id = ANY($1::uuid[])', [caseIds]);
      else await clear(t.table, t.sealed, 'victim_id = ANY($1::uuid[])', [victimIds]);
    }
    const parentKey = new Map(map.owned.map((t) => [t.table, t.key]));
    for (const child of map.children) {
      const key = parentKey.get(child.parent)!;
      await clear(
        child.table,
        child.sealed,
        `${ident(child.column)} IN (SELECT ${ident(child.parentColumn)} FROM ${ident(child.parent)} WHERE ${key} = ANY($1::uuid[]))`,
        [key === 'case_id' ? caseIds : victimIds],
      );
    }
    await clear('cases', map.caseSealed, 'id = ANY($1::uuid[])', [caseIds]);
    await clear('victims', map.victimSealed, 'id = ANY($1::uuid[])', [victimIds]);
    if (map.victimHashes.length) {
      await db.query(`UPDATE victims SET ${map.victimHashes.map((c) => `${ident(c)} = NULL`).join(', ')} WHERE id = ANY($1::uuid[])`, [victimIds]);
    }
    await db.query(`UPDATE inbound_messages SET from_hash = NULL WHERE case_id = ANY($1::uuid[])`, [caseIds]);
    await this.redactFailureReasons(db, caseIds);

    await db.query(
      `UPDATE cases SET anonymised_at = $2, bodies_removed_at = COALESCE(bodies_removed_at, $2), updated_at = $2 WHERE id = ANY($1::uuid[])`,
      [caseIds, now],
    );
    await db.query(
      `INSERT INTO case_events (case_id, type, at, officer_id, detail)
       SELECT id, 'anonymised', $2, $3, jsonb_build_object('cause', $4::text) FROM unnest($1::uuid[]) AS id`,
      [caseIds, now, officerId, cause],
    );
    // The outbox names each copy by its contact, or, for a Witness Service referral (the victim's details in its form), by the referral.
    const contacts: { id: string }[] = await db.query(
      `SELECT id FROM contacts WHERE case_id = ANY($1::uuid[]) UNION ALL SELECT id FROM witness_service_referrals WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    return { fields: [...fields].sort(), contactIds: contacts.map((c) => c.id) };
  }

  /**
   * Removes the words of messages sent or received on or before `sentBefore`: contact data
   * (an officer's update, a survey link), inbound texts and the SPOC's copy of them, stored
   * letters. Only messages that are finished: nothing waiting to go loses its words.
   */
  async removeMessageBodies(db: EntityManager, caseIds: string[], sentBefore: Date, now: Date): Promise<BodiesRemoved> {
    const removed = new Map<string, number>();
    const count = (caseId: string, n = 1) => removed.set(caseId, (removed.get(caseId) ?? 0) + n);
    if (caseIds.length === 0) return { removed, complete: [], contactIds: [] };
    const contacts: { id: string; case_id: string; had_body: boolean }[] = await db.query(
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
      [caseIds, sentBefore, FINISHED],
    );
    for (const c of contacts) if (c.had_body) count(c.case_id);
    const texts: { case_id: string; n: number }[] = await db.query(
      `WITH cleared AS (
         UPDATE inbound_messages SET body_enc = NULL
          WHERE case_id = ANY($1::uuid[]) AND received_at <= $2 AND body_enc IS NOT NULL RETURNING case_id)
       SELECT case_id, count(*)::int AS n FROM cleared GROUP BY case_id`,
      [caseIds, sentBefore],
    );
    for (const t of texts) count(t.case_id, t.n);
    // The SPOC's "read the victim's reply" task quotes the text: it goes with it.
    await db.query(
      `UPDATE officer_tasks SET briefing_enc = NULL
        WHERE case_id = ANY($1::uuid[]) AND kind = 'read_reply' AND due_at <= $2 AND briefing_enc IS NOT NULL`,
      [caseIds, sentBefore],
    );
    const complete: string[] = (
      await db.query(
        `WITH done AS (
           UPDATE cases c SET bodies_removed_at = $2
            WHERE c.id = ANY($1::uuid[]) AND c.bodies_removed_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.case_id = c.id AND k.data_enc IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM inbound_messages m WHERE m.case_id = c.id AND m.body_enc IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM letters_for_print l JOIN contacts k ON k.id = l.contact_id
                               WHERE k.case_id = c.id AND l.content_enc IS NOT NULL)
            RETURNING c.id)
         SELECT id FROM done`,
        [caseIds, now],
      )
    ).map((row: { id: string }) => row.id);
    const noted = [...new Set([...removed.keys(), ...complete])];
    for (const caseId of noted) {
      await db.query(
        `INSERT INTO case_events (case_id, type, at, officer_id, detail) VALUES ($1, 'message_bodies_removed', $2, NULL, $3)`,
        [caseId, now, { messages: removed.get(caseId) ?? 0, sentOnOrBefore: sentBefore.toISOString(), noneLeft: complete.includes(caseId) }],
      );
    }
    return { removed, complete, contactIds: contacts.map((c) => c.id) };
  }

  /** Failure reasons stay in the timeline (they explain what happened) without the number or address. */
  private async redactFailureReasons(db: EntityManager, caseIds: string[]): Promise<void> {
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

  private warnAboutNotNullable(map: PersonalDataMap): void {
    for (const t of [...map.owned, ...map.children]) {
      for (const column of t.notNullable) {
        const name = `${t.table}.${column}`;
        if (this.warned.has(name)) continue;
        this.warned.add(name);
        this.logger.error({ column: name }, 'A sealed column is NOT NULL, so retention and erasure cannot clear it; make it nullable');
      }
    }
  }
}
