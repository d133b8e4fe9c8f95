import { ConflictException, NotFoundException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import { type FieldProblem, InputError } from '../../http/input-error.js';
import { officerFullName } from '../../partnership/names.js';
import { OfficerAccess } from '../../partnership/officer-access.service.js';
import { ROLES, type Officer } from '../../partnership/officer.entity.js';
import { ChangeOfficerDto, CreateOfficerDto } from '../../partnership/partnership.dto.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { ConsoleAccounts, PASSWORD_LINK_HOURS } from '../accounts.service.js';
import { messageOf } from '../console-gate.js';
import { checkAs, formErrors, page, type PageKit, render, service } from '../pages/page-kit.js';
import { adminOnly, type Form, idOf, text } from './admin-forms.js';

const ROLE_CHOICES: Record<string, { text: string; hint: string }> = {
  officer: { text: 'Case officer', hint: 'Works their own cases; can be a victim’s single point of contact' },
  supervisor: { text: 'Supervisor', hint: 'Sees and works all their organisation’s cases' },
  comms: { text: 'Comms', hint: 'Community bulletins; sees no victims’ details' },
  admin: { text: 'Administrator', hint: 'Organisations, officers, passwords and API keys; sees no victims’ details' },
};
const roleItems = (chosen: string) => ROLES.map((r) => ({ value: r, text: ROLE_CHOICES[r].text, hint: { text: ROLE_CHOICES[r].hint }, checked: r === chosen }));

const optional = (form: Form, field: string) => text(form, field) || undefined;

/**
 * Officers (admins only): the list, adding an officer, changing their rank, name or role,
 * a one-time set-password link, API keys (issued and shown once, revoked) and deactivating.
 * The same DTOs and services as `POST`/`PATCH /v1/officers…`, `…/password-link`, `…/api-keys`.
 */
export function registerOfficers(router: Router, kit: PageKit): void {
  const partnership = () => service(kit, PartnershipService);
  const access = () => service(kit, OfficerAccess);
  const organisationItems = async (chosen = '') => [
    { value: '', text: 'Choose an organisation' },
    ...(await partnership().listOrganisations()).map((o) => ({ value: o.id, text: o.name, selected: o.id === chosen })),
  ];
  const takeFlash = (req: Request) => {
    const flash = req.session.flash;
    delete req.session.flash;
    return flash;
  };

  router.get('/officers', page(async (req, res) => {
    adminOnly(res);
    const [officers, organisations] = await Promise.all([partnership().listOfficers(), partnership().listOrganisations()]);
    const names = new Map(organisations.map((o) => [o.id, o.name]));
    const rows = officers.map((o) => ({ id: o.id, rank: o.rank, name: o.name, role: ROLE_CHOICES[o.role]?.text ?? o.role, organisation: names.get(o.organisationId) ?? '', active: o.active }));
    render(kit, res, 'admin/officers.njk', { title: 'Officers', officers: rows, flash: takeFlash(req) });
  }));

  const addForm = async (res: Response, form: Form, problems: FieldProblem[] = []) => {
    if (problems.length) res.status(400);
    render(kit, res, 'admin/officer-new.njk', {
      title: 'Add an officer', form, roles: roleItems(text(form, 'role')), organisations: await organisationItems(text(form, 'organisationId')),
      errors: formErrors(problems.map((p) => ({ field: p.field, message: p.message })), (f) => f),
    });
  };

  router.get('/officers/new', page(async (req, res) => {
    adminOnly(res);
    await addForm(res, { organisationId: typeof req.query.organisation === 'string' ? req.query.organisation : '' });
  }));

  router.post('/officers', page(async (req, res) => {
    adminOnly(res);
    const form = req.body as Form;
    const body = { rank: optional(form, 'rank'), name: text(form, 'name'), organisationId: text(form, 'organisationId'), role: text(form, 'role'), email: text(form, 'email'), phone: optional(form, 'phone') };
    try {
      const created = await partnership().createOfficer(await checkAs(CreateOfficerDto, body));
      const keys = await access().listKeys(created.id);
      render(kit, res, 'admin/shown-once.njk', {
        title: `${officerFullName(created)} is added`, officerId: created.id, kind: 'key',
        secret: created.apiKey, prefix: keys[0]?.prefix,
        lead: 'They are given an API key, for the API only. Give it to them only if they will use the API; otherwise revoke it on their page. To use the console they need a password: issue a set-password link from their page.',
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      await addForm(res, form, error.problems);
    }
  }));

  const officerPage = async (req: Request, res: Response, officer: Officer, extra: { form?: Form; problems?: FieldProblem[] } = {}) => {
    const [organisation, keys] = await Promise.all([partnership().getOrganisation(officer.organisationId), access().listKeys(officer.id)]);
    const form = extra.form ?? { rank: officer.rank ?? '', name: officer.name, role: officer.role };
    if (extra.problems?.length) res.status(400);
    render(kit, res, 'admin/officer.njk', {
      title: officerFullName(officer), person: officer, organisation, keys, form, roles: roleItems(text(form, 'role')),
      roleText: ROLE_CHOICES[officer.role]?.text ?? officer.role, flash: takeFlash(req),
      errors: formErrors((extra.problems ?? []).map((p) => ({ field: p.field, message: p.message })), (f) => f),
    });
  };

  router.get('/officers/:id', page(async (req, res) => {
    adminOnly(res);
    await officerPage(req, res, await partnership().getOfficer(idOf(req)));
  }));

  router.post('/officers/:id', page(async (req, res) => {
    const caller = adminOnly(res);
    const officer = await partnership().getOfficer(idOf(req));
    const form = req.body as Form;
    const body = { rank: text(form, 'rank') || null, name: text(form, 'name'), role: text(form, 'role') };
    try {
      await access().change(officer.id, await checkAs(ChangeOfficerDto, body), caller);
      req.session.flash = 'The changes are saved.';
      res.redirect(303, `/officers/${officer.id}`);
    } catch (error) {
      if (error instanceof ConflictException) return officerPage(req, res, officer, { form, problems: [{ field: 'role', rule: 'conflict', message: messageOf(error) }] });
      if (!(error instanceof InputError)) throw error;
      await officerPage(req, res, officer, { form, problems: error.problems });
    }
  }));

  router.post('/officers/:id/password-link', page(async (req, res) => {
    const caller = adminOnly(res);
    const officer = await partnership().getOfficer(idOf(req));
    const link = await service(kit, ConsoleAccounts).issueLink(officer.id, caller);
    render(kit, res, 'admin/shown-once.njk', {
      title: `A set-password link for ${officerFullName(officer)}`, officerId: officer.id, kind: 'link', secret: link.url, expiresAt: link.expiresAt,
      lead: `Send it to ${officer.email} by a safe route. It works once, within ${PASSWORD_LINK_HOURS} hours: they choose their own password with it.`,
    });
  }));

  router.post('/officers/:id/api-keys', page(async (req, res) => {
    const caller = adminOnly(res);
    const officer = await partnership().getOfficer(idOf(req));
    const key = await access().issueKey(officer.id, caller);
    render(kit, res, 'admin/shown-once.njk', {
      title: `An API key for ${officerFullName(officer)}`, officerId: officer.id, kind: 'key', secret: key.apiKey, prefix: key.prefix,
      lead: 'It lets them use the API as themselves, until it is revoked.',
    });
  }));

  router.post('/officers/:id/api-keys/:keyId/revoke', page(async (req, res) => {
    const caller = adminOnly(res);
    const officerId = idOf(req);
    const keyId = idOf(req, 'keyId');
    const key = (await access().listKeys(officerId)).find((k) => k.id === keyId);
    if (!key) throw new NotFoundException();
    await access().revokeKey(key.id, caller);
    req.session.flash = `The API key ${key.prefix}… is revoked: it stops working now.`;
    res.redirect(303, `/officers/${officerId}#api-keys`);
  }));

  router.post('/officers/:id/deactivate', page(async (req, res) => {
    const caller = adminOnly(res);
    const officer = await partnership().getOfficer(idOf(req));
    const done = await access().deactivate(officer.id, caller);
    req.session.flash = `${officerFullName(officer)} is deactivated: they cannot sign in, and ${done.keysRevoked} API key${done.keysRevoked === 1 ? ' is' : 's are'} revoked.`;
    res.redirect(303, `/officers/${officer.id}`);
  }));
}
