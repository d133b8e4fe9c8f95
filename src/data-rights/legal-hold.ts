import type { EntityManager } from 'typeorm';
import type { DataRightsRepository } from './data-rights.repository.js';

/** Why a case's personal data must be kept for now. */
export type HoldReason = 'open' | 'hearing';

export interface CaseHold {
  caseId: string;
  reference: string;
  reason: HoldReason;
}

/**
 * Cases whose personal data is still needed: open ones (to handle the case) and ones with a
 * court hearing still to come (for legal proceedings, UK GDPR Art. 17(3)(e)). Hearings belong
 * to the court capability.
 */
export async function casesOnHold(repository: DataRightsRepository, db: EntityManager, caseIds: string[], now: Date): Promise<CaseHold[]> {
  if (caseIds.length === 0) return [];
  const cases = await repository.caseStatuses(caseIds, db);
  const withHearings = await repository.casesWithHearingsAfter(caseIds, now, db);
  const holds: CaseHold[] = [];
  for (const c of cases) {
    if (c.status !== 'closed') holds.push({ caseId: c.id, reference: c.reference, reason: 'open' });
    else if (withHearings.has(c.id)) holds.push({ caseId: c.id, reference: c.reference, reason: 'hearing' });
  }
  return holds;
}

/** Why the victim's personal data cannot be erased yet, in words for the caller. */
export function holdMessage(holds: CaseHold[]): string {
  const open = holds.filter((h) => h.reason === 'open').map((h) => h.reference);
  const hearing = holds.filter((h) => h.reason === 'hearing').map((h) => h.reference);
  const parts: string[] = [];
  if (open.length) parts.push(`personal data is still needed to handle the case: ${open.join(', ')} ${open.length > 1 ? 'are' : 'is'} open`);
  if (hearing.length) parts.push(`personal data is still needed for legal proceedings: ${hearing.join(', ')} ${hearing.length > 1 ? 'have' : 'has'} a court hearing to come`);
  return `The victim's personal data cannot be erased yet; ${parts.join('; ')}.`;
}
