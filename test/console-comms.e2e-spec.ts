import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { PgBoss } from 'pg-boss';
import { BULLETIN_QUEUE, BulletinFanOut } from '../src/community/bulletins/bulletin-fan-out.js';
import { JobQueue } from '../src/contacts/job-queue.js';
import type { TestService } from './support/test-service.js';
import { accessibilityViolations, screenshot, startConsole } from './support/console-browser.js';

jest.setTimeout(400_000); // a real browser on a shared 2-core machine, with many axe runs

/** 200 training subscribers (half by email, half by Ofcom's drama mobiles), then a bad row and a repeat. */
const EMAILS = Array.from({ length: 100 }, (_, i) => `resident${i + 1}@example.com`);
const PHONES = Array.from({ length: 100 }, (_, i) => `07700 900${String(100 + i)}`);
const CSV = [
  'email,phone,postcode,consent_date,neighbourhood',
  ...EMAILS.map((email) => `${email},,NN1 3AB,2025-06-30,`),
  ...PHONES.map((phone) => `,${phone},NN1 4CD,30/06/2025,Mill Court`),
  'not-an-email,,NN1 3AB,2025-06-30,',
  `${EMAILS[0]},,NN1 3AB,2025-06-30,`,
].join('\r\n');

/** The comms team's console: neighbourhoods, a subscriber import, a newsletter drafted, reviewed by a second officer, sent and watched. */
describe('the comms team drafts, approves and sends a newsletter in the console', () => {
  let service: TestService;
  let browser: Browser;
  let base: string;
  let chris: Page;
  let dana: Page;
  let bulletinUrl = '';
  const pageTypes: Record<string, unknown[]> = {};
  const checkAccessibility = async (page: Page, type: string) => {
    pageTypes[type] = await accessibilityViolations(page);
  };
  const main = (page: Page) => page.locator('main').innerText();
  const submit = (page: Page, name: string) => Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  const signIn = async (name: string) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${base}/sign-in`);
    await page.getByRole('button', { name: `Sign in as ${name}` }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    return page;
  };

  beforeAll(async () => {
    ({ service, browser, base } = await startConsole());
    chris = await signIn('Chris Taylor');
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('draws a neighbourhood from postcode sectors with its streets; errors on their fields first', async () => {
    await expect(chris.getByRole('link', { name: 'Bulletins' }).isVisible()).resolves.toBe(true);
    await checkAccessibility(chris, 'my-day');
    await chris.getByRole('link', { name: 'Neighbourhoods' }).click();
    await checkAccessibility(chris, 'neighbourhoods');
    await chris.getByRole('button', { name: 'Create a neighbourhood' }).click();
    await chris.getByLabel('Name').fill('Mill Court');
    await chris.getByLabel('Postcode areas').fill('NN1 3\nNN1 3AB');
    await chris.getByLabel('Streets and letterboxes (optional)').fill('Mill Road, 120\nCourt Lane');
    await submit(chris, 'Save the neighbourhood');
    const summary = chris.locator('.govuk-error-summary');
    await expect(summary.getByRole('link', { name: /^Area 2 must be a postcode sector/ }).getAttribute('href')).resolves.toBe('#areas');
    await expect(chris.getByLabel('Name').inputValue()).resolves.toBe('Mill Court');
    await checkAccessibility(chris, 'neighbourhood-with-errors');
    expect(await service.sql('SELECT 1 FROM neighbourhoods WHERE name = $1', ['Mill Court'])).toEqual([]);

    await chris.getByLabel('Postcode areas').fill('NN1 3\nNN1 4');
    await submit(chris, 'Save the neighbourhood');
    await expect(summary.getByRole('link', { name: /Line 2 of the streets/ }).getAttribute('href')).resolves.toBe('#streets');
    await chris.getByLabel('Streets and letterboxes (optional)').fill('Mill Road, 120\nCourt Lane, 45');
    await submit(chris, 'Save the neighbourhood');
    expect(await main(chris)).toContain('Mill Court is saved: NN1 3, NN1 4.');
    expect(await chris.locator('#neighbourhoods-table').innerText()).toMatch(/Mill Court\s+NN1 3, NN1 4\s+165\s+0\s+0\s+0/);
    await chris.getByRole('link', { name: 'Mill Court' }).click();
    await checkAccessibility(chris, 'neighbourhood');
  });

  it('imports 200 training subscribers from a CSV, with a report by row; the counts show, never who', async () => {
    await chris.getByRole('link', { name: 'Subscribers' }).click();
    expect(await chris.locator('#sign-up-link').getAttribute('href')).toMatch(/\/p\/subscribe$/);
    await submit(chris, 'Import the list');
    await expect(chris.locator('.govuk-error-summary').getByRole('link', { name: 'Choose a CSV file to import' }).getAttribute('href')).resolves.toBe('#file');
    await checkAccessibility(chris, 'subscribers-with-errors');

    await chris.locator('#file').setInputFiles({ name: 'subscribers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await submit(chris, 'Import the list');
    expect(await chris.locator('#import-result').innerText()).toMatch(/200 imported\s+202 rows read: 200 imported, 1 refused, 1 skipped/);
    const report = await chris.locator('#import-report').innerText();
    expect(report).toMatch(/202\s+Refused\s+email\s+is not a valid email address/);
    expect(report).toMatch(/203\s+Skipped\s+the same person as row 2/);
    expect(await chris.locator('#subscriber-counts').innerText()).toMatch(/Mill Court\s+100\s+100\s+0/);
    const html = await chris.content();
    for (const detail of [...EMAILS, ...PHONES, 'not-an-email']) expect(html).not.toContain(detail);
    await checkAccessibility(chris, 'subscribers-import-report');
    const [counts] = await service.sql<{ n: number }>(`SELECT count(*)::int AS n FROM subscribers WHERE 'confirmed' IN (email_state, sms_state)`);
    expect(counts.n).toBe(200);
  });

  it('drafts a newsletter with a live preview of the email, the text and the leaflet, and sends it for approval', async () => {
    await chris.getByRole('link', { name: 'Bulletins' }).click();
    await checkAccessibility(chris, 'bulletins');
    await chris.getByRole('button', { name: 'Write a bulletin' }).click();
    await submit(chris, 'Save draft');
    const summary = chris.locator('.govuk-error-summary');
    await expect(summary.getByRole('link', { name: /type must be one of/ }).getAttribute('href')).resolves.toBe('#type');
    await expect(summary.getByRole('link', { name: /headline should not be empty/ }).getAttribute('href')).resolves.toBe('#headline');
    await checkAccessibility(chris, 'bulletin-editor-with-errors');

    await chris.getByLabel('Newsletter').check();
    await chris.getByLabel('Mill Court').check();
    await chris.getByLabel('Headline').fill('Fewer problems at Mill Court');
    await chris.getByLabel('Summary').fill('Evening patrols have cut reports by half. Here is what happens next.');
    await chris.locator('#section-1-heading').fill('What changed');
    await chris.locator('#section-1-body').fill('Since October, patrols have visited the car park every evening.');
    await chris.getByLabel('What we are doing (optional)').fill('Evening patrols until March\nNew lighting in the car park');
    await chris.getByLabel('How to report').fill('Call 101, or report online. In an emergency call 999.');
    await chris.locator('#number-1-label').fill('Police non-emergency');
    await chris.locator('#number-1-number').fill('101');
    // The live preview: comms.js renders what was typed once typing stops.
    await chris.locator('#preview-subject', { hasText: 'Fewer problems at Mill Court' }).waitFor();
    await chris.locator('#preview-sms', { hasText: 'Fewer problems at Mill Court' }).waitFor();
    await chris.frameLocator('#preview-email').locator('body', { hasText: 'Since October, patrols have visited the car park every evening.' }).waitFor();
    await chris.getByLabel('Headline').fill('Fewer problems at Mill Court this winter');
    await chris.locator('#preview-subject', { hasText: 'Fewer problems at Mill Court this winter' }).waitFor();
    expect(await chris.locator('#preview-sms-count').innerText()).toMatch(/\d+ characters, [123] text messages? \(GSM-7\)/);
    const leaflet = await chris.request.get(new URL(String(await chris.locator('#preview-leaflet').getAttribute('href')), base).toString());
    expect(leaflet.headers()['content-type']).toBe('application/pdf');
    await checkAccessibility(chris, 'bulletin-editor-with-preview');
    // Without JavaScript, the Preview button shows the same panels.
    await submit(chris, 'Preview');
    expect(await chris.locator('#preview-subject').innerText()).toContain('Fewer problems at Mill Court this winter');
    await screenshot(chris, 'comms-bulletin-editor');
    expect(await service.sql('SELECT 1 FROM bulletins')).toEqual([]);

    await submit(chris, 'Save draft');
    expect(await main(chris)).toContain('The draft is saved.');
    bulletinUrl = chris.url();
    expect(await chris.locator('#stage').innerText()).toBe('Draft');
    await checkAccessibility(chris, 'bulletin-draft');
    await submit(chris, 'Send for approval');
    expect(await main(chris)).toContain('Sent for approval.');
    expect(await chris.locator('#stage').innerText()).toBe('Awaiting approval');
    expect(await chris.locator('#waiting').innerText()).toContain('Waiting for another comms officer');
    await expect(chris.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0); // not for the one who drafted it
  });

  it('is sent back by a second comms officer with a comment, changed, and approved', async () => {
    dana = await signIn('Dana Whitfield');
    expect(await dana.locator('#to-approve').innerText()).toContain('Fewer problems at Mill Court this winter');
    await dana.getByRole('link', { name: 'Fewer problems at Mill Court this winter' }).click();
    await submit(dana, 'Send back');
    await expect(dana.locator('.govuk-error-summary').getByRole('link', { name: 'Say what needs changing' }).getAttribute('href')).resolves.toBe('#sendBack-comment');
    await checkAccessibility(dana, 'bulletin-review-with-errors');
    await dana.getByLabel('Or send it back: what needs changing').fill('Please say when the new lighting goes in.');
    await submit(dana, 'Send back');
    expect(await dana.locator('#stage').innerText()).toBe('Sent back');

    await chris.goto(`${base}/`);
    expect(await chris.locator('#drafts').innerText()).toMatch(/Fewer problems at Mill Court this winter[\s\S]*Sent back/);
    await chris.goto(bulletinUrl);
    expect(await chris.locator('#sent-back').innerText()).toMatch(/Sent back by Dana Whitfield[\s\S]*Please say when the new lighting goes in\./);
    await chris.getByRole('link', { name: 'Change the newsletter' }).click();
    await chris.getByLabel('What we are doing (optional)').fill('Evening patrols until March\nNew lighting in the car park from January');
    await submit(chris, 'Save draft');
    expect(await main(chris)).toContain('Your changes are saved as a draft.');
    await submit(chris, 'Send for approval');

    await dana.goto(bulletinUrl);
    await checkAccessibility(dana, 'bulletin-review');
    await submit(dana, 'Approve');
    expect(await main(dana)).toContain('Approved.');
    expect(await dana.locator('#stage').innerText()).toBe('Approved');
    const [b] = await service.sql<{ status: string; drafted_by: string; approved_by: string }>('SELECT status, drafted_by, approved_by FROM bulletins');
    expect(b.status).toBe('approved');
    expect(b.approved_by).not.toBe(b.drafted_by);
  });

  it('goes out: the progress bar moves by itself to 100%, and the recipients show without their details', async () => {
    // The engine's queue, driven by hand: started on this instance, with nothing working it.
    const boss = new PgBoss({ connectionString: service.databaseUrl, schema: 'pgboss' });
    await boss.start();
    await boss.createQueue(BULLETIN_QUEUE);
    await boss.stop({ graceful: false });
    await service.app.get(JobQueue).start();

    await submit(dana, 'Send');
    await expect(dana.locator('.govuk-error-summary').getByRole('link', { name: /now or at a date and time/ }).getAttribute('href')).resolves.toBe('#send-when');
    await dana.getByLabel('Now').check();
    await submit(dana, 'Send');
    expect(await main(dana)).toContain('It is going out now.');
    expect(await dana.locator('#stage').innerText()).toBe('Sending');
    expect(await dana.locator('#progress-label').innerText()).toMatch(/^0% done: 0 of 200 messages/);
    await checkAccessibility(dana, 'bulletin-sending');

    const [bulletin] = await service.sql<{ id: string }>('SELECT id FROM bulletins');
    const [range] = await service.sql<{ first: string; last: string }>('SELECT min(id)::text AS first, max(id)::text AS last FROM bulletin_deliveries WHERE bulletin_id = $1', [bulletin.id]);
    const fanOut = service.app.get(BulletinFanOut);
    // Half, then the rest: the page asks for its progress every few seconds and shows each step by itself.
    await fanOut.sendChunk({ bulletinId: bulletin.id, fromId: range.first, toId: String(BigInt(range.first) + 99n) });
    await dana.locator('#progress-percent', { hasText: /^50%$/ }).waitFor();
    await fanOut.sendChunk({ bulletinId: bulletin.id, fromId: String(BigInt(range.first) + 100n), toId: range.last });
    await fanOut.fanOutDue(); // marks it sent
    await dana.locator('#progress-percent', { hasText: /^100%$/ }).waitFor();
    await dana.locator('#progress-label', { hasText: 'finished' }).waitFor();
    expect(await dana.locator('#progress-bar').evaluate((bar) => [(bar as unknown as { value: number }).value, (bar as unknown as { max: number }).max])).toEqual([200, 200]);
    expect(await dana.locator('[data-count="delivered"]').innerText()).toBe('200');

    await dana.reload();
    expect(await dana.locator('#stage').innerText()).toBe('Sent');
    expect(await dana.locator('#progress-label').innerText()).toMatch(/^100% done: 200 of 200 messages – finished/);
    const table = await dana.locator('#recipients-table').innerText();
    expect(table).toMatch(/Email\s+Delivered/);
    expect(table).toMatch(/Text\s+Delivered/);
    const html = await dana.content();
    for (const detail of [...EMAILS, ...PHONES, ...PHONES.map((p) => `+44${p.replace(/\s/g, '').slice(1)}`)]) expect(html).not.toContain(detail);
    await checkAccessibility(dana, 'bulletin-sent');
    await screenshot(dana, 'comms-bulletin-progress');
    const json = await dana.request.get(`${bulletinUrl}/progress.json`);
    expect(await json.json()).toMatchObject({ status: 'sent', progress: { recipients: 200, delivered: 200, percent: 100 } });
  });

  it('previews a street briefing’s poster as it is typed, and refuses forms without their CSRF token', async () => {
    await chris.goto(`${base}/bulletins/new`);
    await chris.locator('#type-2').check(); // a street briefing
    await chris.getByLabel('Mill Court').check();
    await chris.getByLabel('Headline').fill('Come and meet us on Mill Road');
    await chris.getByLabel('Summary').fill('Meet the neighbourhood team and tell us what worries you.');
    await chris.locator('#section-1-heading').fill('Why');
    await chris.locator('#section-1-body').fill('We want to hear about the car park.');
    await chris.getByLabel('How to report').fill('Call 101.');
    await chris.getByLabel('Where').fill("St Mary's Church Hall, Mill Road");
    await chris.getByLabel('Date').fill('2026-12-10');
    await chris.getByLabel('Time').fill('18:30');
    await chris.getByLabel('Who will be there').fill('Northtown Council ASB team');
    await chris.locator('#preview-sms', { hasText: "St Mary's Church Hall" }).waitFor();
    await chris.locator('#preview-poster-item').waitFor({ state: 'visible' });
    const poster = await chris.request.get(new URL(String(await chris.locator('#preview-poster').getAttribute('href')), base).toString());
    expect(poster.headers()['content-type']).toBe('application/pdf');

    const [bulletin] = await service.sql<{ id: string }>('SELECT id FROM bulletins');
    const before = await service.sql('SELECT count(*)::int AS n FROM bulletin_reviews');
    for (const path of [`/bulletins/${bulletin.id}/submit`, `/bulletins/${bulletin.id}/send-back`, '/bulletins/new', '/neighbourhoods/new', '/bulletins/preview']) {
      const response = await chris.request.post(`${base}${path}`, { form: { _csrf: 'not-the-token', comment: 'x', name: 'Elsewhere', areas: 'NN9' }, maxRedirects: 0 });
      expect([path, response.status()]).toEqual([path, 403]);
    }
    expect(await service.sql('SELECT count(*)::int AS n FROM bulletin_reviews')).toEqual(before);
    expect(await service.sql(`SELECT 1 FROM neighbourhoods WHERE name = 'Elsewhere'`)).toEqual([]);
  });

  it('keeps case officers out of every comms page', async () => {
    const alex = await signIn('PC Alex Morgan');
    await expect(alex.getByRole('link', { name: 'Bulletins' }).count()).resolves.toBe(0);
    for (const path of ['/bulletins', '/bulletins/new', bulletinUrl.replace(base, ''), `${bulletinUrl.replace(base, '')}/progress.json`, '/neighbourhoods', '/neighbourhoods/new', '/subscribers']) {
      const response = await alex.goto(`${base}${path}`);
      expect([path, response?.status()]).toEqual([path, 403]);
    }
    expect(await main(alex)).toContain('You cannot see this page');
    const refused = await alex.request.post(`${base}/subscribers/import`, { multipart: { file: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) } }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
  });

  it('has no WCAG 2.2 AA violations on any comms page type', () => {
    expect(Object.keys(pageTypes).sort()).toEqual([
      'bulletin-draft', 'bulletin-editor-with-errors', 'bulletin-editor-with-preview', 'bulletin-review', 'bulletin-review-with-errors', 'bulletin-sending', 'bulletin-sent',
      'bulletins', 'my-day', 'neighbourhood', 'neighbourhood-with-errors', 'neighbourhoods', 'subscribers-import-report', 'subscribers-with-errors',
    ]);
    expect(pageTypes).toEqual(Object.fromEntries(Object.keys(pageTypes).map((k) => [k, []])));
  });
});
