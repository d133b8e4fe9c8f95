import { ConflictException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import type { Caller } from '../../auth/access.js';
import { ShareCaseDto, UpdateCaseDto } from '../../cases/case.dto.js';
import { CaseSharing } from '../../cases/case-sharing.service.js';
import { CasesService } from '../../cases/cases.service.js';
import { InputError } from '../../http/input-error.js';
import { officerFullName } from '../../partnership/names.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { messageOf } from '../console-gate.js';
import { caseIdOf } from '../pages/case-page.js';
import { checkAs, formErrors, page, type PageKit, render, service } from '../pages/page-kit.js';
import { supervisorOnly } from './supervisor-only.js';

type Body = Record<string, string | undefined>;
const CASE_WORKERS = new Set(['officer', 'supervisor']);

/**
 * The supervisor's actions on a case, each through CasesService or CaseSharing as the API does it: reassign the
 * SPOC and change the lead organisation (`PATCH /v1/cases/:id`: the lead organisation's
 * supervisors only, an open case), share the case with a partner (`POST …/shares`) and stop
 * sharing it (`DELETE …/shares/:organisationId`). Shows no victim data, so reads none.
 */
async function supervisePage(kit: PageKit, req: Request, res: Response, caller: Caller, extra: Record<string, unknown> = {}) {
  const { case: c, shares } = await service(kit, CaseSharing).sharing(caseIdOf(req), caller);
  const partnership = service(kit, PartnershipService);
  const [organisations, staff] = await Promise.all([partnership.listOrganisations(), partnership.listOfficers()]);
  const caseWorkers = staff.filter((o) => o.active && CASE_WORKERS.has(o.role));
  const staffed = new Set(caseWorkers.map((o) => o.organisationId));
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const shared = new Set(shares.map((s) => s.organisationId));
  const partners = organisations.filter((o) => o.id !== c.leadOrganisationId && staffed.has(o.id));
  const spoc = caseWorkers.find((o) => o.id === c.spocOfficerId) ?? staff.find((o) => o.id === c.spocOfficerId);
  const flash = req.session.flash;
  delete req.session.flash;
  render(kit, res, 'supervise/case.njk', {
    title: `Supervisor actions: case ${c.reference}`,
    c,
    flash,
    isLead: c.leadOrganisationId === caller.organisationId,
    leadName: names.get(c.leadOrganisationId) ?? '',
    spocName: spoc ? officerFullName(spoc) : null,
    shares: shares.map((s) => ({ ...s, name: names.get(s.organisationId) ?? 'An organisation' })),
    spocOptions: caseWorkers
      .filter((o) => o.organisationId === c.leadOrganisationId && o.id !== c.spocOfficerId)
      .map((o) => ({ value: o.id, text: `${officerFullName(o)} (${o.role})` })),
    leadOptions: partners.filter((o) => o.phone?.trim()).map((o) => ({ value: o.id, text: o.name })),
    shareOptions: partners.filter((o) => !shared.has(o.id)).map((o) => ({ value: o.id, text: o.name })),
    ...extra,
  });
}

/** The API's field names are the form's ids; a lead organisation's own problem (no phone) is shown on its field. */
const fieldOf = (field: string) => (field.startsWith('leadOrganisation') ? 'leadOrganisationId' : field === 'id' ? 'organisationId' : field);

/** Runs a supervisor's action: back to this page with a banner, or the page again with the API's errors on their fields. */
async function act(kit: PageKit, req: Request, res: Response, work: (caller: Caller, names: Map<string, string>) => Promise<string>) {
  const caller = supervisorOnly(res);
  const id = caseIdOf(req);
  try {
    const organisations = await service(kit, PartnershipService).listOrganisations();
    req.session.flash = await work(caller, new Map(organisations.map((o) => [o.id, o.name])));
    res.redirect(303, `/cases/${id}/supervise`);
  } catch (error) {
    if (error instanceof InputError) {
      res.status(400);
      const errors = formErrors(error.problems.map((p) => ({ field: fieldOf(p.field), message: p.message })));
      return supervisePage(kit, req, res, caller, { errors });
    }
    if (error instanceof ConflictException) {
      res.status(409);
      return supervisePage(kit, req, res, caller, { conflict: messageOf(error) });
    }
    throw error;
  }
}

const chosen = (body: Body, field: string, message: string) => {
  if (!body[field]?.trim()) throw InputError.of(field, 'required', message);
  return body[field]!.trim();
};

export function registerCaseSupervision(router: Router, kit: PageKit): void {
  router.get('/cases/:id/supervise', page((req, res) => supervisePage(kit, req, res, supervisorOnly(res))));

  router.post('/cases/:id/supervise/spoc', page((req, res) => act(kit, req, res, async (caller) => {
    const dto = await checkAs(UpdateCaseDto, { spocOfficerId: chosen(req.body as Body, 'spocOfficerId', 'Select the officer to be the SPOC') });
    await service(kit, CasesService).reassign(caseIdOf(req), dto, caller);
    const [officer] = await service(kit, PartnershipService).findOfficers([dto.spocOfficerId!]);
    return `${officerFullName(officer)} is now the SPOC for this case.`;
  })));

  router.post('/cases/:id/supervise/lead', page((req, res) => act(kit, req, res, async (caller, names) => {
    const dto = await checkAs(UpdateCaseDto, { leadOrganisationId: chosen(req.body as Body, 'leadOrganisationId', 'Select the organisation to lead the case') });
    await service(kit, CasesService).reassign(caseIdOf(req), dto, caller);
    return `${names.get(dto.leadOrganisationId!)} now leads this case and chooses its SPOC. Your organisation can still see it.`;
  })));

  router.post('/cases/:id/supervise/share', page((req, res) => act(kit, req, res, async (caller, names) => {
    const dto = await checkAs(ShareCaseDto, { organisationId: chosen(req.body as Body, 'organisationId', 'Select the organisation to share the case with') });
    await service(kit, CaseSharing).share(caseIdOf(req), dto.organisationId, caller);
    return `The case is shared with ${names.get(dto.organisationId)}.`;
  })));

  router.post('/cases/:id/supervise/shares/:organisationId/stop', page((req, res) => act(kit, req, res, async (caller, names) => {
    const dto = await checkAs(ShareCaseDto, { organisationId: String(req.params.organisationId) });
    await service(kit, CaseSharing).unshare(caseIdOf(req), dto.organisationId, caller);
    return `The case is no longer shared with ${names.get(dto.organisationId)}.`;
  })));
}
