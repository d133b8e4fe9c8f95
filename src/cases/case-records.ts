import type { EntityManager } from 'typeorm';
import { InputError } from '../http/input-error.js';

/**
 * Holds the case open for the caller's transaction: a closure waits for it, and a closed case
 * takes no new plans, messages or records. `update` also keeps two writers of the same record
 * (an action plan's next version) apart.
 */
export async function lockOpenCase(
  db: EntityManager, caseId: string, mode: 'share' | 'update' = 'share',
): Promise<{ vulnerable: boolean; spocOfficerId: string | null; victimId: string }> {
  const [c] = await db.query(`SELECT status, vulnerable, spoc_officer_id, victim_id FROM cases WHERE id = $1 FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'}`, [caseId]);
  if (!c || c.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
  return { vulnerable: c.vulnerable, spocOfficerId: c.spoc_officer_id, victimId: c.victim_id };
}

/** One entry in the case history. `detail` holds ids, kinds, counts and outcomes: never personal data. */
export async function addCaseEvent(
  db: EntityManager, caseId: string, type: string, at: Date, officerId: string | null, detail: Record<string, unknown> = {},
): Promise<void> {
  await db.query('INSERT INTO case_events (case_id, type, at, officer_id, detail) VALUES ($1, $2, $3, $4, $5)', [caseId, type, at, officerId, detail]);
}
