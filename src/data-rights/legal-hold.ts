import type { EntityManager } from 'typeorm';

/** Why a case's personal data must be kept for now, in words for the officer; null when it need not. */
export type HoldReason = 'open' | 'hearing';

export interface CaseHold {
  caseId: string;
  reference: string;
  reason: HoldReason;
}

/**
 * Cases whose personal data is still needed: open ones (to handle the case) and ones with a
 * court hearing still to come (for legal proceedings, UK GDPR Art. 17(3)(e)). Proceedings are
 * another capability's table: it is read only if present, and hearings whose date cannot be
 * read count as still to come, since keeping data too long is the safer mistake here.
 */
export async function casesOnHold(db: EntityManager, caseIds: string[], now: Date): Promise<CaseHold[]> {
  if (caseIds.length === 0) return [];
  const cases: { id: string; reference: string; status: string }[] = await db.query(
    `SELECT id, reference, status FROM cases WHERE id = ANY($1::uuid[]) ORDER BY reported_at`,
    [caseIds],
  );
  const withHearings = await casesWithHearingsAfter(db, caseIds, now);
  const holds: CaseHold[] = [];
  for (const c of cases) {
    if (c.status !== 'closed') holds.push({ caseId: c.id, reference: c.reference, reason: 'open' });
    else if (withHearings.has(c.id)) holds.push({ caseId: c.id, reference: c.reference, reason: 'hearing' });
  }
  return holds;
}

export async function casesWithHearingsAfter(db: EntityManager, caseIds: string[], now: Date): Promise<Set<string>> {
  const found = new Set<string>();
  if (caseIds.length === 0) return found;
  const [shape] = await db.query(
    `SELECT bool_or(column_name = 'case_id') AS has_case, bool_or(column_name = 'hearings') AS has_hearings
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'proceedings'`,
  );
  if (!shape?.has_case || !shape?.has_hearings) return found;
  const rows: { case_id: string; hearings: unknown }[] = await db.query(
    `SELECT case_id, hearings FROM proceedings WHERE case_id = ANY($1::uuid[])`,
    [caseIds],
  );
  for (const row of rows) {
    if (hearingsOf(row.hearings).some((at) => at === null || at.getTime() > now.getTime())) found.add(row.case_id);
  }
  return found;
}

/** `[{at}]` as stored; a string of JSON is tolerated too. Unreadable dates are null. */
function hearingsOf(value: unknown): (Date | null)[] {
  let list = value;
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  return list.map((hearing) => {
    const at = hearing && typeof hearing === 'object' ? (hearing as { at?: unknown }).at : undefined;
    if (typeof at !== 'string' && !(at instanceof Date)) return null;
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? null : date;
  });
}

export function holdMessage(holds: CaseHold[]): string {
  const open = holds.filter((h) => h.reason === 'open').map((h) => h.reference);
  const hearing = holds.filter((h) => h.reason === 'hearing').map((h) => h.reference);
  const parts: string[] = [];
  if (open.length) parts.push(`personal data is still needed to handle the case: ${open.join(', ')} ${open.length > 1 ? 'are' : 'is'} open`);
  if (hearing.length) parts.push(`personal data is still needed for legal proceedings: ${hearing.join(', ')} ${hearing.length > 1 ? 'have' : 'has'} a court hearing to come`);
  return `The victim's personal data cannot be erased yet; ${parts.join('; ')}.`;
}
