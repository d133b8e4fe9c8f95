import type { Request, Response, Router } from 'express';
import { AuditService } from '../../audit/audit.service.js';
import type { Caller } from '../../auth/access.js';
import { officerFullName } from '../../partnership/names.js';
import type { Role } from '../../partnership/officer.entity.js';
import { TRAINING_OFFICER_EMAILS } from '../../partnership/first-run.service.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { ConsoleAccounts, MIN_PASSWORD_LENGTH } from '../accounts.service.js';
import { safeNext } from '../console-gate.js';
import { callerOf, formErrors, page, type PageKit, render, service } from './page-kit.js';

/** The training people to sign in as (training mode only): name, role, organisation. */
async function trainingPeople(kit: PageKit) {
  if (kit.settings.mode !== 'training') return [];
  const partnership = service(kit, PartnershipService);
  const [officers, organisations] = await Promise.all([partnership.listOfficers(), partnership.listOrganisations()]);
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  return officers
    .filter((o) => o.active && TRAINING_OFFICER_EMAILS.includes(o.email))
    .map((o) => ({ id: o.id, name: officerFullName(o), role: o.role, organisation: names.get(o.organisationId) ?? '' }));
}

/** Starts a fresh session (no fixation) for the officer, audits it, and goes back where they were going. */
async function startSession(kit: PageKit, req: Request, res: Response, caller: Caller, how: string): Promise<void> {
  const draft = req.session.draft;
  await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
  req.session.officerId = caller.officerId;
  if (draft) req.session.draft = draft;
  await service(kit, AuditService).record(caller, 'console_signed_in', { fields: [], detail: { how } });
  await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
  res.redirect(303, safeNext((req.body as Record<string, string>).next));
}

export function registerSignIn(router: Router, kit: PageKit): void {
  router.get('/sign-in', page(async (req, res) => {
    if (res.locals.caller) return res.redirect(303, safeNext(req.query.next));
    render(kit, res, 'sign-in.njk', { next: safeNext(req.query.next), expired: req.query.expired === '1', signedOut: req.query.signedOut === '1', people: await trainingPeopleCached(kit, res) });
  }));

  router.post('/sign-in', page(async (req, res) => {
    const body = req.body as Record<string, string>;
    const problems = [];
    if (!body.email?.trim()) problems.push({ field: 'email', message: 'Enter your email address' });
    if (!body.password) problems.push({ field: 'password', message: 'Enter your password' });
    if (problems.length === 0) {
      const result = await service(kit, ConsoleAccounts).signIn(body.email, body.password);
      if (result.ok) return startSession(kit, req, res, result.caller, 'password');
      problems.push({
        field: 'email',
        message: result.locked
          ? 'This account is locked after too many failed attempts. Try again in 15 minutes or ask an administrator for a new link'
          : 'Enter a correct email address and password',
      });
    }
    res.status(400);
    render(kit, res, 'sign-in.njk', { next: safeNext(body.next), email: body.email, errors: formErrors(problems), people: await trainingPeopleCached(kit, res) });
  }));

  router.post('/sign-in/training', page(async (req, res) => {
    const body = req.body as Record<string, string>;
    const person = (await trainingPeopleCached(kit, res)).find((p) => p.id === body.officerId);
    if (!person) {
      res.status(400);
      const errors = formErrors([{ field: 'officerId', message: 'Choose a training person to sign in as' }]);
      return render(kit, res, 'sign-in.njk', { next: safeNext(body.next), errors, people: await trainingPeopleCached(kit, res) });
    }
    const [officer] = await service(kit, PartnershipService).findOfficers([person.id]);
    await startSession(kit, req, res, { officerId: officer.id, organisationId: officer.organisationId, role: officer.role as Role }, 'training');
  }));

  router.post('/sign-out', page(async (req, res) => {
    await service(kit, AuditService).record(callerOf(res), 'console_signed_out', { fields: [] });
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('asb.console', { path: '/' });
    res.redirect(303, '/sign-in?signedOut=1');
  }));

  router.get('/set-password/:token', page(async (req, res) => {
    const officerId = await service(kit, ConsoleAccounts).linkOfficer(String(req.params.token));
    if (!officerId) res.status(404);
    render(kit, res, 'set-password.njk', { valid: Boolean(officerId), token: req.params.token, minLength: MIN_PASSWORD_LENGTH });
  }));

  router.post('/set-password/:token', page(async (req, res) => {
    const body = req.body as Record<string, string>;
    const password = body.password ?? '';
    const problems = [];
    if (password.length < MIN_PASSWORD_LENGTH) problems.push({ field: 'password', message: `Password must be ${MIN_PASSWORD_LENGTH} characters or more` });
    else if (password.length > 256) problems.push({ field: 'password', message: 'Password must be 256 characters or fewer' });
    else if (password !== body.confirm) problems.push({ field: 'confirm', message: 'The passwords do not match' });
    if (problems.length === 0) {
      const done = await service(kit, ConsoleAccounts).setPassword(String(req.params.token), password);
      if (done) return render(kit, res, 'set-password.njk', { done: true });
      res.status(404);
      return render(kit, res, 'set-password.njk', { valid: false });
    }
    res.status(400);
    render(kit, res, 'set-password.njk', { valid: true, token: req.params.token, minLength: MIN_PASSWORD_LENGTH, errors: formErrors(problems) });
  }));
}

/** Read once per request, only on the pages that show the sign-in form. */
async function trainingPeopleCached(kit: PageKit, res: Response) {
  if (!res.locals.trainingPeople) res.locals.trainingPeople = trainingPeople(kit);
  return res.locals.trainingPeople as ReturnType<typeof trainingPeople>;
}
