import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { TestService } from './support/test-service.js';
import { complaint } from './support/partnership.js';
import { accessibilityViolations, screenshot, startConsole } from './support/console-browser.js';

jest.setTimeout(120_000); // a real browser on a shared 2-core machine

const ADMIN_PASSWORD = 'partnership admin passphrase';
const NEW_PASSWORD = 'three random words plus';

/** Issue 15: the partnership's administrators manage organisations and officers in the console; one browser. */
describe('administrators in the console: organisations, officers, passwords and API keys', () => {
  let service: TestService;
  let browser: Browser;
  let base: string;
  let page: Page;
  let policeCase: { id: string; reference: string };
  let newOfficerId = '';
  const pageTypes: Record<string, unknown[]> = {};
  const checkAccessibility = async (type: string) => {
    pageTypes[type] = await accessibilityViolations(page);
  };
  const main = () => page.locator('main').innerText();
  const submit = (name: string) => Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  const summaryLinks = () => page.locator('.govuk-error-summary a').evaluateAll((links) => links.map((a) => ({ text: a.textContent?.trim(), href: a.getAttribute('href') })));
  const demoKey = (name: string) => service.firstRun!.demoOfficers.find((o) => o.name === name)!.apiKey;
  const count = async (table: string) => (await service.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  /** Sets a password from a one-time link and signs in with it, in the page given. */
  const setPasswordAndSignIn = async (on: Page, linkPath: string, email: string, password: string) => {
    await on.goto(`${base}${linkPath}`);
    await on.getByLabel('New password').fill(password);
    await on.getByLabel('Confirm the password').fill(password);
    await Promise.all([on.waitForNavigation(), on.getByRole('button', { name: 'Set password' }).click()]);
    await on.getByRole('heading', { name: 'Your password is set' }).waitFor();
    await on.goto(`${base}/sign-in`);
    await on.locator('#email').fill(email);
    await on.locator('#password').fill(password);
    await Promise.all([on.waitForNavigation(), on.locator('form[action="/sign-in"] button').click()]);
  };

  beforeAll(async () => {
    ({ service, browser, base } = await startConsole());
    const [police] = await service.sql<{ id: string }>(`SELECT id FROM organisations WHERE code = 'SPOL'`);
    const opened = await service.http().post('/v1/cases').set('Authorization', `Bearer ${demoKey('PC Alex Morgan')}`).send(complaint(police.id)).expect(201);
    policeCase = { id: opened.body.id, reference: opened.body.reference };
    const [admin] = await service.sql<{ id: string; email: string }>(`SELECT id, email FROM officers WHERE role = 'admin'`);
    const link = (await service.http().post(`/v1/officers/${admin.id}/password-link`).set('Authorization', `Bearer ${service.adminKey}`).expect(201)).body;
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000);
    await setPasswordAndSignIn(page, new URL(link.url).pathname, admin.email, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('gives an administrator an admin home, with no case data, and no case pages', async () => {
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    const nav = await page.locator('.govuk-service-navigation__list').innerText();
    expect(nav).toMatch(/My day\s+Organisations\s+Officers/);
    expect(nav).not.toContain('Find a case');
    const home = await page.content();
    for (const secret of ['Jane Doe', policeCase.reference, 'Acacia', '07911']) expect(home).not.toContain(secret);
    expect(await main()).not.toMatch(/overdue|due today|open cases/i);
    await checkAccessibility('admin-home');
    for (const path of [`/cases/${policeCase.id}`, '/find-a-case', `/find-a-case?reference=${policeCase.reference}`, '/log-a-complaint', `/cases/${policeCase.id}/court`]) {
      const response = await page.goto(`${base}${path}`);
      expect([path, response?.status()]).toEqual([path, 403]);
      expect(await main()).toContain('You cannot see this page');
      for (const secret of ['Jane Doe', 'Acacia', '07911']) expect(await page.content()).not.toContain(secret);
    }
    await page.goto(`${base}/cases/not-a-case`);
    expect(await main()).toMatch(/You cannot see this page|Page not found/);
  });

  it('adds an organisation: a bad form names each field and writes nothing; then it is listed', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Organisations' }).first().click();
    await page.locator('#organisations-table').waitFor();
    expect(await page.locator('#organisations-table').innerText()).toMatch(/Shireshire Police\s+SPOL\s+101/);
    await checkAccessibility('organisations');
    await page.getByRole('button', { name: 'Add an organisation' }).click();
    const before = await count('organisations');
    await page.getByLabel('Name', { exact: true }).fill('Eastfield Housing Trust');
    await page.getByLabel('Code').fill('eht');
    await page.getByLabel('SMS sender (optional)', { exact: true }).fill('Eastfield Housing');
    await submit('Add the organisation');
    expect(await summaryLinks()).toEqual([
      { text: 'code must be 2–16 capital letters, digits or hyphens', href: '#code' },
      { text: expect.stringMatching(/^phone must/), href: '#phone' },
      { text: 'smsSender must be 3–11 letters, digits or spaces with at least one letter, or a number in +44… form', href: '#smsSender' },
    ]);
    expect(await page.title()).toMatch(/^Error: /);
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Eastfield Housing Trust');
    expect(await count('organisations')).toBe(before);
    await checkAccessibility('organisation-with-errors');

    await page.getByLabel('Code').fill('EHT');
    await page.getByLabel('Phone number').fill('0300 123 4567');
    await page.getByLabel('SMS sender (optional)', { exact: true }).fill('EastfieldHT');
    await page.getByLabel('Address line 1').fill('2 Mill Lane');
    await page.getByLabel('Address line 2').fill('Eastfield');
    await page.getByLabel('Address line 3').fill('EF1 2AB');
    await submit('Add the organisation');
    expect(await main()).toContain('Eastfield Housing Trust is added.');
    expect(await page.locator('#organisations-table').innerText()).toMatch(/Eastfield Housing Trust\s+EHT\s+0300 123 4567\s+0/);
    expect(await service.sql(`SELECT phone, sms_sender, address FROM organisations WHERE code = 'EHT'`))
      .toEqual([{ phone: '0300 123 4567', sms_sender: 'EastfieldHT', address: ['2 Mill Lane', 'Eastfield', 'EF1 2AB'] }]);
  });

  it('changes an organisation’s letterhead, SMS sender and neutral discreet sender; the phone cannot be removed', async () => {
    await page.getByRole('link', { name: 'Eastfield Housing Trust' }).click();
    await page.getByRole('heading', { name: 'Eastfield Housing Trust' }).waitFor();
    await expect(page.getByLabel('Address line 2').inputValue()).resolves.toBe('Eastfield');
    await checkAccessibility('organisation');
    await screenshot(page, 'admin-organisation');
    await page.getByLabel('Phone number').fill('');
    await page.getByLabel('Neutral SMS sender (optional)').fill('EHT Help');
    await page.getByLabel('Email address (optional)').fill('not an address');
    await submit('Save the changes');
    const links = await summaryLinks();
    expect(links.map((l) => l.href)).toEqual(['#phone', '#email', '#discreetSmsSender'].filter((h) => links.some((l) => l.href === h)));
    expect(links.find((l) => l.href === '#phone')?.text).toBe('phone is required: every email and letter gives it');
    expect(links.find((l) => l.href === '#email')?.text).toBe('email must be an email');
    const [unchanged] = await service.sql<{ phone: string }>(`SELECT phone FROM organisations WHERE code = 'EHT'`);
    expect(unchanged.phone).toBe('0300 123 4567');

    await page.getByLabel('Phone number').fill('0300 123 9999');
    await page.getByLabel('Email address (optional)').fill('asb@eastfield.example');
    await submit('Save the changes');
    // The discreet check, as the API makes it: the organisation's own code is no neutral sender.
    expect(await summaryLinks()).toEqual([{ text: expect.stringContaining('discreetSmsSender is shown in discreet messages and must not contain'), href: '#discreetSmsSender' }]);
    await page.getByLabel('Neutral SMS sender (optional)').fill('Info');
    await page.getByLabel('Neutral name (optional)').fill('Support Team');
    await page.getByLabel('SMS sender (optional)', { exact: true }).fill('');
    await submit('Save the changes');
    expect(await main()).toContain('The changes are saved.');
    expect(await service.sql(`SELECT phone, email, sms_sender, discreet_name, discreet_sms_sender FROM organisations WHERE code = 'EHT'`))
      .toEqual([{ phone: '0300 123 9999', email: 'asb@eastfield.example', sms_sender: null, discreet_name: 'Support Team', discreet_sms_sender: 'Info' }]);
    const audit = await service.sql<{ fields: string[] }>(`SELECT fields FROM audit_entries WHERE action = 'organisation_changed'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].fields).toEqual(expect.arrayContaining(['phone', 'email', 'smsSender', 'discreetName', 'discreetSmsSender']));
  });

  it('adds an officer and issues a set-password link; the officer sets a password in a fresh browser and sees My day', async () => {
    await page.getByRole('link', { name: 'Officers' }).first().click();
    const table = await page.locator('#officers-table').innerText();
    expect(table).toMatch(/Alex Morgan\s+PC\s+Case officer\s+Shireshire Police\s+Active/);
    await checkAccessibility('officers');
    await page.getByRole('button', { name: 'Add an officer' }).click();
    await page.getByLabel('Name').fill('Kamal Hussain');
    await page.getByLabel('Email address').fill('kamal.hussain');
    await submit('Add the officer');
    expect((await summaryLinks()).map((l) => l.href)).toEqual(expect.arrayContaining(['#email', '#organisationId', '#role']));
    expect(await count(`officers WHERE name = 'Kamal Hussain'`)).toBe(0);
    await checkAccessibility('officer-new-with-errors');

    await page.getByLabel('Rank (optional)').fill('PC');
    await page.getByLabel('Email address').fill('kamal.hussain@shireshire.police.example');
    await page.getByLabel('Organisation').selectOption({ label: 'Shireshire Police' });
    await page.getByLabel('Case officer').check();
    await submit('Add the officer');
    expect(await page.locator('h1').innerText()).toBe('PC Kamal Hussain is added');
    expect(await page.locator('#secret').innerText()).toMatch(/^asb_/);
    [{ id: newOfficerId }] = await service.sql<{ id: string }>(`SELECT id FROM officers WHERE email = 'kamal.hussain@shireshire.police.example' AND rank = 'PC' AND role = 'officer'`);
    await checkAccessibility('shown-once');

    await page.getByRole('link', { name: 'Go to the officer’s page' }).click();
    await page.getByRole('heading', { name: 'PC Kamal Hussain' }).waitFor();
    expect(await page.locator('.console-identity').innerText()).toMatch(/Signed in as Partnership administrator \(admin\)/);
    await checkAccessibility('officer');
    await submit('Issue a set-password link');
    const url = await page.locator('#secret').innerText();
    expect(url).toMatch(/\/set-password\/[\w-]{40,}$/);
    expect(await main()).toContain('This is shown once');
    expect(await service.sql(`SELECT detail FROM audit_entries WHERE action = 'password_link_issued' AND detail->>'officerId' = $1`, [newOfficerId])).toHaveLength(1);

    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const theirs = await fresh.newPage();
      theirs.setDefaultTimeout(30_000);
      await setPasswordAndSignIn(theirs, new URL(url).pathname, 'kamal.hussain@shireshire.police.example', NEW_PASSWORD);
      await theirs.getByRole('heading', { name: 'My day' }).waitFor();
      await expect(theirs.getByText('Signed in as PC Kamal Hussain').isVisible()).resolves.toBe(true);
      const response = await theirs.goto(`${base}/officers`);
      expect(response?.status()).toBe(403); // a case officer manages no one
    } finally {
      await fresh.close();
    }
  });

  it('changes an officer’s rank and role; issues an API key shown once, then revokes it and the API refuses it (401)', async () => {
    await page.goto(`${base}/officers/${newOfficerId}`);
    await page.getByLabel('Rank (optional)').fill('Sgt');
    await page.getByLabel('Supervisor').check();
    await submit('Save the changes');
    expect(await main()).toContain('The changes are saved.');
    expect(await page.locator('h1').innerText()).toBe('Sgt Kamal Hussain');
    expect(await service.sql(`SELECT rank, role FROM officers WHERE id = $1`, [newOfficerId])).toEqual([{ rank: 'Sgt', role: 'supervisor' }]);

    await submit('Issue an API key');
    const key = await page.locator('#secret').innerText();
    expect(await page.locator('.govuk-warning-text').innerText()).toMatch(/shown once and cannot be shown again/);
    await service.http().get('/v1/officers/me').set('Authorization', `Bearer ${key}`).expect(200);
    await page.getByRole('link', { name: 'Go to the officer’s page' }).click();
    await page.locator('#keys-table').waitFor();
    expect(await page.locator('#keys-table').innerText()).not.toContain(key);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: `Revoke the key ${key.slice(0, 10)}` }).click()]);
    expect(await main()).toContain(`The API key ${key.slice(0, 10)}… is revoked`);
    await service.http().get('/v1/officers/me').set('Authorization', `Bearer ${key}`).expect(401);
    await screenshot(page, 'admin-officer');

    // The service's refusal (409) shows on the field it is about; nothing changes.
    const [alex] = await service.sql<{ id: string }>(`SELECT id FROM officers WHERE email = 'alex.morgan@shireshire.police.example'`);
    await page.goto(`${base}/officers/${alex.id}`);
    await page.getByLabel('Comms').check();
    await submit('Save the changes');
    expect(await summaryLinks()).toEqual([{ text: 'The officer is the SPOC of 1 open case: give it another SPOC first', href: '#role' }]);
    expect(await service.sql('SELECT role FROM officers WHERE id = $1', [alex.id])).toEqual([{ role: 'officer' }]);
  });

  it('keeps a case officer out of every admin page and form', async () => {
    const context = await browser.newContext();
    try {
      const theirs = await context.newPage();
      await theirs.goto(`${base}/sign-in`);
      await Promise.all([theirs.waitForNavigation(), theirs.getByRole('button', { name: 'Sign in as PC Alex Morgan' }).click()]);
      expect(await theirs.locator('.govuk-service-navigation__list').innerText()).not.toMatch(/Organisations|Officers/);
      const [spol] = await service.sql<{ id: string }>(`SELECT id FROM organisations WHERE code = 'SPOL'`);
      for (const path of ['/organisations', '/organisations/new', `/organisations/${spol.id}`, '/officers', '/officers/new', `/officers/${newOfficerId}`]) {
        const response = await theirs.goto(`${base}${path}`);
        expect([path, response?.status()]).toEqual([path, 403]);
      }
      const csrf = await theirs.locator('input[name="_csrf"]').first().inputValue();
      const before = await service.sql('SELECT (SELECT count(*) FROM organisations) AS o, (SELECT count(*) FROM api_keys) AS k, (SELECT count(*) FROM password_links) AS l');
      const forms: [string, Record<string, string>][] = [
        ['/organisations', { name: 'Rogue Org', code: 'ROGUE', phone: '101' }],
        [`/organisations/${spol.id}`, { name: 'Renamed', phone: '101' }],
        ['/officers', { name: 'Someone', email: 'someone@example.com', organisationId: spol.id, role: 'admin' }],
        [`/officers/${newOfficerId}/api-keys`, {}],
        [`/officers/${newOfficerId}/password-link`, {}],
        [`/officers/${newOfficerId}/deactivate`, {}],
      ];
      for (const [path, form] of forms) {
        const response = await theirs.request.post(`${base}${path}`, { form: { ...form, _csrf: csrf }, maxRedirects: 0 });
        expect([path, response.status()]).toEqual([path, 403]);
      }
      expect(await service.sql('SELECT (SELECT count(*) FROM organisations) AS o, (SELECT count(*) FROM api_keys) AS k, (SELECT count(*) FROM password_links) AS l')).toEqual(before);
      expect(await service.sql(`SELECT name, active FROM officers WHERE id = $1`, [newOfficerId])).toEqual([{ name: 'Kamal Hussain', active: true }]);
    } finally {
      await context.close();
    }
  });

  it('refuses each admin form without its CSRF token, and writes nothing', async () => {
    const counts = () => service.sql('SELECT (SELECT count(*) FROM organisations) AS o, (SELECT count(*) FROM officers) AS p, (SELECT count(*) FROM api_keys) AS k, (SELECT count(*) FROM password_links) AS l');
    const before = await counts();
    const forms: [string, Record<string, string>][] = [
      ['/organisations', { name: 'Forged Org', code: 'FORGED', phone: '101' }],
      ['/officers', { name: 'Forged Person', email: 'forged@example.com', role: 'admin' }],
      [`/officers/${newOfficerId}/api-keys`, {}],
      [`/officers/${newOfficerId}/password-link`, {}],
    ];
    for (const [path, form] of forms) {
      const response = await page.request.post(`${base}${path}`, { form: { ...form, _csrf: 'not-the-token' }, maxRedirects: 0 });
      expect([path, response.status()]).toEqual([path, 403]);
    }
    expect(await counts()).toEqual(before);
  });

  it('has the same rules in the API: PATCH organisations and officers, 400 naming the field, 403 for others, 409 for the last admin', async () => {
    const admin = `Bearer ${service.adminKey}`;
    const [eht] = await service.sql<{ id: string }>(`SELECT id FROM organisations WHERE code = 'EHT'`);
    const bad = await service.http().patch(`/v1/organisations/${eht.id}`).set('Authorization', admin).send({ smsSender: 'x', phone: null, code: 'NEW' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['code', 'phone', 'smsSender']);
    await service.http().patch(`/v1/organisations/${eht.id}`).set('Authorization', `Bearer ${demoKey('Sgt Priya Shah')}`).send({ name: 'Renamed' }).expect(403);
    const ok = await service.http().patch(`/v1/organisations/${eht.id}`).set('Authorization', admin).send({ website: 'https://eastfield.example', discreetName: null }).expect(200);
    expect(ok.body).toMatchObject({ code: 'EHT', website: 'https://eastfield.example', discreetName: null, phone: '0300 123 9999' });

    await service.http().patch(`/v1/officers/${newOfficerId}`).set('Authorization', admin).send({ role: 'chief' }).expect(400);
    await service.http().patch(`/v1/officers/${newOfficerId}`).set('Authorization', `Bearer ${demoKey('Sgt Priya Shah')}`).send({ rank: 'Insp' }).expect(403);
    const changed = await service.http().patch(`/v1/officers/${newOfficerId}`).set('Authorization', admin).send({ name: 'Insp Kamal Hussain' }).expect(200);
    expect(changed.body).toMatchObject({ rank: 'Insp', name: 'Kamal Hussain', role: 'supervisor' });
    const [adminRow] = await service.sql<{ id: string }>(`SELECT id FROM officers WHERE role = 'admin'`);
    const last = await service.http().patch(`/v1/officers/${adminRow.id}`).set('Authorization', admin).send({ role: 'officer' }).expect(409);
    expect(last.body.message).toMatch(/last active admin/);
    const [alex] = await service.sql<{ id: string }>(`SELECT id FROM officers WHERE email = 'alex.morgan@shireshire.police.example'`);
    const spoc = await service.http().patch(`/v1/officers/${alex.id}`).set('Authorization', admin).send({ role: 'comms' }).expect(409);
    expect(spoc.body.message).toMatch(/SPOC of 1 open case/);
    const audit = await service.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE action IN ('organisation_changed', 'officer_changed') ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['organisation_changed', 'officer_changed', 'organisation_changed', 'officer_changed']);
  });

  it('has no WCAG 2.2 AA violations on any admin page type', () => {
    expect(Object.keys(pageTypes).sort()).toEqual(['admin-home', 'officer', 'officer-new-with-errors', 'officers', 'organisation', 'organisation-with-errors', 'organisations', 'shown-once']);
    expect(pageTypes).toEqual(Object.fromEntries(Object.keys(pageTypes).map((k) => [k, []])));
  });
});
