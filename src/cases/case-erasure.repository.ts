import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The cases slice's writes for data rights (UK GDPR Articles 17 and 5(1)(e)): clearing sealed
 * case and victim columns, matching hashes, and the history entries that say so. Called by
 * data-rights' anonymiser and erasure service, inside their transaction.
 */
@Injectable()
export class CaseErasureRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Sets the cases' sealed `columns` to NULL where any is held; returns how many cases held something. */
  clearSealedCaseColumns(caseIds: string[], columns: string[], db: EntityManager): Promise<number> {
    return clearColumns('cases', columns, caseIds, db);
  }

  /** Sets the victims' sealed `columns` to NULL where any is held; returns how many victims held something. */
  clearSealedVictimColumns(victimIds: string[], columns: string[], db: EntityManager): Promise<number> {
    return clearColumns('victims', columns, victimIds, db);
  }

  /** Removes the victims' keyed matching hashes (`columns`, e.g. phone_hash). */
  async clearVictimHashes(victimIds: string[], columns: string[], db: EntityManager): Promise<void> {
    if (columns.length === 0) return;
    await db.query(`UPDATE victims SET ${columns.map((c) => `${quoted(c)} = NULL`).join(', ')} WHERE id = ANY($1::uuid[])`, [victimIds]);
  }

  /** Marks the cases anonymised (and their message bodies removed, if not already) at `now`. */
  async markAnonymised(caseIds: string[], now: Date, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE cases SET anonymised_at = $2, bodies_removed_at = COALESCE(bodies_removed_at, $2), updated_at = $2 WHERE id = ANY($1::uuid[])`,
      [caseIds, now],
    );
  }

  /** One `anonymised` history entry per case at `now`, by `officerId` (null: the retention job), with its `cause`. */
  async addAnonymisedEvents(caseIds: string[], now: Date, officerId: string | null, cause: string, db: EntityManager): Promise<void> {
    await db.query(
      `INSERT INTO case_events (case_id, type, at, officer_id, detail)
       SELECT id, 'anonymised', $2, $3, jsonb_build_object('cause', $4::text) FROM unnest($1::uuid[]) AS id`,
      [caseIds, now, officerId, cause],
    );
  }

  /** Marks bodies removed at `now` on those of the cases that hold no message body any more; returns their ids. */
  async markBodiesRemovedWhereNoneLeft(caseIds: string[], now: Date, db: EntityManager): Promise<string[]> {
    return (
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
  }

  /** A `message_bodies_removed` history entry on the case at `now`; `detail` holds counts and dates only. */
  async addBodiesRemovedEvent(caseId: string, now: Date, detail: { messages: number; sentOnOrBefore: string; noneLeft: boolean }, db: EntityManager): Promise<void> {
    await db.query(
      `INSERT INTO case_events (case_id, type, at, officer_id, detail) VALUES ($1, 'message_bodies_removed', $2, NULL, $3)`,
      [caseId, now, detail],
    );
  }

  /** When the victim's personal data was erased (null: never). */
  async victimErasedAt(victimId: string, db: EntityManager = this.db.manager): Promise<Date | null> {
    const [victim] = await db.query(`SELECT erased_at FROM victims WHERE id = $1`, [victimId]);
    return victim.erased_at;
  }

  /** Marks the victims erased at `now` (those erased before keep their date). */
  async markVictimsErased(victimIds: string[], now: Date, db: EntityManager): Promise<void> {
    await db.query(`UPDATE victims SET erased_at = $2 WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`, [victimIds, now]);
  }
}

/** Quotes a column name read from the catalogue for use in SQL. */
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Sets `columns` of `table` to NULL on rows with `id` in `ids` holding any of them; returns how many did. */
async function clearColumns(table: 'cases' | 'victims', columns: string[], ids: string[], db: EntityManager): Promise<number> {
  if (columns.length === 0) return 0;
  const sets = columns.map((c) => `${quoted(c)} = NULL`).join(', ');
  const held = columns.map((c) => `${quoted(c)} IS NOT NULL`).join(' OR ');
  const [{ n }] = await db.query(
    `WITH cleared AS (UPDATE ${quoted(table)} SET ${sets} WHERE (id = ANY($1::uuid[])) AND (${held}) RETURNING 1) SELECT count(*)::int AS n FROM cleared`,
    [ids],
  );
  return n;
}
