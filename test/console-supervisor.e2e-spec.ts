import { readFile } from 'node:fs/promises';
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { AuditService } from '../src/audit/audit.service.js';
import { ContactLog } from '../src/contacts/contact-log.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { pdfText } from './support/outbox.js';
import { complaint, SAFETY } from './support/partnership.js';
import type { TestService } from './support/test-service.js';
import { accessibilityViolations, screenshot, startConsole } from './support/console-browser.js';

jest.setTimeout(120_000); // a real browser on a shared 2-core machine

const T0 = new Date('2026-11-30T10:00:00Z'); // a Monday, 10:00 in London

/** Issue 15: the supervisor's work in the console: a case's SPOC, lead and sharing; the audit log; the print room. */
describe('the supervisor reassigns and shares a case, reads the audit log and runs the print room', () => {
  let service: TestService;
  let browser: Browser;
  let base: string;
  let page: Page;
  let caseId = '';
  let reference = '';
  let letterId = '';
  let runId = '';
  const ids: Record<string, string> = {};
  const keys: Record<string, string> = {};
  const pageTypes: Record<string, unknown[]> = {};
  const checkAccessibility = async (type: string, on: Page = page) => {
    pageTypes[type] = await accessibilityViolations(on);
  };
  const main = (on: Page = page) => on.locator('main').innerText();
  const submit = (name: string, on: Page = page) => Promise.all([on.waitForNavigation(), on.getByRole('button', { name }).click()]);
  const api = (path: string, who = keys.priya) => service.http().get(path).set('Authorization', `Bearer ${who}`);
  const signInAs = async (name: string) => {
    const p = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
    p.setDefaultTimeout(30_000);
    await p.goto(`${base}/sign-in`);
    await p.getByRole('button', { name: `Sign in as ${name}` }).click();
    await p.getByRole('heading', { name: 'My day' }).waitFor();
    return p;
  };

  beforeAll(async () => {
    ({ service, browser, base } = await startConsole());
    service.clock.travelTo(T0);
    for (const o of service.firstRun!.demoOfficers) keys[o.name] = o.apiKey;
    keys.priya = keys['Sgt Priya Shah'];
    for (const row of await service.sql<{ code: string; id: string }>('SELECT code, id FROM organisations')) ids[row.code] = row.id;
    const admin = `Bearer ${service.adminKey}`;
    const officer = async (organisationId: string, name: string, role: string, email: string) =>
      (await service.http().post('/v1/officers').set('Authorization', admin).send({ name, organisationId, role, email, phone: '01604 888119' }).expect(201)).body.id as string;
    ids.jamie = await officer(ids.SPOL, 'PC Jamie Reid', 'officer', 'jamie.reid@shireshire.police.example');
    ids.drew = await officer(ids.NBC, 'Drew Lane', 'supervisor', 'drew.lane@northtown.example');
    // Drew signs in with a password, set from the one-time link an administrator issues.
    const link = (await service.http().post(`/v1/officers/${ids.drew}/password-link`).set('Authorization', admin).expect(201)).body.url as string;

    // A letters-only case logged by PC Alex Morgan, its acknowledgement letter waiting for the print run.
    const victim = { name: 'Winifred Letterby', address: ['9 Quill Street', 'Northampton', 'NN1 4DL'] };
    const body = complaint(ids.SPOL, { victim, contactAgreement: { channels: ['letter'], ...SAFETY } });
    const c = (await service.http().post('/v1/cases').set('Authorization', `Bearer ${keys['PC Alex Morgan']}`).send(body).expect(201)).body;
    caseId = c.id;
    reference = c.reference;
    // The engine, driven: the acknowledgement letter is made now and waits for the print run.
    const letter = await service.app.get(ContactLog).create({ caseId, purpose: 'acknowledgement', channel: 'letter', dueAt: service.clock.now() }, service.manager);
    expect(await service.app.get(DeliveryService).deliver(letter.id)).toBe('awaiting_print');
    letterId = letter.id;
    page = await signInAs('Sgt Priya Shah');
    const setPassword = await browser.newPage();
    await setPassword.goto(`${base}${new URL(link).pathname}`);
    await setPassword.getByLabel('New password').fill('a long training password');
    await setPassword.getByLabel('Confirm the password').fill('a long training password');
    await submit('Set password', setPassword);
    await setPassword.close();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('a case officer cannot reach the supervisors’ pages: the 403 page, and no links to them', async () => {
    const alex = await signInAs('PC Alex Morgan');
    const nav = await alex.locator('.govuk-service-navigation').innerText();
    expect(nav).not.toContain('Print room');
    expect(nav).not.toContain('Audit log');
    for (const path of ['/audit', '/print-room', `/cases/${caseId}/supervise`]) {
      const response = await alex.goto(`${base}${path}`);
      expect([path, response!.status()]).toEqual([path, 403]);
      expect(await alex.getByRole('heading', { level: 1 }).innerText()).toBe('You cannot see this page');
    }
    await checkAccessibility('forbidden', alex);
    const csrf = await alex.locator('input[name=_csrf]').first().inputValue();
    const posted = await alex.request.post(`${base}/print-room/run`, { form: { _csrf: csrf }, maxRedirects: 0 });
    expect(posted.status()).toBe(403);
    expect(await service.sql('SELECT count(*)::int AS n FROM print_batches')).toEqual([{ n: 0 }]);
    await alex.goto(`${base}/cases/${caseId}`);
    expect(await main(alex)).not.toContain('Supervisor actions');
    await alex.context().close();
  });

  it('reassigns the SPOC: an error first, then the banner, the page and the API agree', async () => {
    await page.goto(`${base}/cases/${caseId}`);
    expect(await page.locator('#supervisor-actions').innerText()).toBe('Supervisor actions');
    await checkAccessibility('case-with-supervisor-actions');
    await page.getByRole('link', { name: 'Reassign the SPOC' }).click();
    expect(await page.locator('#case-assignment').innerText()).toMatch(/Lead organisation\s+Shireshire Police[\s\S]*SPOC\s+PC Alex Morgan/);
    await submit('Reassign the SPOC');
    await expect(page.locator('.govuk-error-summary').getByRole('link', { name: 'Select the officer to be the SPOC' }).getAttribute('href')).resolves.toBe('#spocOfficerId');
    await checkAccessibility('supervise-with-errors');
    await page.getByLabel('New single point of contact (SPOC)').selectOption({ label: 'PC Jamie Reid (officer)' });
    await submit('Reassign the SPOC');
    expect(await main()).toContain('PC Jamie Reid is now the SPOC for this case.');
    expect(await page.locator('#case-assignment').innerText()).toMatch(/SPOC\s+PC Jamie Reid/);
    const detail = (await api(`/v1/cases/${caseId}`).expect(200)).body;
    expect(detail.spoc).toMatchObject({ id: ids.jamie });
    expect(detail.history.at(-1)).toMatchObject({ type: 'spoc_changed', detail: { to: ids.jamie } });
  });

  it('shares the case with a partner and stops sharing it, as the API records it', async () => {
    await page.getByLabel('Partner organisation').selectOption({ label: 'Riverside Homes' });
    await submit('Share the case');
    expect(await main()).toContain('The case is shared with Riverside Homes.');
    await page.getByLabel('Partner organisation').selectOption({ label: 'Northtown Borough Council' });
    await submit('Share the case');
    expect(await page.locator('#shares-table').innerText()).toMatch(/Riverside Homes[\s\S]*Northtown Borough Council|Northtown Borough Council[\s\S]*Riverside Homes/);
    expect(await page.locator('#shares-table').innerText()).toContain('30 Nov 2026, 10:'); // the training clock's day
    await checkAccessibility('supervise');
    await screenshot(page, 'supervisor-actions');
    await submit('Stop sharing with Northtown Borough Council');
    expect(await main()).toContain('The case is no longer shared with Northtown Borough Council.');
    expect(await page.locator('#shares-table').innerText()).not.toContain('Northtown');
    const detail = (await api(`/v1/cases/${caseId}`).expect(200)).body;
    expect(detail.sharedWith).toEqual([expect.objectContaining({ organisationId: ids.RVH })]);
    expect(detail.history.slice(-3).map((e: { type: string }) => e.type)).toEqual(['shared', 'shared', 'unshared']);
    await api(`/v1/cases/${caseId}`, keys['Sam Okafor']).expect(200); // Riverside's officer now sees it
    await api(`/v1/cases/${caseId}`, keys['Jordan Ellis']).expect(404); // Northtown's no longer does
  });

  it('filters the audit log to find the reads and changes just made, and pages through it', async () => {
    // The engine, driven: thirty more reads of this case by PC Alex Morgan, for paging.
    const [{ id: alexId }] = await service.sql<{ id: string }>(`SELECT id FROM officers WHERE email = 'alex.morgan@shireshire.police.example'`);
    const alex = { officerId: alexId, organisationId: ids.SPOL, role: 'officer' as const };
    for (let i = 0; i < 30; i++) await service.app.get(AuditService).record(alex, 'victim_data_read', { caseId, fields: ['victim'] });

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Case reference').fill('ASB-twenty');
    await submit('Apply filters');
    await expect(page.locator('.govuk-error-summary').getByRole('link', { name: /caseReference must be a case reference/ }).getAttribute('href')).resolves.toBe('#caseReference');
    await expect(page.getByLabel('Case reference').inputValue()).resolves.toBe('ASB-twenty');
    await checkAccessibility('audit-with-errors');

    await page.getByLabel('Case reference').fill(reference);
    await page.getByLabel('Officer').selectOption({ label: 'Sgt Priya Shah' });
    await page.getByLabel('Action').selectOption({ label: 'Read a victim’s details' });
    await page.getByLabel('From').fill('2026-11-30');
    await page.getByLabel('To').fill('2026-11-30');
    await submit('Apply filters');
    const table = await page.locator('#audit-table').innerText();
    expect(table).toMatch(new RegExp(`Sgt Priya Shah\\s+Read a victim’s details\\s+${reference}`));
    expect(table).not.toContain('PC Alex Morgan');
    expect(table).not.toContain('Winifred');
    await checkAccessibility('audit');
    await screenshot(page, 'audit-log');

    await page.getByLabel('Officer').selectOption({ label: 'Anyone' });
    await page.getByLabel('Action').selectOption({ label: 'Any action' });
    await submit('Apply filters');
    expect(await page.locator('#audit-count').innerText()).toBe('Showing entries 1 to 25.');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Next/ }).click()]);
    expect(await page.locator('#audit-count').innerText()).toMatch(/^Showing entries 26 to \d+\.$/);
    expect(await page.locator('#audit-table').innerText()).toContain('Recorded a new victim'); // PC Alex Morgan logged it, the oldest entry
    await page.goto(`${base}/audit?from=2026-13-45`);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('From must be a real date, like 2026-11-30');
  });

  it('runs the print run now, downloads its PDF and manifest (audited) and marks it posted once', async () => {
    await page.getByRole('link', { name: 'Print room' }).click();
    expect(await page.locator('#letters-waiting').innerText()).toBe('1 letter waiting for the next print run.');
    expect(await page.locator('#runs-today').innerText()).toBe('No print run yet today.');
    await submit('Run the print run now');
    expect(await main()).toMatch(/Print run made: 1 letter in 1 envelope, \d+ sheets?\./);
    [{ id: runId }] = await service.sql<{ id: string }>('SELECT id FROM print_batches WHERE organisation_id = $1', [ids.SPOL]);
    const today = await page.locator('#runs-today').innerText();
    expect(today).toMatch(/30 Nov 2026, 10:\d\d\s+1\s+1\s+\d+\s+\d first, \d second class/);
    expect(today).toContain('Mark as posted');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^PDF/ }).click()]);
    expect((await pdfText(await readFile((await pdf.path())!))).text).toContain('Winifred Letterby');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Manifest/ }).click()]);
    expect([pdf.suggestedFilename(), csv.suggestedFilename()]).toEqual([expect.stringMatching(/^print-run-2026-11-30-\d{4}\.pdf$/), expect.stringMatching(/^print-run-2026-11-30-\d{4}\.csv$/)]);
    expect(await readFile((await csv.path())!, 'utf8')).toContain(letterId);
    const audited = await service.sql<{ action: string; fields: string[] }>(
      `SELECT a.action, a.fields FROM audit_entries a JOIN officers o ON o.id = a.officer_id WHERE a.detail->>'printBatchId' = $1 AND o.email = 'priya.shah@shireshire.police.example' ORDER BY a.id`, [runId]);
    expect(audited).toEqual([{ action: 'print_batch_downloaded', fields: ['letters.pdf'] }, { action: 'print_batch_downloaded', fields: ['manifest.csv'] }]);

    const second = await page.context().newPage(); // the print room left open in another tab
    await second.goto(`${base}/print-room`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Mark as posted/ }).click()]);
    expect(await main()).toContain('The print run is marked as posted.');
    expect(await page.locator('#runs-today').innerText()).toMatch(/Posted\s+30 Nov 2026, \d\d:\d\d, Sgt Priya Shah/);
    const [marked] = await service.sql<{ posted_at: Date | null }>('SELECT posted_at FROM print_batches WHERE id = $1', [runId]);
    expect(marked.posted_at).not.toBeNull();
    await checkAccessibility('print-room');
    await screenshot(page, 'print-room');

    const response = await Promise.all([second.waitForNavigation(), second.getByRole('button', { name: /Mark as posted/ }).click()]);
    expect(response[0]!.status()).toBe(409);
    expect(await second.locator('#conflict').innerText()).toMatch(/This print run is already marked as posted \(30 Nov 2026, \d\d:\d\d\)\. Nothing was changed\./);
    await checkAccessibility('print-room-already-posted', second);
    expect(await service.sql('SELECT posted_at FROM print_batches WHERE id = $1', [runId])).toEqual([marked]);
    await second.close();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').selectOption({ label: 'Downloaded a print run' });
    await submit('Apply filters');
    expect((await page.locator('#audit-table tbody tr').allInnerTexts()).length).toBe(2);
  });

  it('another organisation’s supervisor sees none of these print runs', async () => {
    const drew = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await drew.goto(`${base}/sign-in`);
    await drew.getByLabel('Email address').fill('drew.lane@northtown.example');
    await drew.getByLabel('Password').fill('a long training password');
    await Promise.all([drew.waitForNavigation(), drew.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await drew.getByRole('link', { name: 'Print room' }).click();
    expect(await drew.locator('#runs-today').innerText()).toBe('No print run yet today.');
    expect(await drew.locator('#runs-earlier').innerText()).toBe('None.');
    expect(await main(drew)).not.toContain(runId);
    for (const file of ['letters.pdf', 'manifest.csv']) {
      const response = await drew.goto(`${base}/print-room/${runId}/${file}`);
      expect([file, response!.status()]).toEqual([file, 404]);
    }
    await drew.goto(`${base}/audit?caseReference=${reference}`);
    expect(await drew.locator('#audit-count').innerText()).toBe('No entries match these filters.');
    await drew.context().close();
  });

  it('an administrator reads the whole audit log, with no way into a case, and has no print room', async () => {
    const admin = `Bearer ${service.adminKey}`;
    const [{ id: adminId }] = await service.sql<{ id: string }>(`SELECT id FROM officers WHERE role = 'admin'`);
    const link = (await service.http().post(`/v1/officers/${adminId}/password-link`).set('Authorization', admin).expect(201)).body.url as string;
    const p = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await p.goto(`${base}${new URL(link).pathname}`);
    await p.getByLabel('New password').fill('the administrator’s password');
    await p.getByLabel('Confirm the password').fill('the administrator’s password');
    await submit('Set password', p);
    await p.goto(`${base}/sign-in`);
    await p.getByLabel('Email address').fill('admin@csp.example');
    await p.getByLabel('Password').fill('the administrator’s password');
    await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    expect(await p.locator('.govuk-service-navigation').innerText()).not.toContain('Print room');
    await p.getByRole('link', { name: 'Audit log' }).click();
    await p.getByLabel('Case reference').fill(reference);
    await submit('Apply filters', p);
    expect(await p.locator('#audit-table').innerText()).toContain(reference);
    await expect(p.locator('#audit-table a').count()).resolves.toBe(0);
    expect(await main(p)).not.toContain('Winifred');
    expect((await p.goto(`${base}/print-room`))!.status()).toBe(403);
    await p.context().close();
  });

  it('hands the lead to another organisation: the new lead chooses the SPOC, and this one keeps sight of the case', async () => {
    await page.goto(`${base}/cases/${caseId}`);
    await page.getByRole('link', { name: 'Change the lead organisation' }).click();
    await page.getByLabel('New lead organisation').selectOption({ label: 'Southvale District Council' });
    await submit('Change the lead organisation');
    expect(await main()).toContain('Southvale District Council now leads this case and chooses its SPOC. Your organisation can still see it.');
    expect(await page.locator('#case-assignment').innerText()).toMatch(/Lead organisation\s+Southvale District Council\s+SPOC\s+Not assigned/);
    expect(await main()).toContain('Only the lead organisation’s supervisors can reassign the SPOC or hand over the lead.');
    await expect(page.getByRole('button', { name: 'Reassign the SPOC' }).count()).resolves.toBe(0);
    await checkAccessibility('supervise-shared-only');
    const detail = (await api(`/v1/cases/${caseId}`).expect(200)).body;
    expect(detail).toMatchObject({ leadOrganisation: expect.objectContaining({ id: ids.SDC }), spoc: null });
    expect(detail.sharedWith.map((s: { organisationId: string }) => s.organisationId).sort()).toEqual([ids.RVH, ids.SPOL].sort());
  });

  it('refuses each supervisor form without its CSRF token, and writes nothing', async () => {
    const state = () => service.sql(`SELECT (SELECT count(*)::int FROM print_batches) AS runs, (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS events,
      (SELECT count(*)::int FROM case_shares WHERE case_id = $1) AS shares`, [caseId]);
    const before = await state();
    const forms: [string, Record<string, string>][] = [
      [`/cases/${caseId}/supervise/spoc`, { spocOfficerId: ids.jamie }],
      [`/cases/${caseId}/supervise/lead`, { leadOrganisationId: ids.SPOL }],
      [`/cases/${caseId}/supervise/share`, { organisationId: ids.NBC }],
      [`/cases/${caseId}/supervise/shares/${ids.RVH}/stop`, {}],
      ['/print-room/run', {}],
      [`/print-room/${runId}/posted`, {}],
    ];
    for (const [path, form] of forms) {
      const response = await page.request.post(`${base}${path}`, { form: { ...form, _csrf: 'not-the-token' }, maxRedirects: 0 });
      expect([path, response.status()]).toEqual([path, 403]);
    }
    expect(await state()).toEqual(before);
  });

  it('has no WCAG 2.2 AA violations on any of the supervisors’ page types', () => {
    expect(Object.keys(pageTypes).sort()).toEqual(['audit', 'audit-with-errors', 'case-with-supervisor-actions', 'forbidden', 'print-room', 'print-room-already-posted', 'supervise', 'supervise-shared-only', 'supervise-with-errors']);
    expect(pageTypes).toEqual(Object.fromEntries(Object.keys(pageTypes).map((k) => [k, []])));
  });
});
