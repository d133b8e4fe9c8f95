import { readFileSync } from 'node:fs';
import { jest } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { SurveysService } from '../src/surveys/surveys.service.js';
import { accessibilityViolations, deliverDue, screenshot, startConsole } from './support/console-browser.js';
import { complaint } from './support/partnership.js';
import type { TestService } from './support/test-service.js';

jest.setTimeout(180_000); // a real browser on a shared 2-core machine

type Json = Record<string, any>;
const MONDAY_10AM = new Date('2027-03-01T10:00:00Z');

/**
 * The supervisors' team dashboard (issue 15): cases seeded through the API with known outcomes,
 * the supervisor reads the tables and a CSV, and everyone else is kept out.
 */
describe('the supervisors’ team dashboard', () => {
  let service: TestService;
  let browser: Browser;
  let base: string;
  let page: Page;
  let keys: Record<string, string>;
  let councilSupervisorKey = '';
  let police = '';
  let council = '';
  const seeded: Record<string, { id: string; reference: string }> = {};
  const london = () => DateTime.fromJSDate(service.clock.now(), { zone: 'Europe/London' });
  let window = { from: '', to: '' };

  const api = (key: string) => ({
    get: (path: string) => service.http().get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body: object) => service.http().post(path).set('Authorization', `Bearer ${key}`).send(body),
  });
  const log = async (name: string, key: string, org: string, overrides: Record<string, unknown>) => {
    const victim = { name, email: `${name.split(' ')[0].toLowerCase()}@example.com`, address: ['1 Mill Road', 'Northampton', 'NN1 3AB'] };
    const res = await api(key).post('/v1/cases', complaint(org, { victim, ...overrides })).expect(201);
    return { id: res.body.id as string, reference: res.body.reference as string };
  };
  /** Moves the training clock (its jobs run) and delivers what has come due, as the dispatch worker would. */
  const moveClock = async (to: DateTime) => {
    await api(keys['PC Alex Morgan']).post('/v1/training/clock', { now: to.toUTC().toISO() }).expect(200);
    await deliverDue(service);
  };
  const sendSurvey = (caseId: string) =>
    service.app.get(DataSource).transaction((db) => service.app.get(SurveysService).send(caseId, 'mid_case', db));
  const dashboard = (key: string, from = window.from, to = window.to) => api(key).get(`/v1/reports/dashboard?from=${from}&to=${to}`);
  const tableRows = (chart: string) =>
    page.locator(`#table-${chart} tbody tr`).evaluateAll((rows) => rows.map((r) => (Array.from(r.children) as { textContent: string | null }[]).map((c) => (c.textContent ?? '').trim())));

  beforeAll(async () => {
    ({ service, browser, base } = await startConsole());
    keys = Object.fromEntries(service.firstRun!.demoOfficers.map((o) => [o.name, o.apiKey]));
    const orgs = await service.sql<{ id: string; code: string }>(`SELECT id, code FROM organisations`);
    police = orgs.find((o) => o.code === 'SPOL')!.id;
    council = orgs.find((o) => o.code === 'NBC')!.id;
    const drew = await service.http().post('/v1/officers').set('Authorization', `Bearer ${service.adminKey}`)
      .send({ name: 'Drew Council', organisationId: council, role: 'supervisor', email: 'drew.council@northtown.example', phone: '0300 330 7009' }).expect(201);
    councilSupervisorKey = drew.body.apiKey;
    service.clock.travelTo(MONDAY_10AM);

    const alex = keys['PC Alex Morgan'];
    const jordan = keys['Jordan Ellis'];
    seeded.high = await log('Hana High', alex, police, { riskAssessment: { answers: { threats_or_violence: true } } });
    seeded.standard = await log('Sam Standard', alex, police, {});
    const hate = { description: 'They shout racist abuse at me in the street.', category: 'personal', hateMotivated: true, postcode: 'nn1 3ab' };
    seeded.hate = await log('Una Unanswered', alex, police, { incident: hate });
    // Three reports by the same person about the same area, as three cases: each meets the Case Review threshold.
    for (const n of [1, 2, 3]) seeded[`repeat${n}`] = await log('Rae Repeat', alex, police, {});
    seeded.councilOnly = await log('Cal Council', jordan, council, {});
    seeded.councilShared = await log('Shay Shared', jordan, council, {});
    await api(jordan).post(`/v1/cases/${seeded.councilShared.id}/shares`, { organisationId: police }).expect(200);

    // Next morning: contacts planned and sent; the high-risk and one standard case answered in time.
    await moveClock(london().plus({ days: 1 }).set({ hour: 9, minute: 30 }));
    await api(alex).post(`/v1/cases/${seeded.high.id}/responded`, {}).expect(200);
    await api(alex).post(`/v1/cases/${seeded.standard.id}/responded`, {}).expect(200);
    for (const c of [seeded.high, seeded.standard, seeded.hate]) await sendSurvey(c.id);
    await api(alex).post(`/v1/cases/${seeded.high.id}/survey-responses`, { overall: 5, keptInformed: 4 }).expect(201);
    await api(alex).post(`/v1/cases/${seeded.standard.id}/survey-responses`, { overall: 1, keptInformed: 2 }).expect(201);
    // Eight days on: the shared council case is answered late; the others still wait, past their deadline.
    await moveClock(london().plus({ days: 8 }).set({ hour: 11, minute: 0 }));
    await api(jordan).post(`/v1/cases/${seeded.councilShared.id}/responded`, {}).expect(200);
    window = { from: london().minus({ weeks: 12 }).plus({ days: 1 }).toISODate()!, to: london().toISODate()! };

    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${base}/sign-in`);
    await page.getByRole('button', { name: 'Sign in as Sgt Priya Shah' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  /** What the police supervisor should see, worked out from the cases as the cases API shows them. */
  async function expected() {
    const priya = keys['Sgt Priya Shah'];
    const visible = [seeded.high, seeded.standard, seeded.hate, seeded.repeat1, seeded.repeat2, seeded.repeat3, seeded.councilShared];
    const cases: Json[] = await Promise.all(visible.map(async (c) => (await api(priya).get(`/v1/cases/${c.id}`).expect(200)).body));
    const now = service.clock.now().getTime();
    const firstResponses = new Map<string, { inTime: number; late: number; openPastDeadline: number }>();
    for (const c of cases) {
      const key = `${c.leadOrganisationId}|${c.riskLevel === 'high' ? 1 : 5}`;
      const row = firstResponses.get(key) ?? { inTime: 0, late: 0, openPastDeadline: 0 };
      const due = new Date(c.responseDueAt).getTime();
      if (c.respondedAt) row[new Date(c.respondedAt).getTime() <= due ? 'inTime' : 'late'] += 1;
      else if (due < now) row.openPastDeadline += 1;
      firstResponses.set(key, row);
    }
    const open = cases.filter((c) => c.status === 'open');
    const count = (list: Json[], level: string) => list.filter((c) => c.riskLevel === level).length;
    const contacts: Json[] = (await Promise.all(visible.map(async (c) => (await api(priya).get(`/v1/cases/${c.id}/contacts`).expect(200)).body))).flat();
    const sent = contacts.filter((k) => !['scheduled', 'cancelled'].includes(k.status));
    const scores = [5, 1]; // the two answers given above, of three surveys sent
    return {
      firstResponses,
      openByRisk: ['high', 'medium', 'standard'].map((level) => count(open, level)),
      updatesOverdue: ['high', 'medium', 'standard'].map((level) => count(open.filter((c) => c.updateOverdueSince || contacts.some((k) =>
        k.caseId === c.id && k.purpose === 'update' && k.status === 'scheduled' && new Date(k.dueAt).getTime() < now)), level)),
      delivered: sent.filter((k) => k.status === 'delivered').length,
      contactsCounted: sent.length,
      satisfaction: {
        sent: 3, answered: scores.length, mean: scores.reduce((a, b) => a + b, 0) / scores.length,
        satisfiedPercent: (100 * scores.filter((s) => s >= 4).length) / scores.length,
      },
      caseReviewEligible: open.filter((c) => c.caseReviewEligible).length,
      dissatisfied: [seeded.standard.reference],
    };
  }

  it('shows the supervisor every chart as a table, with the figures the seeded cases give', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Team dashboard' }).waitFor();
    await expect(page.getByRole('textbox', { name: 'From', exact: true }).inputValue()).resolves.toBe(window.from); // the last 12 weeks by the training clock
    await expect(page.getByRole('textbox', { name: 'To', exact: true }).inputValue()).resolves.toBe(window.to);
    const want = await expected();

    const responses = await tableRows('first-responses');
    const summed = new Map<string, number[]>();
    for (const [, , organisation, promise, inTime, late, openPast] of responses) {
      const key = `${organisation}|${promise}`;
      const before = summed.get(key) ?? [0, 0, 0];
      summed.set(key, [before[0] + Number(inTime), before[1] + Number(late), before[2] + Number(openPast)]);
    }
    const names: Record<string, string> = { [police]: 'Shireshire Police', [council]: 'Northtown Borough Council' };
    expect(summed).toEqual(new Map([...want.firstResponses].map(([key, r]) => {
      const [org, days] = key.split('|');
      return [`${names[org]}|${days === '1' ? 'High risk: 1 working day' : 'Others: 5 working days'}`, [r.inTime, r.late, r.openPastDeadline]];
    })));
    expect(responses.every((r) => /^\d{4}-W\d{2}$/.test(r[0]))).toBe(true);

    await expect(tableRows('open-by-risk')).resolves.toEqual([['High', String(want.openByRisk[0])], ['Medium', String(want.openByRisk[1])], ['Standard', String(want.openByRisk[2])]]);
    await expect(tableRows('updates-overdue')).resolves.toEqual([['High', String(want.updatesOverdue[0])], ['Medium', String(want.updatesOverdue[1])], ['Standard', String(want.updatesOverdue[2])]]);
    const contacts = await tableRows('contacts');
    expect(contacts.reduce((n, r) => n + r.slice(1).reduce((m, cell) => m + Number(cell), 0), 0)).toBe(want.contactsCounted);
    expect(contacts.reduce((n, r) => n + Number(r[1]), 0)).toBe(want.delivered);
    const total = (await tableRows('satisfaction')).find((r) => r[0] === 'Total')!;
    expect(total.slice(2, 6).map(Number)).toEqual([want.satisfaction.sent, want.satisfaction.answered,
      Math.round((1000 * want.satisfaction.answered) / want.satisfaction.sent) / 10, want.satisfaction.mean]);
    expect(Number(total[6])).toBe(want.satisfaction.satisfiedPercent);
    expect(want.caseReviewEligible).toBe(4); // the hate-motivated complaint, and the person who reported three times
    await expect(tableRows('case-review')).resolves.toEqual([['Open cases eligible for a Case Review', String(want.caseReviewEligible)]]);
    const dissatisfied = await tableRows('dissatisfied');
    expect(dissatisfied.map((r) => r[0])).toEqual(want.dissatisfied);
    expect(await page.locator('main').innerText()).not.toMatch(/Sam Standard|sam@example\.com|Hana High/);

    // Chart.js drew over the tables (progressive enhancement), the tables stay.
    await expect(page.locator('section:has(#open-by-risk) canvas').count()).resolves.toBe(1);
    await expect(page.locator('#table-open-by-risk').isVisible()).resolves.toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard');
  });

  it('downloads a chart as CSV with the same figures as the report API', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV of first responses in time' }).click(),
    ]);
    const rows: Json[] = parse(readFileSync((await download.path())!, 'utf8'), { columns: true });
    const report = (await dashboard(keys['Sgt Priya Shah']).expect(200)).body;
    expect(rows).toEqual(report.firstResponses.map((r: Json) => ({
      iso_week: r.isoWeek, week_start: r.weekStart, organisation: r.organisation,
      promise: r.promiseWorkingDays === 1 ? 'High risk: 1 working day' : 'Others: 5 working days',
      in_time: String(r.inTime), late: String(r.late), open_past_deadline: String(r.openPastDeadline), open_within_deadline: String(r.openWithinDeadline),
    })));

    const [satisfaction] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV of victim satisfaction' }).click()]);
    const satisfactionRows: Json[] = parse(readFileSync((await satisfaction.path())!, 'utf8'), { columns: true });
    const totalRow = satisfactionRows.find((r) => r.group === 'Total')!;
    expect(Number(totalRow.mean_overall)).toBe(report.satisfaction.total.meanOverall);
    expect(Number(totalRow.response_rate_percent)).toBe(report.satisfaction.total.responseRatePercent);

    const api = await service.http().get(`/v1/reports/dashboard/dissatisfied.csv?from=${window.from}&to=${window.to}`)
      .set('Authorization', `Bearer ${keys['Sgt Priya Shah']}`).expect(200).expect('Content-Type', /text\/csv/);
    expect((parse(api.text, { columns: true }) as Json[]).map((r: Json) => r.case_reference)).toEqual(report.dissatisfied.cases.map((c: Json) => c.reference));
    expect(report.dissatisfied.count).toBe(1);
    expect(JSON.stringify(report)).not.toMatch(/Sam Standard|@example\.com/);
  });

  it('keeps case officers out, and shows another organisation’s supervisor only their own figures', async () => {
    await dashboard(keys['PC Alex Morgan']).expect(403);
    const officer = await (await browser.newContext()).newPage();
    await officer.goto(`${base}/sign-in`);
    await officer.getByRole('button', { name: 'Sign in as PC Alex Morgan' }).click();
    await officer.getByRole('heading', { name: 'My day' }).waitFor();
    await expect(officer.getByRole('link', { name: 'Dashboard' }).count()).resolves.toBe(0);
    const refused = await officer.goto(`${base}/dashboard`);
    expect(refused!.status()).toBe(403);
    await officer.close();

    const mine = (await dashboard(councilSupervisorKey).expect(200)).body;
    const police = (await dashboard(keys['Sgt Priya Shah']).expect(200)).body;
    // The council leads two cases (one shared with the police), and the police supervisor sees only the shared one.
    const cases = (body: Json) => body.firstResponses.reduce((n: number, r: Json) => n + r.inTime + r.late + r.openPastDeadline + r.openWithinDeadline, 0);
    expect(cases(mine)).toBe(2);
    expect(mine.firstResponses.every((r: Json) => r.organisation === 'Northtown Borough Council')).toBe(true);
    expect(cases(police)).toBe(7);
    expect(mine.satisfaction.total.sent).toBe(0);
    expect(mine.dissatisfied).toEqual({ count: 0, cases: [] });
    expect(JSON.stringify(mine)).not.toContain(seeded.standard.reference);
  });

  it('refuses bad dates: 400 naming the field from the API, a GOV.UK error summary in the console', async () => {
    const priya = keys['Sgt Priya Shah'];
    const problem = async (from: string, to: string) => (await dashboard(priya, from, to).expect(400)).body.errors[0];
    await expect(problem('2027-02-30', '2027-03-10')).resolves.toEqual(expect.objectContaining({ field: 'from' }));
    await expect(problem('2027-03-01', 'yesterday')).resolves.toEqual(expect.objectContaining({ field: 'to' }));
    await expect(problem('2027-03-10', '2027-03-01')).resolves.toEqual(expect.objectContaining({ field: 'to', rule: 'notBeforeFrom' }));
    await expect(problem('2024-01-01', '2027-03-01')).resolves.toEqual(expect.objectContaining({ field: 'to', rule: 'maxRange' }));
    await api(priya).get(`/v1/reports/dashboard/everything.csv?from=${window.from}&to=${window.to}`).expect(400);

    await page.goto(`${base}/dashboard`);
    await page.getByRole('textbox', { name: 'From', exact: true }).fill('2027-03-10');
    await page.getByRole('textbox', { name: 'To', exact: true }).fill('2027-03-01');
    const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Show figures' }).click()]);
    expect(response!.status()).toBe(400);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.getByRole('link', { name: 'to must be the same day as from or later' }).getAttribute('href')).resolves.toBe('#to');
    await expect(page.getByRole('textbox', { name: 'To', exact: true }).inputValue()).resolves.toBe('2027-03-01');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
