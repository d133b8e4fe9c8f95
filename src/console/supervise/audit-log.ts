import type { Request, Router } from 'express';
import { DateTime } from 'luxon';
import { AUDIT_ACTIONS, type AuditAction } from '../../audit/audit-entry.entity.js';
import { AuditQueryDto } from '../../audit/audit.controller.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Caller } from '../../auth/access.js';
import { InputError } from '../../http/input-error.js';
import { officerFullName } from '../../partnership/names.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { checkAs, formErrors, page, type PageKit, render, service } from '../pages/page-kit.js';
import { supervisorOrAdmin } from './supervisor-only.js';

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 25;
const LONDON = 'Europe/London';

/** What each action means, in words a supervisor uses. */
export const ACTION_NAMES: Record<AuditAction, string> = {
  victim_data_read: 'Read a victim’s details',
  victim_data_created: 'Recorded a new victim',
  victim_data_changed: 'Changed a victim’s details',
  subject_access: 'Subject access report',
  victim_data_erased: 'Erased a victim’s data',
  print_batch_downloaded: 'Downloaded a print run',
  officer_deactivated: 'Deactivated an officer',
  api_key_issued: 'Issued an API key',
  api_key_revoked: 'Revoked an API key',
  console_signed_in: 'Signed in to the console',
  console_signed_out: 'Signed out of the console',
  console_sign_in_failed: 'Failed sign-in',
  password_link_issued: 'Issued a password link',
  bulletin_content_refused: 'Bulletin refused: personal details',
  organisation_changed: 'Changed an organisation',
  officer_changed: 'Changed an officer',
};

type Filters = Partial<Record<'officerId' | 'caseReference' | 'action' | 'from' | 'to', string>>;

/** A London day typed as YYYY-MM-DD: its first instant; `next` gives the day after's (for an inclusive "to"). */
function londonDay(value: string | undefined, field: string, problems: { field: string; message: string }[], next = false): Date | undefined {
  if (!value) return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: LONDON }) : DateTime.invalid('format');
  if (!day.isValid) {
    problems.push({ field, message: `${field === 'from' ? 'From' : 'To'} must be a real date, like 2026-11-30` });
    return undefined;
  }
  return (next ? day.plus({ days: 1 }) : day).toJSDate();
}

/** The filters as typed, checked: the dates here, the rest by the audit API's own DTO (its messages). */
async function query(req: Request) {
  const q = req.query as Record<string, unknown>;
  const text = (name: string) => (typeof q[name] === 'string' ? (q[name] as string).trim() : '');
  const filters: Filters = {};
  for (const name of ['officerId', 'caseReference', 'action', 'from', 'to'] as const) if (text(name)) filters[name] = text(name);
  const pageNumber = /^[1-9]\d{0,4}$/.test(text('page')) ? Number(text('page')) : 1;
  const problems: { field: string; message: string }[] = [];
  const from = londonDay(filters.from, 'from', problems);
  const to = londonDay(filters.to, 'to', problems, true);
  if (from && to && to <= from) problems.push({ field: 'to', message: 'To must be the same day as From or later' });
  let dto: AuditQueryDto | null = null;
  try {
    dto = await checkAs(AuditQueryDto, { officerId: filters.officerId, caseReference: filters.caseReference, action: filters.action });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.unshift(...error.problems.map((p) => ({ field: p.field, message: p.message })));
  }
  return { filters, pageNumber, problems, dto: dto && { ...dto, from, to } };
}

export function registerAuditLog(router: Router, kit: PageKit): void {
  /** Who read or changed whose data: the audit API's entries, scoped as it scopes them, filtered and paged. */
  router.get('/audit', page(async (req, res) => {
    const caller = supervisorOrAdmin(res);
    const { filters, pageNumber, problems, dto } = await query(req);
    const officers = await staffOf(kit, caller);
    let entries: Record<string, unknown>[] = [];
    let more = false;
    if (!problems.length && dto) {
      const found = await service(kit, AuditService).list(caller, { ...dto, limit: AUDIT_PAGE_SIZE + 1, offset: (pageNumber - 1) * AUDIT_PAGE_SIZE });
      more = found.length > AUDIT_PAGE_SIZE;
      const names = new Map(officers.map((o) => [o.id, o.name]));
      entries = found.slice(0, AUDIT_PAGE_SIZE).map((e) => ({
        ...e,
        who: names.get(e.officerId) ?? e.officerName,
        actionName: ACTION_NAMES[e.action as AuditAction] ?? e.action,
        what: [...(e.fields as string[]), ...Object.entries((e.detail ?? {}) as Record<string, string>).filter(([k]) => k !== 'file').map(([k, v]) => `${k} ${v}`)].join(', '),
      }));
    }
    if (problems.length) res.status(400);
    const link = (n: number) => `/audit?${new URLSearchParams({ ...filters, page: String(n) }).toString()}`;
    render(kit, res, 'supervise/audit.njk', {
      title: 'Audit log',
      filters,
      errors: formErrors(problems),
      entries,
      canOpenCases: caller.role === 'supervisor',
      officerOptions: [{ value: '', text: 'Anyone' }, ...officers.map((o) => ({ value: o.id, text: o.name, selected: o.id === filters.officerId }))],
      actionOptions: [{ value: '', text: 'Any action' }, ...AUDIT_ACTIONS.map((a) => ({ value: a, text: ACTION_NAMES[a], selected: a === filters.action }))],
      first: (pageNumber - 1) * AUDIT_PAGE_SIZE + 1,
      pagination: {
        previous: pageNumber > 1 ? { href: link(pageNumber - 1) } : undefined,
        next: more ? { href: link(pageNumber + 1) } : undefined,
        landmarkLabel: 'Audit log pages',
      },
      pageNumber,
    });
  }));
}

/** The officers a supervisor may filter by (their own organisation's staff); an admin, everyone. */
async function staffOf(kit: PageKit, caller: Caller) {
  const officers = await service(kit, PartnershipService).listOfficers(caller.role === 'admin' ? undefined : caller.organisationId);
  return officers.map((o) => ({ id: o.id, name: officerFullName(o) })).sort((a, b) => a.name.localeCompare(b.name));
}
