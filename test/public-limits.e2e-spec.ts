import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { Scheduler } from '../src/scheduling/scheduler.js';
import { PersonalDataCipher } from '../src/privacy/personal-data-cipher.js';
import { bearer, buildPartnership } from './support/partnership.js';
import { startTestService, TestService } from './support/test-service.js';

const LIMITS = {
  PUBLIC_REQUESTS_PER_ADDRESS_HOUR: 5,
  SUBSCRIBE_PER_ADDRESS_HOUR: 3,
  SUBSCRIBE_PER_HOUR: 7,
  SUBSCRIBE_SMS_DAILY_CAP: 2,
};

type Row = Record<string, any>;

/**
 * Limits on the public routes, with two instances of the service on one database (as behind a
 * load balancer): requests sent to either count together. Each test starts from no counters.
 */
describe('limits on public routes', () => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'asb-limits-outbox-'));
  const env = {
    ...Object.fromEntries(Object.entries(LIMITS).map(([name, value]) => [name, String(value)])),
    TRUST_PROXY_HOPS: '1', OUTBOX_DIR: outboxDir, TWILIO_ACCOUNT_SID: 'AC' + '34'.repeat(16), TWILIO_AUTH_TOKEN: 'limits-token',
  };
  const encryptionKey = randomBytes(32).toString('base64');
  let a: TestService;
  let b: TestService;
  let hour: number;

  beforeAll(async () => {
    a = await startTestService('embedded', env, undefined, undefined, { encryptionKey });
    b = await startTestService('embedded', env, undefined, undefined, { encryptionKey, databaseUrl: a.databaseUrl });
    const p = await buildPartnership(a);
    await a.http().post('/v1/neighbourhoods').set('Authorization', bearer(p.comms)).send({ name: 'Semilong', areas: ['NN1 3'] }).expect(201);
    hour = 3600;
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });
  beforeEach(async () => {
    a.clock.reset();
    b.clock.reset();
    await a.sql('DELETE FROM request_counters');
  });

  /** A request as the proxy in front of the service passes it on: the client address is the entry the proxy added. */
  const from = (service: TestService, address: string) => ({
    get: (path: string) => service.http().get(path).set('X-Forwarded-For', address),
    post: (path: string) => service.http().post(path).set('X-Forwarded-For', address),
  });
  const subscribe = (service: TestService, address: string, body: object) => from(service, address).post('/p/subscribe').send(body);
  const count = async (table: string) => Number((await a.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const subscriberByEmail = async (email: string): Promise<Row | undefined> =>
    (await a.sql<Row>('SELECT * FROM subscribers WHERE email_hash = $1', [a.app.get(PersonalDataCipher).matchHash(`email:${email}`)]))[0];
  const textSent = (subscriberId: string) => existsSync(join(outboxDir, 'sms', `subscriber-confirm-${subscriberId}.json`));
  const emailSent = (subscriberId: string) => existsSync(join(outboxDir, 'email', `subscriber-confirm-${subscriberId}.eml`));
  const retryAfter = (res: { headers: Record<string, string> }) => Number(res.headers['retry-after']);

  it('counts every public page together per client address, across both instances, and tells the resident when to try again', async () => {
    const client = '203.0.113.1';
    const pages = [
      await from(a, client).get('/p/subscribe'),
      await from(b, client).get('/p/surveys/not-a-token'),
      await from(a, client).get('/p/unsubscribe/not-a-token'),
      await from(b, client).post('/p/subscribe/confirm/not-a-token'),
      await from(a, client).get('/p/s/not-a-token'),
    ];
    expect(pages.map((res) => res.status)).toEqual([200, 404, 404, 404, 404]);

    const page = await from(b, client).get('/p/subscribe').expect(429);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(retryAfter(page)).toBeGreaterThan(hour - 60);
    expect(retryAfter(page)).toBeLessThanOrEqual(hour);
    expect(page.text).toContain('<h1>Sorry, too many requests</h1>');
    expect(page.text).toContain('Try again in about 1 hour');
    expect(page.text).toContain('Community Safety Partnership');

    const json = await from(a, client).post('/p/subscribe').send({ email: 'blocked@example.com', postcode: 'NN1 3AB' }).expect(429);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', retryAfter: retryAfter(json) });
    expect(retryAfter(json)).toBeGreaterThan(hour - 60);
    expect(await subscriberByEmail('blocked@example.com')).toBeUndefined();

    // Someone else, and the officers' API, are not held up; the address itself is never stored.
    await from(a, '203.0.113.2').get('/p/subscribe').expect(200);
    await a.http().get('/health').set('X-Forwarded-For', client).expect(200);
    const keys = (await a.sql<{ key: string }>('SELECT key FROM request_counters')).map((row) => row.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('203.0.113');
  });

  it('believes only the address the trusted proxy added, so a made-up X-Forwarded-For does not escape the limit', async () => {
    for (let i = 0; i < LIMITS.PUBLIC_REQUESTS_PER_ADDRESS_HOUR; i++) await from(a, `198.51.100.${i}, 203.0.113.3`).get('/p/subscribe').expect(200);
    await from(a, '198.51.100.99, 203.0.113.3').get('/p/subscribe').expect(429);
  });

  it('lets the client in again once Retry-After has passed', async () => {
    const client = '203.0.113.4';
    for (let i = 0; i < LIMITS.PUBLIC_REQUESTS_PER_ADDRESS_HOUR; i++) await from(a, client).get('/p/subscribe').expect(200);
    const blocked = await from(a, client).get('/p/subscribe').expect(429);
    a.clock.travelTo(new Date(a.clock.now().getTime() + (retryAfter(blocked) - 5) * 1000));
    await from(a, client).get('/p/subscribe').expect(429);
    a.clock.travelTo(new Date(a.clock.now().getTime() + 6000));
    await from(a, client).get('/p/subscribe').expect(200);
  });

  it('starts counting afresh when the training clock is moved back', async () => {
    const client = '203.0.113.18';
    for (let i = 0; i < LIMITS.PUBLIC_REQUESTS_PER_ADDRESS_HOUR; i++) await from(a, client).get('/p/subscribe').expect(200);
    await from(a, client).get('/p/subscribe').expect(429);
    a.clock.travelTo(new Date(a.clock.now().getTime() - 24 * hour * 1000));
    await from(a, client).get('/p/subscribe').expect(200);
  });

  it('limits subscription requests per client address: nothing stored or sent beyond it', async () => {
    const client = '203.0.113.5';
    for (let i = 0; i < LIMITS.SUBSCRIBE_PER_ADDRESS_HOUR; i++) {
      await subscribe(i % 2 ? b : a, client, { email: `resident${i}@example.com`, postcode: 'NN1 3AB' }).expect(202);
    }
    const subscribers = await count('subscribers');
    const refused = await subscribe(a, client, { email: 'one-too-many@example.com', postcode: 'NN1 3AB' }).expect(429);
    expect(refused.body.message).toBe('Too many requests have come from your connection. Try again later.');
    expect(retryAfter(refused)).toBeGreaterThan(hour - 60);
    const form = await from(b, client).post('/p/subscribe').type('form').send({ email: 'form@example.com', postcode: 'NN1 3AB' }).expect(429);
    expect(form.text).toContain('Sorry, too many requests');
    expect(await count('subscribers')).toBe(subscribers);
    // Another address can still subscribe.
    await subscribe(a, '203.0.113.6', { email: 'neighbour@example.com', postcode: 'NN1 3AB' }).expect(202);
  });

  it('limits subscription requests from everyone together per hour', async () => {
    const clients = ['203.0.113.7', '203.0.113.8', '203.0.113.9'];
    for (let i = 0; i < LIMITS.SUBSCRIBE_PER_HOUR; i++) {
      await subscribe(i % 2 ? a : b, clients[i % 3], { email: `busy${i}@example.com`, postcode: 'NN1 3AB' }).expect(202);
    }
    const refused = await subscribe(a, '203.0.113.10', { email: 'late@example.com', postcode: 'NN1 3AB' }).expect(429);
    expect(refused.body.message).toBe('Too many people are using this service right now. Try again later.');
    expect(retryAfter(refused)).toBeGreaterThan(hour - 60);
    const page = await from(b, '203.0.113.10').post('/p/subscribe').type('form').send({ email: 'late@example.com', postcode: 'NN1 3AB' }).expect(429);
    expect(page.text).toContain('Sorry, the service is busy');
    expect(await subscriberByEmail('late@example.com')).toBeUndefined();
    // Other public pages are not part of this limit.
    await from(a, '203.0.113.10').get('/p/subscribe').expect(200);
  });

  it('caps confirmation texts per day across both instances, then asks for email confirmation instead', async () => {
    const first = await subscribe(a, '203.0.113.11', { email: 'text1@example.com', phone: '07700 900111', postcode: 'NN1 3AB' }).expect(202);
    expect(first.body).toEqual({ status: 'pending', channels: ['email', 'sms'] });
    await subscribe(b, '203.0.113.12', { phone: '07700 900112', postcode: 'NN1 3AB' }).expect(202);
    const one = (await subscriberByEmail('text1@example.com'))!;
    expect(textSent(one.id)).toBe(true);
    expect(await a.sql('SELECT hits FROM request_counters WHERE key LIKE $1', ['subscribe-sms-daily-cap:%'])).toEqual([{ hits: LIMITS.SUBSCRIBE_SMS_DAILY_CAP }]);

    // With an email address: taken by email only, and the response says why.
    const withEmail = await subscribe(b, '203.0.113.13', { email: 'text3@example.com', phone: '07700 900113', postcode: 'NN1 3AB' }).expect(202);
    expect(withEmail.body).toMatchObject({ status: 'pending', channels: ['email'], smsDailyCapReached: true });
    expect(withEmail.body.message).toContain('Confirm by email');
    const three = (await subscriberByEmail('text3@example.com'))!;
    expect(three).toMatchObject({ email_state: 'pending', sms_state: null, phone_enc: null });
    expect(emailSent(three.id)).toBe(true);
    expect(textSent(three.id)).toBe(false);

    const page = await from(a, '203.0.113.14').post('/p/subscribe').type('form').send({ email: 'text4@example.com', phone: '07700 900114', postcode: 'NN1 3AB' }).expect(200);
    expect(page.text).toContain('We could not text you today');
    expect(page.text).toContain('Check your email');
    expect(page.text).not.toContain('Check your phone');

    // A phone number alone: asked for an email address, until London midnight.
    const subscribers = await count('subscribers');
    const midnight = DateTime.fromJSDate(a.clock.now(), { zone: 'Europe/London' }).plus({ days: 1 }).startOf('day');
    const phoneOnly = await subscribe(a, '203.0.113.15', { phone: '07700 900115', postcode: 'NN1 3AB' }).expect(429);
    expect(phoneOnly.body).toMatchObject({ statusCode: 429, message: expect.stringContaining('Give an email address to confirm by email instead') });
    expect(Math.abs(retryAfter(phoneOnly) - midnight.diff(DateTime.fromJSDate(a.clock.now())).as('seconds'))).toBeLessThan(5);
    const form = await from(b, '203.0.113.15').post('/p/subscribe').type('form').send({ phone: '07700 900115', postcode: 'NN1 3AB' }).expect(429);
    expect(retryAfter(form)).toBeGreaterThan(0);
    expect(form.text).toContain('Give an email address to confirm by email instead');
    expect(form.text).toContain('value="07700 900115"');
    expect(await count('subscribers')).toBe(subscribers);

    // The next day, texts go again.
    const tomorrow = midnight.plus({ hours: 9 }).toJSDate();
    a.clock.travelTo(tomorrow);
    const again = await subscribe(a, '203.0.113.15', { email: 'text5@example.com', phone: '07700 900115', postcode: 'NN1 3AB' }).expect(202);
    expect(again.body).toEqual({ status: 'pending', channels: ['email', 'sms'] });
    expect(textSent((await subscriberByEmail('text5@example.com'))!.id)).toBe(true);
  });

  it('deletes expired counters on the dispatcher tick, keeping those still counting', async () => {
    a.clock.travelTo(DateTime.now().setZone('Europe/London').plus({ days: 3 }).set({ hour: 10, minute: 0 }).toJSDate());
    await from(a, '203.0.113.16').get('/p/subscribe').expect(200);
    await subscribe(a, '203.0.113.16', { phone: '07700 900116', postcode: 'NN1 3AB' }).expect(202);
    expect(await count('request_counters')).toBe(4); // the page, subscribing per address and overall, today's texts
    a.clock.travelTo(new Date(a.clock.now().getTime() + 2 * hour * 1000));
    await from(a, '203.0.113.17').get('/p/subscribe').expect(200);

    const done = await a.app.get(Scheduler).runDue();
    expect(done['expired request counters']).toBe(3);
    const left = await a.sql<{ key: string }>('SELECT key FROM request_counters ORDER BY key');
    // The new page view, and the day's texts, counted until midnight.
    expect(left.map((row) => row.key.split(':')[0])).toEqual(['public-per-address', 'subscribe-sms-daily-cap']);
  });
});
