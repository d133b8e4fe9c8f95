import type { EntityManager } from 'typeorm';
import { InputError } from '../http/input-error.js';

/** Holds the case open for the transaction (a closure waits); a closed case takes no court records. */
export async function lockOpenCase(db: EntityManager, caseId: string): Promise<{ vulnerable: boolean; spocOfficerId: string | null }> {
  const [c] = await db.query('SELECT status, vulnerable, spoc_officer_id FROM cases WHERE id = $1 FOR SHARE', [caseId]);
  if (!c || c.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
  return { vulnerable: c.vulnerable, spocOfficerId: c.spoc_officer_id };
}
