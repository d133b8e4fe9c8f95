// npm run bench:dispatch: contacts per second end to end (claim -> render -> transport -> status
// recorded) for 20,000 due contacts, to the training outbox and to a local fake Twilio and SMTP
// server; the SMS rate under TWILIO_MAX_PER_SECOND=50; and bare pg-boss no-op jobs/s on the
// same database for the ratio. Everything runs on this machine against an embedded PostgreSQL.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PgBoss } from 'pg-boss';
import { Dispatcher } from '../src/contacts/dispatcher.js';
import { startEmbeddedDatabase } from '../src/database/embedded-database.js';
import { bulkContacts } from '../test/support/bulk-contacts.js';
import { fork } from 'node:child_process';
import { localTwilioClient } from '../test/support/fake-twilio.js';
import type { TestPartnership } from '../test/support/partnership.js';
import { startTestService, type TestService } from '../test/support/test-service.js';

const COUNT = Number(process.env.BENCH_CONTACTS ?? 20_000);
const LIVE = { MODE: 'live', TWILIO_ACCOUNT_SID: 'AC' + '78'.repeat(16), TWILIO_AUTH_TOKEN: 'bench', PUBLIC_BASE_URL: 'https://asb.example.gov.uk' };
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

/** Waits until none of the cases' contacts is still to go (one count on the status index, every 200 ms). */
async function done(service: TestService, caseIds: string[]): Promise<void> {
  for (;;) {
    const [left] = await service.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM contacts WHERE status IN ('scheduled', 'queued', 'sending') AND case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    if (left.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Seeds `count` due contacts per channel, then times the dispatcher until every one is recorded. */
async function dispatchRun(env: Record<string, string>, channels: ('sms' | 'email')[], count: number, twilioUrl?: string) {
  const client = twilioUrl ? localTwilioClient(() => twilioUrl) : undefined;
  const service = await startTestService('embedded', { LOG_LEVEL: 'silent', DISPATCH_CONCURRENCY: process.env.DISPATCH_CONCURRENCY ?? '8', ...env }, undefined, client);
  try {
    const caseIds: string[] = [];
    let partnership: TestPartnership | undefined;
    for (const channel of channels) {
      const seeded = await bulkContacts(service, count / channels.length, channel, partnership);
      caseIds.push(seeded.caseId);
      partnership = seeded.partnership;
    }
    const started = performance.now();
    await service.app.get(Dispatcher).start();
    await done(service, caseIds);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, perSecond: count / seconds };
  } finally {
    await service.stop();
  }
}

async function barePgBoss(databaseUrl: string, count: number) {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss_bench', max: 12 });
  await boss.start();
  await boss.createQueue('noop');
  for (let i = 0; i < count; i += 1000) await boss.insert('noop', Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({ data: { n: i + j } })));
  let handled = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    void boss.work('noop', { batchSize: 200, localConcurrency: 8, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true }, async (jobs) => {
      handled += jobs.length;
      if (handled >= count) resolve();
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await boss.stop({ graceful: false });
  return { seconds, perSecond: count / seconds };
}

const dir = mkdtempSync(join(tmpdir(), 'asb-bench-'));
chmodSync(dir, 0o755);
const db = await startEmbeddedDatabase({ dataDir: join(dir, 'pg'), port: 57000 + Math.floor(Math.random() * 2000), database: 'postgres', ...(process.env.BENCH_ASYNC_COMMIT ? { postgresFlags: ['-c', 'synchronous_commit=off'] } : {}) });
process.env.TEST_EMBEDDED_PG_URL = db.superuserUrl; // each run makes its own database
const providers = fork(join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'fake-providers.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const ask = <T>(message?: string) =>
  new Promise<T>((resolve) => {
    providers.once('message', (reply) => resolve(reply as T));
    if (message) providers.send(message);
  });
const { twilioUrl, smtpUrl } = await ask<{ twilioUrl: string; smtpUrl: string }>();
const textsSoFar = async () => (await ask<{ texts: number[] }>('texts')).texts;
try {
  const outbox = await dispatchRun({ MODE: 'training', OUTBOX_DIR: join(dir, 'outbox') }, ['sms', 'email'], COUNT);
  const providerChannels = (process.env.BENCH_PROVIDER_CHANNELS ?? 'sms,email').split(',') as ('sms' | 'email')[];
  const viaProviders = await dispatchRun({ ...LIVE, SMTP_URL: smtpUrl }, providerChannels, COUNT, twilioUrl);
  const before = (await textsSoFar()).length;
  const limited = await dispatchRun({ ...LIVE, TWILIO_MAX_PER_SECOND: '50' }, ['sms'], 500, twilioUrl);
  // What Twilio saw, second by second (the last second is partial, so it is left out of the mean).
  const perSecond = new Map<number, number>();
  for (const at of (await textsSoFar()).slice(before)) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
  const buckets = [...perSecond.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
  const whole = buckets.slice(0, -1);
  const twilioView = { max: Math.max(...buckets), mean: whole.reduce((a, b) => a + b, 0) / Math.max(1, whole.length) };
  const bare = await barePgBoss(db.superuserUrl, COUNT);
  const row = (label: string, r: { seconds: number; perSecond: number }, ratio = true) =>
    `${Math.round(r.perSecond).toLocaleString('en-GB').padStart(8)}/s  ${r.seconds.toFixed(1).padStart(6)} s` +
    (ratio ? `  ${(r.perSecond / bare.perSecond).toFixed(2)}x bare pg-boss` : '') + `  ${label}\n`;
  process.stdout.write(`\nDispatch, ${COUNT.toLocaleString('en-GB')} due contacts (half SMS, half email), one instance, this machine\n`);
  process.stdout.write(row('training outbox (JSON and .eml files)', outbox));
  process.stdout.write(row('fake Twilio + real SMTP on loopback (in another process)', viaProviders));
  process.stdout.write(
    `${twilioView.mean.toFixed(1).padStart(8)}/s  ${limited.seconds.toFixed(1).padStart(6)} s  500 SMS with TWILIO_MAX_PER_SECOND=50: ` +
      `mean of whole seconds at Twilio (target 45-50), busiest second ${twilioView.max}\n`,
  );
  process.stdout.write(row('bare pg-boss no-op jobs (batch 200, 8 workers, as the dispatcher)', bare, false));
  process.stdout.write(`peak memory ${Math.round(peakRss / 1048576)} MB\n`);
  const verdict = (r: { perSecond: number }, target: number) => (r.perSecond >= target ? 'met' : 'not met');
  process.stdout.write(`targets: outbox >= 2,000 contacts/s ${verdict(outbox, 2000)}; providers >= 1,000 contacts/s ${verdict(viaProviders, 1000)}\n`);
} finally {
  clearInterval(sampler);
  providers.kill();
  await db.stop();
}
