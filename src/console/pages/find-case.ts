import type { Router } from 'express';
import { CasesService } from '../../cases/cases.service.js';
import type { ListCasesQuery } from '../../cases/case.dto.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { caseWorkerOnly } from '../console-gate.js';
import { page, type PageKit, render, service } from './page-kit.js';

const one = (value: unknown): string => (typeof value === 'string' ? value.trim().slice(0, 200) : '');

/**
 * Find a case by reference (either form), or the victim's phone, email, or name with postcode:
 * exact matches through the keyed hashes. Filters: status, risk, SPOC, overdue. Without a search
 * term the filters list the organisation's cases.
 */
export function registerFindCase(router: Router, kit: PageKit): void {
  router.get('/find-a-case', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const q = Object.fromEntries(['reference', 'phone', 'email', 'name', 'postcode', 'status', 'risk', 'spoc', 'overdue'].map((k) => [k, one(req.query[k])]));
    const query: ListCasesQuery = {
      status: ['open', 'closed'].includes(q.status) ? (q.status as 'open') : undefined,
      riskLevel: ['standard', 'medium', 'high'].includes(q.risk) ? (q.risk as 'high') : undefined,
      spocOfficerId: /^[0-9a-f-]{36}$/.test(q.spoc) ? q.spoc : undefined,
      overdue: q.overdue === 'true' ? 'true' : undefined,
      limit: 100,
    };
    const searched = Boolean(q.reference || q.phone || q.email || q.name || q.postcode);
    const filtered = Boolean(query.status || query.riskLevel || query.spocOfficerId || query.overdue);
    const cases = service(kit, CasesService);
    const results = searched ? await cases.search(q, query, caller) : filtered ? await cases.list(query, caller) : null;
    const spocs = (await service(kit, PartnershipService).listOfficers(caller.organisationId)).filter((o) => o.active && (o.role === 'officer' || o.role === 'supervisor'));
    const nameOnly = Boolean((q.name && !q.postcode) || (q.postcode && !q.name));
    render(kit, res, 'find-case.njk', { title: 'Find a case', q, results, spocs, nameOnly });
  }));
}
