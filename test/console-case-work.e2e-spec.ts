import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { EvidenceReviews } from '../src/case-journey/evidence-reviews.js';
import type { TestService } from './support/test-service.js';
import { accessibilityViolations, startConsole } from './support/console-browser.js';

jest.setTimeout(120_000); // a real browser on a shared 2-core machine

/** The case work issue 14 lists beyond contact: the action plan, evidence, court, Case Review; one browser. */
describe('the case officer works the case: action plan, evidence, court and Case Review', () => {
  let service: TestService;
  let browser: Browser;
  let base: string;
  let page: Page;
  let caseId = '';
  const pageTypes: Record<string, unknown[]> = {};
  const checkAccessibility = async (type: string) => {
    pageTypes[type] = await accessibilityViolations(page);
  };
  const main = () => page.locator('main').innerText();
  const submit = (name: string) => Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
  const today = () => DateTime.fromJSDate(service.clock.now(), { zone: 'Europe/London' });

  beforeAll(async () => {
    ({ service, browser, base } = await startConsole());
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${base}/sign-in`);
    await page.getByRole('button', { name: 'Sign in as PC Alex Morgan' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await page.getByRole('link', { name: 'Log a complaint' }).click();
    await page.getByLabel('Full name').fill('Ruth Okafor');
    await page.getByLabel('Address line 1').fill('3 Tanner Street');
    await page.getByLabel('Town or city').fill('Northampton');
    await page.getByLabel('Postcode', { exact: true }).fill('NN1 2PQ');
    await page.getByLabel('Describe what happened').fill('Loud music from the flat above every night until 3am.');
    await page.getByLabel('Nuisance').check();
    await page.locator('#incident-hateMotivated-2').check();
    await page.getByLabel('Postcode where it happens').fill('NN1 2PQ');
    await page.getByLabel('First choice of contact').selectOption('letter');
    for (const [id, answer] of [['discreet', 2], ['lettersToHome', 1], ['voicemailSafe', 2], ['largePrint', 2]] as const) {
      await page.locator(`#contactAgreement-${id}${answer === 1 ? '' : '-2'}`).check();
    }
    await Promise.all([page.waitForURL(/\/cases\//), page.getByRole('button', { name: 'Log the complaint' }).click()]);
    caseId = new URL(page.url()).pathname.split('/')[2];
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('agrees an action plan: the API’s own messages first, input kept; then the plan on the case page and sent', async () => {
    await page.getByRole('link', { name: 'Agree an action plan' }).click();
    await page.locator('#action-1-what').fill('Visit the flat above and give a written warning');
    await page.locator('#action-1-by').fill('2020-01-01');
    await submit('Agree the action plan');
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.getByRole('link', { name: 'Action 1: by must be today or later' }).getAttribute('href')).resolves.toBe('#action-1-by');
    await expect(page.locator('#action-1-what').inputValue()).resolves.toBe('Visit the flat above and give a written warning');
    await checkAccessibility('action-plan-with-errors');

    const by = today().plus({ days: 14 });
    await page.locator('#action-1-by').fill(by.toISODate()!);
    await page.locator('#action-1-who').selectOption({ index: 1 }); // the lead organisation
    await page.locator('#action-2-what').fill('Keep a diary of the noise');
    await page.locator('#action-2-by').fill(by.toISODate()!);
    await submit('Agree the action plan');
    expect(await main()).toContain('Version 1 of the action plan is agreed.');
    const table = await page.locator('#action-plan-table').innerText();
    expect(table).toMatch(/Visit the flat above[\s\S]*Keep a diary of the noise\s+The victim/);
    expect(table).toContain(by.toFormat('d LLLL yyyy'));
    const plans = await service.sql<{ version: number }>('SELECT version FROM action_plans WHERE case_id = $1', [caseId]);
    expect(plans).toEqual([{ version: 1 }]);
    const sent = await service.sql<{ channel: string }>(`SELECT channel FROM contacts WHERE case_id = $1 AND purpose = 'action_plan'`, [caseId]);
    expect(sent).toEqual([{ channel: 'letter' }]);

    await page.getByRole('link', { name: 'Change the action plan' }).click();
    await expect(page.locator('#action-2-what').inputValue()).resolves.toBe('Keep a diary of the noise');
    await checkAccessibility('action-plan');
  });

  it('records evidence, sends diary sheets and records an evidence review; errors on their fields, input kept', async () => {
    await service.app.get(EvidenceReviews).raiseDueReviews(); // the engine, driven: the case gets its first review date
    await page.goto(`${base}/cases/${caseId}`);
    await checkAccessibility('case-with-plan');
    expect(await page.locator('#evidence-summary').innerText()).toMatch(/0 items of evidence; 0 evidence reviews done\. Next review due/);
    await page.getByRole('link', { name: 'Diary sheets, evidence and reviews' }).click();
    await page.getByLabel('Description (optional)').fill('Two recordings of the music at 2am');
    await submit('Record the evidence');
    await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe('#evidence-kind');
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/kind must be one of the following values/);
    await expect(page.getByLabel('Description (optional)').inputValue()).resolves.toBe('Two recordings of the music at 2am');
    await checkAccessibility('evidence-with-errors');
    await page.getByLabel('Audio').check();
    await submit('Record the evidence');
    expect(await main()).toContain('The evidence is recorded.');
    expect(await page.locator('#evidence-table').innerText()).toMatch(/Audio[\s\S]*Two recordings of the music at 2am/);
    expect(await service.sql('SELECT kind FROM evidence_items WHERE case_id = $1', [caseId])).toEqual([{ kind: 'audio' }]);

    await submit('Send diary sheets');
    expect(await main()).toMatch(/Diary sheets are on their way by letter, to come back by/);
    expect(await service.sql(`SELECT channel FROM contacts WHERE case_id = $1 AND purpose = 'diary_sheet_cover'`, [caseId])).toEqual([{ channel: 'letter' }]);

    await page.locator('#review-reason').fill('The recordings show the music carries on after the warning.');
    await submit('Record the review');
    await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe('#review-action');
    await expect(page.locator('#review-reason').inputValue()).resolves.toBe('The recordings show the music carries on after the warning.');
    await page.locator('#review-action').fill('We will ask the council for a Community Protection Warning.');
    await submit('Record the review');
    expect(await main()).toContain('The evidence review is recorded');
    expect(await page.locator('#reviews-done').innerText()).toContain('We will ask the council for a Community Protection Warning.');
    expect(await service.sql('SELECT count(*)::int AS n FROM evidence_reviews WHERE case_id = $1', [caseId])).toEqual([{ n: 1 }]);
    await checkAccessibility('evidence');
  });

  it('records court proceedings, the victim’s Witness Service consent and special measures', async () => {
    await page.goto(`${base}/cases/${caseId}`);
    await page.getByRole('link', { name: 'Proceedings, Witness Service and special measures' }).click();
    await page.getByLabel('Court', { exact: true }).fill("Northtown Magistrates' Court");
    await page.locator('#proceedings-hearing-1-at').fill('2020-01-14');
    await submit('Record the proceedings');
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.getByRole('link', { name: /kind must be one of the following values/ }).getAttribute('href')).resolves.toBe('#proceedings-kind');
    await expect(summary.getByRole('link', { name: 'hearings.0.at must be a date and time, e.g. 2027-01-14T10:00' }).getAttribute('href')).resolves.toBe('#proceedings-hearing-1-at');
    await expect(page.getByLabel('Court', { exact: true }).inputValue()).resolves.toBe("Northtown Magistrates' Court");
    await checkAccessibility('court-with-errors');

    const hearing = today().plus({ days: 30 }).set({ hour: 10, minute: 0 });
    await page.getByLabel('Criminal').check();
    await page.locator('#proceedings-hearing-1-at').fill(hearing.toFormat("yyyy-LL-dd'T'HH:mm"));
    await page.locator('#proceedings-hearing-1-description').fill('Trial');
    await page.locator('#proceedings-consent-3').check(); // not asked yet
    await submit('Record the proceedings');
    expect(await main()).toContain('The criminal proceedings are recorded.');
    const [p] = await service.sql<{ id: string; witness_service_consent: boolean | null }>('SELECT id, witness_service_consent FROM court_proceedings WHERE case_id = $1', [caseId]);
    expect(p.witness_service_consent).toBeNull();
    const card = page.locator(`#proceedings-${p.id}`);
    expect(await card.innerText()).toMatch(/Criminal proceedings, Northtown Magistrates' Court[\s\S]*Trial[\s\S]*Witness Service consent\s+Not asked/);

    await card.getByLabel('Yes').check();
    await submit('Record the answer');
    expect(await main()).toContain('Consent is recorded: the Witness Service referral is made.');
    expect(await service.sql('SELECT witness_service_consent FROM court_proceedings WHERE id = $1', [p.id])).toEqual([{ witness_service_consent: true }]);
    expect(await service.sql('SELECT count(*)::int AS n FROM witness_service_referrals WHERE proceedings_id = $1', [p.id])).toEqual([{ n: 1 }]);

    await submit('Record the application');
    await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe(`#measures-${p.id}-measures`);
    await page.getByLabel('Screens').check();
    await page.getByLabel('Intimidated').check();
    await submit('Record the application');
    expect(await main()).toContain('The special measures application is recorded.');
    await page.getByLabel('Granted').check();
    await submit('Record the decision');
    expect(await page.locator(`#proceedings-${p.id}`).innerText()).toMatch(/Special measures\s+screens \(intimidated witness\): granted/);
    expect(await service.sql('SELECT measures, outcome FROM special_measures_applications WHERE proceedings_id = $1', [p.id])).toEqual([{ measures: ['screens'], outcome: 'granted' }]);
    await checkAccessibility('court');
  });

  it('shows Case Review eligibility and records a request; the API’s messages on their fields', async () => {
    await page.goto(`${base}/cases/${caseId}`);
    expect(await page.locator('#case-review-summary').innerText()).toMatch(/Not yet eligible \(1 qualifying complaints\)/);
    await page.getByRole('link', { name: 'Case Review eligibility and requests' }).click();
    expect(await page.locator('#eligibility').innerText()).toMatch(/Not yet eligible\s+1 qualifying complaint in the review window/);
    await page.getByLabel('Received on').fill(today().plus({ days: 1 }).toISODate()!);
    await page.getByLabel('Someone on the victim’s behalf, with their consent').check();
    await submit('Record the request');
    await expect(page.locator('.govuk-error-summary').getByRole('link', { name: /receivedVia must be one of the following values/ }).getAttribute('href')).resolves.toBe('#review-receivedVia');
    await checkAccessibility('case-review-with-errors');
    await page.getByLabel('Email').check();
    await submit('Record the request');
    await expect(page.locator('.govuk-error-summary').getByRole('link', { name: 'receivedOn must be today or earlier' }).getAttribute('href')).resolves.toBe('#review-receivedOn');
    await page.getByLabel('Received on').fill(today().toISODate()!);
    await submit('Record the request');
    await expect(page.locator('.govuk-error-summary').getByRole('link', { name: /applicantDetails must say who applied/ }).getAttribute('href')).resolves.toBe('#review-applicantDetails');
    await expect(page.getByLabel('Received on').inputValue()).resolves.toBe(today().toISODate());
    await page.getByLabel('Who asked on the victim’s behalf (if someone did)').fill('Cllr Jo Bloggs, ward councillor');
    await submit('Record the request');
    expect(await main()).toContain('The request for an ASB Case Review is recorded.');
    expect(await page.locator('#reviews-table').innerText()).toMatch(/Email\s+Requested/);
    expect(await service.sql('SELECT status, received_via, applicant FROM case_reviews WHERE case_id = $1', [caseId])).toEqual([{ status: 'requested', received_via: 'email', applicant: 'on_behalf' }]);
    await checkAccessibility('case-review');
  });

  it('refuses each new form without its CSRF token, and writes nothing', async () => {
    const counts = () => service.sql<{ n: number }>(`SELECT (SELECT count(*) FROM action_plans WHERE case_id = $1) + (SELECT count(*) FROM evidence_items WHERE case_id = $1)
      + (SELECT count(*) FROM court_proceedings WHERE case_id = $1) + (SELECT count(*) FROM case_reviews WHERE case_id = $1) AS n`, [caseId]);
    const before = await counts();
    const forms: [string, Record<string, string>][] = [
      ['action-plan', { 'action-1-what': 'Another visit', 'action-1-by': today().plus({ days: 3 }).toISODate()! }],
      ['evidence', { kind: 'photo' }],
      ['proceedings', { kind: 'civil', court: 'County Court', 'hearing-1-at': today().plus({ days: 9 }).toFormat("yyyy-LL-dd'T'10:00") }],
      ['case-review', { receivedOn: today().toISODate()!, receivedVia: 'phone', applicant: 'victim' }],
    ];
    for (const [path, form] of forms) {
      const response = await page.request.post(`${base}/cases/${caseId}/${path}`, { form: { ...form, _csrf: 'not-the-token' }, maxRedirects: 0 });
      expect([path, response.status()]).toEqual([path, 403]);
    }
    expect(await counts()).toEqual(before);
  });

  it('has no WCAG 2.2 AA violations on any new page type', () => {
    expect(Object.keys(pageTypes).sort()).toEqual(['action-plan', 'action-plan-with-errors', 'case-review', 'case-review-with-errors', 'case-with-plan', 'court', 'court-with-errors', 'evidence', 'evidence-with-errors']);
    expect(pageTypes).toEqual(Object.fromEntries(Object.keys(pageTypes).map((k) => [k, []])));
  });
});
