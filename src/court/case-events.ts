import type { EntityManager } from 'typeorm';

/** One entry in the case history. `detail` holds ids, kinds, counts and outcomes: never personal data. */
export async function addCaseEvent(
  db: EntityManager, caseId: string, type: string, at: Date, officerId: string | null, detail: Record<string, unknown>,
): Promise<void> {
  await db.query('INSERT INTO case_events (case_id, type, at, officer_id, detail) VALUES ($1, $2, $3, $4, $5)', [caseId, type, at, officerId, detail]);
}
