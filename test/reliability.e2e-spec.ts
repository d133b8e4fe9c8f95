import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dispatcher } from '../src/contacts/dispatcher.js';
import { bulkContacts, statusCounts } from './support/bulk-contacts.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmtpSink } from './support/smtp-sink.js';
import { createMigratedDatabase, startTestService, TestService } from './support/test-service.js';
import { waitFor } from './support/wait.js';

const SID = 'AC' + '56'.repeat(16);
const TOKEN = 'reliability-token';
const liveEnv = (extra: Record<string, string> = {}) => ({ MODE: 'live', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: 'https://asb.example.gov.uk', ...extra });

/** Texts the fake Twilio saw, by their words: more than one copy is a duplicate send. */
function copies(fake: FakeTwilio): Map<string, number> {
  const seen = new Map<string, number>();
  for (const sms of fake.received) {
    const words = /Message \d+ of \d+/.exec(sms.body)?.[0];
    if (words) seen.set(words, (seen.get(words) ?? 0) + 1);
  }
  return seen;
}

describe('two instances dispatching the same contacts', () => {
  const fake = new FakeTwilio();
  const services: TestService[] = [];
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await fake.stop();
  });

  it('send each of 2,000 contacts exactly once', async () => {
    await fake.start();
    const databaseUrl = await createMigratedDatabase('embedded');
    const encryptionKey = randomBytes(32).toString('base64');
    const options = { databaseUrl, encryptionKey, schedule: false };
    services.push(await startTestService('embedded', liveEnv(), undefined, fake.httpClient(), options));
    const { caseId } = await bulkContacts(services[0], 2000);
    // Both instances start dispatching together on the same database.
    services.push(await startTestService('embedded', liveEnv(), undefined, fake.httpClient(), { ...options, schedule: false }));
    await Promise.all(services.map((s) => s.app.get(Dispatcher).start()));
    await waitFor(async () => (await statusCounts(services[0], caseId)).sent === 2000, 90_000, 'all 2,000 to be sent');
    const seen = copies(fake);
    expect(seen.size).toBe(2000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  }, 120_000);
});

describe('crash safety', () => {
  const fake = new FakeTwilio();
  const children: ChildProcess[] = [];
  let setup: TestService | undefined;
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await setup?.stop();
    await fake.stop();
  });

  it('loses nothing and repeats at most one text per kill when the dispatcher is killed five times', async () => {
    execFileSync(process.execPath, ['test/support/compile-child.mjs'], { stdio: 'inherit' }); // into dist-bench/, as tsconfig.bench.json
    await fake.start();
    const databaseUrl = await createMigratedDatabase('embedded');
    const encryptionKey = randomBytes(32).toString('base64');
    setup = await startTestService('embedded', liveEnv(), undefined, fake.httpClient(), { databaseUrl, encryptionKey });
    const service = setup;
    const { caseId } = await bulkContacts(service, 2000);
    const env = {
      ...process.env, ...liveEnv(), DATABASE_URL: databaseUrl, DATA_ENCRYPTION_KEY: encryptionKey, LOG_LEVEL: 'silent',
      FAKE_TWILIO_URL: fake.baseUrl, DISPATCH_CONCURRENCY: '1', VAR_DIR: mkdtempSync(join(tmpdir(), 'asb-crash-')),
    };
    const spawnChild = () => {
      const child = fork('dist-bench/test/support/dispatch-child.js', [], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      children.push(child);
      return child;
    };
    let kills = 0;
    while (kills < 5) {
      const child = spawnChild();
      const before = (await statusCounts(service, caseId)).sent ?? 0;
      // Kill it at a random moment once it is sending (after a kill, the dead worker's jobs
      // first have to come back, which takes pg-boss a while).
      await waitFor(async () => ((await statusCounts(service, caseId)).sent ?? 0) > before, 150_000, 'the child to send');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1500));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      kills += 1;
    }
    spawnChild();
    await waitFor(async () => (await statusCounts(service, caseId)).sent === 2000, 300_000, 'every contact to be sent after the kills');
    const seen = copies(fake);
    const duplicates = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(seen.size).toBe(2000); // none lost
    expect(duplicates).toBeLessThanOrEqual(kills);
  }, 600_000);
});

describe('an SMTP server that is down, then up', () => {
  it('loses no email', async () => {
    const port = await freePort();
    const service = await startTestService('embedded', { MODE: 'live', SMTP_URL: `smtp://127.0.0.1:${port}` }, undefined, undefined, { schedule: true });
    const sink = new SmtpSink();
    try {
      const { caseId } = await bulkContacts(service, 20, 'email');
      const dispatcher = service.app.get(Dispatcher);
      await waitFor(async () => (await service.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM contact_events e JOIN contacts k ON k.id = e.contact_id WHERE k.case_id = $1 AND e.reason LIKE 'Could not reach the mail server%'`, [caseId]))[0].n >= 20, 30_000, 'every email to fail once');
      expect((await statusCounts(service, caseId)).sent ?? 0).toBe(0);
      await sink.start(port);
      service.clock.travelTo(new Date(Date.now() + 2 * 3_600_000)); // past every backoff
      await dispatcher.tick();
      await waitFor(async () => (await statusCounts(service, caseId)).sent === 20, 30_000, 'every email to be sent');
      const words = new Set(sink.messages.map((m) => /Message \d+ of 20/.exec(m.text ?? '')?.[0]));
      expect(words.size).toBe(20);
    } finally {
      await service.stop();
      await sink.stop();
    }
  }, 90_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
