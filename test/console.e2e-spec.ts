import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { smsCount } from '../src/console/case.view.js';
import { Outbox } from './support/outbox.js';
import type { TestService } from './support/test-service.js';
import { accessibilityViolations, deliverDue, screenshot, startConsole } from './support/console-browser.js';

/** Words a discreet letter must never carry (DISCREET_FORBIDDEN_WORDS' core). */
const GIVES_AWAY = /\b(police|council|housing|anti-social|ASB|PC)\b/i;

jest.setTimeout(120_000); // a real browser on a shared 2-core machine

describe('the case officer works a high-risk, discreet, letters-only case from report to closure in the console', () => {
  let service: TestService;
  let browser: Browser;
  let base: string;
  let page: Page;
  let outbox: Outbox;
  let caseUrl: string;
  const pageTypes: Record<string, unknown[]> = {};

  const checkAccessibility = async (type: string) => {
    pageTypes[type] = await accessibilityViolations(page);
  };
  const moveClock = async (isoLondon: string) => {
    await page.goto(`${base}/training`);
    const at = DateTime.fromISO(isoLondon, { zone: 'Europe/London' });
    await page.getByLabel('New date').fill(at.toFormat('yyyy-LL-dd'));
    await page.getByLabel('New time').fill(at.toFormat('HH:mm'));
    // Moving the clock runs every scheduled job at the new time: on a busy machine that takes a while.
    await Promise.all([page.waitForNavigation({ timeout: 45_000 }), page.getByRole('button', { name: 'Move the clock' }).click()]);
    expect(await page.locator('main').innerText()).toContain(`The training clock now says ${at.toFormat('d LLL yyyy, HH:mm')}`);
  };
  const contacts = (purpose: string) =>
    service.sql<{ id: string; status: string }>(`SELECT k.id, k.status FROM contacts k JOIN cases c ON c.id = k.case_id WHERE c.reference = $1 AND k.purpose = $2 ORDER BY k.created_at`, [reference, purpose]);
  let reference = '';

  beforeAll(async () => {
    ({ service, browser, base } = await startConsole());
    outbox = new Outbox(service.settings.outboxDir);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000); // a busy 2-core machine; every wait ends as soon as the page shows it
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('signs in as a training person: no page shows before', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.getByRole('heading', { name: 'Training people' }).isVisible()).resolves.toBe(true);
    await checkAccessibility('sign-in');
    await screenshot(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in as PC Alex Morgan' }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await expect(page.getByText('Signed in as PC Alex Morgan').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Training mode: nothing leaves this machine').isVisible()).resolves.toBe(true);
  });

  it('logs a high-risk complaint with a letters-only discreet agreement; errors first, the GOV.UK way', async () => {
    await page.getByRole('link', { name: 'Log a complaint' }).click();
    await page.getByRole('button', { name: 'Log the complaint' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    await expect(summary.getByRole('link', { name: 'Enter the victim’s name' }).getAttribute('href')).resolves.toBe('#victim-name');
    await checkAccessibility('log-a-complaint-with-errors');
    await page.getByLabel('Full name').fill('Patricia Hughes');
    await page.getByLabel('Phone number').fill('07700 900982'); // kept after the next error
    await page.getByRole('button', { name: 'Log the complaint' }).click();
    await summary.waitFor();
    await expect(page.getByLabel('Full name').inputValue()).resolves.toBe('Patricia Hughes');

    await page.getByLabel('What should we call you?').fill('Pat');
    await page.getByLabel('Address line 1').fill('14 Mill Road');
    await page.getByLabel('Town or city').fill('Northampton');
    await page.getByLabel('Postcode', { exact: true }).fill('NN1 3AB');
    await page.getByLabel('Describe what happened').fill('A neighbour threatened me on the stairs and shouts at my door at night.');
    await page.getByLabel('Personal').check();
    await page.locator('#incident-hateMotivated-2').check();
    await page.getByLabel('Postcode where it happens').fill('NN1 3AB');
    await page.getByLabel('Has anyone threatened you or been violent towards you or anyone you live with?').check();
    await page.getByLabel('First choice of contact').selectOption('letter');
    for (const [id, answer] of [['discreet', 1], ['lettersToHome', 1], ['voicemailSafe', 2], ['largePrint', 2]] as const) {
      await page.locator(`#contactAgreement-${id}${answer === 1 ? '' : '-2'}`).check();
    }
    await screenshot(page, 'log-a-complaint');
    await Promise.all([page.waitForURL(/\/cases\//).catch(() => undefined), page.getByRole('button', { name: 'Log the complaint' }).click()]);
    expect(await page.locator('main').innerText()).toContain('The complaint is logged.');
    reference = (await page.getByRole('heading', { level: 1 }).innerText()).replace('Case ', '');
    caseUrl = page.url();
    await expect(page.locator('#case-flags').innerText()).resolves.toMatch(/High risk[\s\S]*discreet/i);
    await expect(page.locator('#countdown').innerText()).resolves.toMatch(/First response due in/);
    await expect(page.locator('#agreement + dl').innerText()).resolves.toMatch(/Channels, in order\s+letter[\s\S]*Discreet\s+Yes/);
    const [{ count }] = await service.sql<{ count: string }>('SELECT count(*) FROM cases WHERE reference = $1', [reference]);
    expect(Number(count)).toBe(1);
  });

  it('sees it on My day the next morning, with the discreet acknowledgement in the outbox', async () => {
    const nextWorkingMorning = DateTime.fromJSDate(service.clock.now()).setZone('Europe/London').plus({ days: 1 }).set({ hour: 9, minute: 0 });
    await moveClock(nextWorkingMorning.toISO()!);
    expect(await deliverDue(service)).not.toHaveLength(0);
    const [ack] = await contacts('acknowledgement');
    const letter = (await outbox.letterText(ack.id)).text;
    expect(letter).toContain('Pat');
    expect(letter).not.toMatch(GIVES_AWAY);
    expect(letter).not.toContain(reference);

    await page.goto(`${base}/`);
    const dueToday = page.locator('#due-today + table');
    await expect(dueToday.getByRole('link', { name: reference }).isVisible()).resolves.toBe(true);
    await expect(page.locator('#count-due-today').innerText()).resolves.toBe('1');
    // The case's row links to the case page.
    const href = await dueToday.getByRole('link', { name: reference }).getAttribute('href');
    expect(new URL(href!, base).pathname).toBe(new URL(caseUrl).pathname);
    await checkAccessibility('my-day');
    await screenshot(page, 'my-day');

    await page.goto(`${base}/training`);
    await expect(page.locator('#outbox + p + table').getByRole('link', { name: 'Letter: acknowledgement' }).isVisible()).resolves.toBe(true);
    await checkAccessibility('training');
    await screenshot(page, 'training');

    await page.goto(caseUrl);
    await expect(page.getByRole('heading', { name: 'Acknowledgement by letter' }).isVisible()).resolves.toBe(true);
    await page.getByLabel('Telephone').check();
    await page.getByRole('button', { name: 'Record the first response' }).click();
    await page.getByText('The first response is recorded.').waitFor();
    await expect(page.locator('#countdown').innerText()).resolves.toMatch(/within the deadline/);
  });

  it('writes an update: the count, the discreet confirmation, then the letter in the outbox', async () => {
    const words = 'We have spoken to your neighbour and will call again on Friday.';
    await page.getByLabel('Your update for the victim').fill(words);
    const counted = smsCount(words);
    await expect(page.locator('#sms-count-live').innerText()).resolves.toMatch(new RegExp(`^${counted.characters} characters, ${counted.fragments} text message`));
    await page.getByRole('button', { name: 'Send update' }).click();
    await page.locator('#update-preview').waitFor();
    await expect(page.getByLabel('Your update for the victim').inputValue()).resolves.toBe(words);
    await checkAccessibility('case-update-confirmation');
    const leavesWordsOut = await page.getByText('This discreet message does not include your words.').isVisible();
    await page.getByLabel('I have read the discreet message above; send it').check();
    await page.getByRole('button', { name: 'Send update' }).click();
    await page.getByText('Your update is scheduled').waitFor();
    await checkAccessibility('case');
    await screenshot(page, 'case');
    await deliverDue(service);
    const updates = await contacts('update');
    const sent = updates.filter((u) => u.status !== 'scheduled');
    expect(sent).toHaveLength(1);
    const letter = (await outbox.letterText(sent[0].id)).text;
    // What the preview showed is what went: the officer's words only if the preview said so.
    expect(letter.includes('spoken to your neighbour')).toBe(!leavesWordsOut);
    expect(letter).not.toMatch(GIVES_AWAY);
  });

  it('completes the next update task when it comes due', async () => {
    const [next] = (await contacts('update')).filter((u) => u.status === 'scheduled');
    const [{ due_at: dueAt }] = await service.sql<{ due_at: Date }>('SELECT due_at FROM contacts WHERE id = $1', [next.id]);
    // The SPOC is reminded one working day before an update is due with no words from them.
    await moveClock(DateTime.fromJSDate(dueAt).setZone('Europe/London').minus({ hours: 1 }).startOf('minute').toISO()!);
    await page.goto(`${base}/`);
    await expect(page.locator('#tasks + table').getByText('Write update').isVisible()).resolves.toBe(true);
    await page.goto(caseUrl);
    const card = page.locator('.govuk-summary-card', { hasText: 'Write update' });
    await card.getByLabel('What was done (optional)').fill('Rang Pat instead: she asked for no letter this week.');
    await card.getByRole('button', { name: 'Complete task' }).click();
    await page.getByText('The task is complete.').waitFor();
    await expect(page.locator('#tasks').locator('xpath=following-sibling::p[1]').innerText()).resolves.toBe('No open tasks.');
    const [task] = await service.sql<{ status: string }>(`SELECT t.status FROM officer_tasks t JOIN cases c ON c.id = t.case_id WHERE c.reference = $1 AND t.kind = 'write_update'`, [reference]);
    expect(task.status).toBe('done');
  });

  it('changes the contact agreement: the page shows what was recorded, and the change is kept', async () => {
    await page.getByRole('link', { name: 'Change the contact agreement' }).click();
    await expect(page.getByLabel('First choice of contact').inputValue()).resolves.toBe('letter');
    await expect(page.locator('#contactAgreement-discreet').isChecked()).resolves.toBe(true);
    await page.locator('#contactAgreement-largePrint').check();
    await checkAccessibility('agreement');
    await Promise.all([page.waitForURL(/#agreement$/, { timeout: 30_000 }).catch(() => undefined), page.getByRole('button', { name: 'Record the agreement' }).click()]);
    expect(await page.locator('main').innerText()).toContain('The contact agreement is recorded.');
    await expect(page.locator('#agreement + dl').innerText()).resolves.toMatch(/Large print\s+Yes[\s\S]*|Discreet\s+Yes[\s\S]*Large print\s+Yes/);
    const [agreement] = await service.sql<{ large_print: boolean; discreet: boolean }>(
      'SELECT a.large_print, a.discreet FROM contact_agreements a JOIN cases c ON c.id = a.case_id WHERE c.reference = $1', [reference]);
    expect(agreement).toEqual({ large_print: true, discreet: true });
  });

  it('closes the case, and the discreet closure letter gives nothing away', async () => {
    await page.getByLabel('What was done').fill('We gave your neighbour a written warning and visited twice.');
    await page.getByLabel('Why the case is closed').fill('There have been no new reports for three weeks.');
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.getByText('The case is closed.').waitFor();
    await expect(page.locator('#case-flags').innerText()).resolves.toMatch(/Closed/);
    await deliverDue(service);
    const closure = (await service.sql<{ id: string; purpose: string }>(
      `SELECT k.id, k.purpose FROM contacts k JOIN cases c ON c.id = k.case_id WHERE c.reference = $1 AND k.status <> 'scheduled' AND k.purpose LIKE '%clos%'`, [reference]))[0];
    const letter = (await outbox.letterText(closure.id)).text;
    expect(letter).toContain('Dear Pat');
    expect(letter).not.toMatch(GIVES_AWAY);
    expect(letter).not.toContain('written warning'); // discreet: the case's details stay off the doormat
    await checkAccessibility('case-closed');
  });

  it('finds the case by the victim’s phone, and shows what was sent', async () => {
    await page.goto(`${base}/find-a-case?phone=${encodeURIComponent('07700 900982')}`);
    await expect(page.locator('#results + table').getByRole('link', { name: reference }).isVisible()).resolves.toBe(true);
    await checkAccessibility('find-a-case');
    await screenshot(page, 'find-a-case');
    await page.goto(`${base}/cases/00000000-0000-4000-8000-000000000000`);
    await expect(page.getByRole('heading', { name: 'Page not found' }).isVisible()).resolves.toBe(true);
    await checkAccessibility('not-found');
  });

  it('has no WCAG 2.2 AA violations on any page type', () => {
    expect(Object.keys(pageTypes).sort()).toEqual(['agreement', 'case', 'case-closed', 'case-update-confirmation', 'find-a-case', 'log-a-complaint-with-errors', 'my-day', 'not-found', 'sign-in', 'training']);
    expect(pageTypes).toEqual(Object.fromEntries(Object.keys(pageTypes).map((k) => [k, []])));
  });
});
