import type { EntityManager } from 'typeorm';
import { ident } from './personal-data-columns.js';

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
 * to another capability: they are read only where present, and a hearing whose date cannot be
 * read counts as still to come, since keeping data too long is the safer mistake here.
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

/**
 * Cases with a hearing after `now`, wherever the court capability keeps hearings: a table of
 * hearings (`*hearings` with `case_id` and `at`), or a `proceedings` table with a `hearings`
 * jsonb list of `{at}`. Whichever are present are read; neither present means no hearings.
 */
export async function casesWithHearingsAfter(db: EntityManager, caseIds: string[], now: Date): Promise<Set<string>> {
  const found = new Set<string>();
  if (caseIds.length === 0) return found;
  const shapes: { table_name: string; columns: string[] }[] = await db.query(
    `SELECT table_name, array_agg(column_name::text) AS columns FROM information_schema.columns
      WHERE table_schema = current_schema() AND (table_name LIKE '%hearings' OR table_name = 'proceedings')
      GROUP BY table_name`,
  );
  for (const { table_name: table, columns } of shapes) {
    if (!columns.includes('case_id')) continue;
    if (table.endsWith('hearings') && columns.includes('at')) {
      const rows: { case_id: string }[] = await db.query(
        `SELECT DISTINCT case_id FROM ${ident(table)} WHERE case_id = ANY($1::uuid[]) AND at > $2`,
        [caseIds, now],
      );
      for (const row of rows) found.add(row.case_id);
    } else if (table === 'proceedings' && columns.includes('hearings')) {
      const rows: { case_id: string; hearings: unknown }[] = await db.query(
        `SELECT case_id, hearings FROM proceedings WHERE case_id = ANY($1::uuid[])`,
        [caseIds],
      );
      for (const row of rows) {
        if (hearingsOf(row.hearings).some((at) => at === null || at.getTime() > now.getTime())) found.add(row.case_id);
      }
    }
  }
  return found;
}

/** `[{at}]` as stored; a string of JSON is tolerated too. Unreadable dates are null. */
export function hearingsOf(value: unknown): (Date | null)[] {
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
