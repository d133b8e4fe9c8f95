import { ConflictException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import { DiscreetCheck } from '../../discreet/discreet-check.service.js';
import { type FieldProblem, InputError } from '../../http/input-error.js';
import type { Organisation } from '../../partnership/organisation.entity.js';
import { CreateOrganisationDto, UpdateOrganisationDto } from '../../partnership/partnership.dto.js';
import { PartnershipService, withChanges } from '../../partnership/partnership.service.js';
import { checkAs, formErrors, page, type PageKit, render, service } from '../pages/page-kit.js';
import { ADDRESS_LINES, adminOnly, type Form, idOf, newOrganisationBody, organisationChangeBody, organisationFieldOf, organisationForm } from './admin-forms.js';

/** Re-shows an organisation form with each problem on its field, and what was typed kept. */
function showProblems(kit: PageKit, res: Response, problems: FieldProblem[], context: Record<string, unknown>): void {
  res.status(400);
  const errors = formErrors(problems.map((p) => ({ field: organisationFieldOf(p.field), message: p.message })), (f) => f);
  render(kit, res, 'admin/organisation.njk', { ...context, errors });
}

const addressLines = (form: Form) => Math.max(ADDRESS_LINES, Object.keys(form).filter((k) => /^address-\d$/.test(k)).length);

/**
 * Organisations (admins only): the list, adding one, and changing its letterhead details, phone
 * number, SMS sender and neutral discreet sender. Each form is checked by the API's own DTO
 * (`POST` / `PATCH /v1/organisations…`) and the same discreet check, through the same service.
 */
export function registerOrganisations(router: Router, kit: PageKit): void {
  const partnership = () => service(kit, PartnershipService);

  router.get('/organisations', page(async (req, res) => {
    adminOnly(res);
    const [organisations, officers] = await Promise.all([partnership().listOrganisations(), partnership().listOfficers()]);
    const staff = (id: string) => officers.filter((o) => o.organisationId === id && o.active).length;
    const flash = req.session.flash;
    delete req.session.flash;
    render(kit, res, 'admin/organisations.njk', { title: 'Organisations', flash, organisations: organisations.map((o) => ({ ...o, staff: staff(o.id) })) });
  }));

  router.get('/organisations/new', page((_req, res) => {
    adminOnly(res);
    render(kit, res, 'admin/organisation.njk', { title: 'Add an organisation', form: {}, addressLines: ADDRESS_LINES });
  }));

  router.post('/organisations', page(async (req, res) => {
    adminOnly(res);
    const form = req.body as Form;
    const context = { title: 'Add an organisation', form, addressLines: addressLines(form) };
    try {
      const dto = await checkAs(CreateOrganisationDto, newOrganisationBody(form));
      await service(kit, DiscreetCheck).assertOrganisationSafe(dto);
      const created = await partnership().createOrganisation(dto);
      req.session.flash = `${created.name} is added.`;
      res.redirect(303, '/organisations');
    } catch (error) {
      if (error instanceof ConflictException) return showProblems(kit, res, [{ field: 'code', rule: 'unique', message: 'code is already used by another organisation' }], context);
      if (!(error instanceof InputError)) throw error;
      showProblems(kit, res, error.problems, context);
    }
  }));

  const show = async (req: Request, organisation: Organisation, form: Form = organisationForm(organisation)) => {
    const flash = req.session.flash;
    delete req.session.flash;
    const officers = (await partnership().listOfficers(organisation.id)).filter((o) => o.active);
    return { title: organisation.name, organisation, form, flash, officers, addressLines: addressLines(form) };
  };

  router.get('/organisations/:id', page(async (req, res) => {
    adminOnly(res);
    const organisation = await partnership().getOrganisation(idOf(req));
    render(kit, res, 'admin/organisation.njk', await show(req, organisation));
  }));

  router.post('/organisations/:id', page(async (req, res) => {
    const caller = adminOnly(res);
    const organisation = await partnership().getOrganisation(idOf(req));
    const form = { ...(req.body as Form), code: organisation.code };
    try {
      const dto = await checkAs(UpdateOrganisationDto, organisationChangeBody(form, organisation));
      await service(kit, DiscreetCheck).assertOrganisationSafe(withChanges(organisation, dto));
      await partnership().updateOrganisation(organisation.id, dto, caller);
      req.session.flash = 'The changes are saved.';
      res.redirect(303, `/organisations/${organisation.id}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      showProblems(kit, res, error.problems, await show(req, organisation, form));
    }
  }));
}
