import type { Router } from 'express';
import { DateTime } from 'luxon';
import type { Caller } from '../../auth/access.js';
import { CasesService } from '../../cases/cases.service.js';
import { ClockService } from '../../clock/clock.service.js';
import { ContactLog } from '../../contacts/contact-log.js';
import { OfficerTasks } from '../../tasks/officer-tasks.service.js';
import { commsMyDay } from '../comms/comms-overview.js';
import { callerOf, page, type PageKit, render, service } from './page-kit.js';

const UPDATE_PURPOSES = new Set(['update', 'holding_update']);

/**
 * The landing page. A case officer sees their own cases and tasks; a supervisor their whole
 * organisation's. Comms staff and admins get no case lists (no victim data).
 */
export async function myDay(kit: PageKit, caller: Caller) {
  const now = service(kit, ClockService).now();
  const endOfToday = DateTime.fromJSDate(now).setZone('Europe/London').endOf('day').toJSDate();
  const weekAhead = DateTime.fromJSDate(now).plus({ days: 7 }).toJSDate();
  const mine = caller.role === 'officer';
  const [cases, tasks, contacts] = await Promise.all([
    service(kit, CasesService).list({ status: 'open', spocOfficerId: mine ? caller.officerId : undefined, limit: 500 }, caller),
    service(kit, OfficerTasks).dueList(caller, { mine, until: weekAhead }),
    service(kit, ContactLog).workList({ organisationId: caller.organisationId, spocOfficerId: mine ? caller.officerId : undefined, dueFrom: now, dueTo: weekAhead, status: 'scheduled' }),
  ]);
  const references = new Map(cases.map((c) => [c.id, c.reference]));
  const waiting = cases.filter((c) => !c.respondedAt);
  const row = (caseId: string) => ({ caseId, reference: references.get(caseId) ?? 'Open case' });
  return {
    overdue: waiting.filter((c) => c.overdue),
    dueToday: waiting.filter((c) => !c.overdue && c.responseDueAt.getTime() <= endOfToday.getTime()),
    tasks: tasks
      .filter((t) => t.kind !== 'read_reply')
      .map((t) => ({ caseId: t.caseId, reference: t.reference, id: t.id, kind: t.kind, dueAt: t.dueAt, overdue: t.dueAt.getTime() < now.getTime() })),
    updates: contacts
      .filter((k) => UPDATE_PURPOSES.has(k.purpose))
      .map((k) => ({ ...row(k.caseId), channel: k.channel, dueAt: k.dueAt, purpose: k.purpose })),
    texts: tasks.filter((t) => t.kind === 'read_reply').map((t) => ({ caseId: t.caseId, reference: t.reference, id: t.id, dueAt: t.dueAt })),
    openCases: cases.length,
  };
}

export function registerMyDay(router: Router, kit: PageKit): void {
  router.get('/', page(async (_req, res) => {
    const caller = callerOf(res);
    if (caller.role === 'comms') return render(kit, res, 'comms/my-day.njk', { title: 'My day', day: await commsMyDay(kit, caller) });
    if (caller.role !== 'officer' && caller.role !== 'supervisor') return render(kit, res, 'my-day-staff.njk');
    render(kit, res, 'my-day.njk', { day: await myDay(kit, caller) });
  }));
}
