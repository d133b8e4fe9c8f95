// npm run bench:bulletin: one newsletter to 100,000 subscribers (70% email, 30% SMS) through the
// training outbox transports, on an embedded PostgreSQL on this machine. Prints the fan-out
// time, the time until every recipient was handed to its transport, recipients per second,
// peak memory, and the ratio to a bare INSERT of the same number of rows in the same run.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PersonalDataCipher } from '../src/privacy/personal-data-cipher.js';
import { startEmbeddedDatabase } from '../src/database/embedded-database.js';
import { buildPartnership, bearer } from '../test/support/partnership.js';
import { startTestService, type TestService } from '../test/support/test-service.js';

const COUNT = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const BATCH = 5_000;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

/** Confirmed subscribers, written straight to the table in batches (sealed like the service seals them). */
async function seedSubscribers(service: TestService, neighbourhoodId: string): Promise<void> {
  const cipher = service.app.get(PersonalDataCipher);
  const now = new Date();
  for (let start = 0; start < COUNT; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, COUNT - start) }, (_, j) => start + j);
    const sms = rows.map((i) => i % 10 >= 7);
    const emails = rows.map((i, k) => (sms[k] ? null : cipher.seal(`resident${i}@example.com`)));
    const phones = rows.map((i, k) => (sms[k] ? cipher.seal(`+447911${String(100000 + (i % 900000)).padStart(6, '0')}`) : null));
    const hashes = rows.map((i, k) => cipher.matchHash(sms[k] ? `phone:+447911${i}` : `email:resident${i}@example.com`));
    const inserted: { id: string }[] = await service.sql(
      `INSERT INTO subscribers (email_enc, phone_enc, email_hash, phone_hash, postcode_sector, email_state, sms_state,
                                email_confirmed_at, sms_confirmed_at, consent_source, consent_at)
       SELECT e, p, CASE WHEN e IS NULL THEN NULL ELSE h END, CASE WHEN p IS NULL THEN NULL ELSE h END, 'NN1 3',
              CASE WHEN e IS NULL THEN NULL ELSE 'confirmed' END, CASE WHEN p IS NULL THEN NULL ELSE 'confirmed' END,
              $4, $4, 'import', $4
         FROM unnest($1::bytea[], $2::bytea[], $3::text[]) AS t(e, p, h)
       RETURNING id`,
      [emails, phones, hashes, now],
    );
    await service.sql(
      `INSERT INTO neighbourhood_subscriptions (neighbourhood_id, subscriber_id, subscribed_at) SELECT $1, unnest($2::uuid[]), $3`,
      [neighbourhoodId, inserted.map((r) => r.id), now],
    );
  }
}

/** The bare engine: the same number of delivery-sized rows inserted from the application, in batches. */
async function bareInsert(service: TestService): Promise<number> {
  await service.sql('CREATE TABLE bench_bare (id bigserial PRIMARY KEY, subscriber_id uuid, channel text, status text, updated_at timestamptz)');
  const started = performance.now();
  for (let start = 0; start < COUNT; start += BATCH) {
    const n = Math.min(BATCH, COUNT - start);
    await service.sql(
      `INSERT INTO bench_bare (subscriber_id, channel, status, updated_at) SELECT gen_random_uuid(), unnest($1::text[]), 'queued', now()`,
      [Array.from({ length: n }, (_, j) => ((start + j) % 10 >= 7 ? 'sms' : 'email'))],
    );
  }
  return (performance.now() - started) / 1000;
}

const dir = mkdtempSync(join(tmpdir(), 'asb-bench-bulletin-'));
chmodSync(dir, 0o755);
const db = await startEmbeddedDatabase({ dataDir: join(dir, 'pg'), port: 57000 + Math.floor(Math.random() * 2000), database: 'postgres' });
process.env.TEST_EMBEDDED_PG_URL = db.superuserUrl; // each run makes its own database
const service = await startTestService('embedded', { LOG_LEVEL: 'silent', OUTBOX_DIR: join(dir, 'outbox') }, undefined, undefined, { schedule: true });
try {
  const p = await buildPartnership(service);
  const [{ id: neighbourhoodId }] = await service.sql<{ id: string }>(`INSERT INTO neighbourhoods (name, areas) VALUES ('Mill Court', '{NN1 3}') RETURNING id`);
  const seedStarted = performance.now();
  await seedSubscribers(service, neighbourhoodId);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const content = {
    headline: 'Fewer problems at Mill Court', summary: 'Evening patrols have cut reports by half. Here is what happens next.',
    sections: [{ heading: 'What changed', body: 'Since October, patrols have visited the car park every evening.' }],
    whatWeAreDoing: ['Evening patrols until March', 'New lighting in the car park'],
    howToReport: 'Call 101, or report online. In an emergency call 999.', contactNumbers: [{ label: 'Police non-emergency', number: '101' }],
  };
  const drafted = await service.http().post('/v1/bulletins').set('Authorization', bearer(p.comms)).send({ type: 'newsletter', neighbourhoodIds: [neighbourhoodId], content }).expect(201);
  await service.http().post(`/v1/bulletins/${drafted.body.id}/approve`).set('Authorization', bearer(p.councilSupervisor)).expect(200);
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  const started = performance.now();
  const sent = await service.http().post(`/v1/bulletins/${drafted.body.id}/send`).set('Authorization', bearer(p.comms)).send({}).expect(202);
  const fanOutSeconds = (performance.now() - started) / 1000;
  const recipients: number = sent.body.recipients;
  for (;;) {
    const [row] = await service.sql<{ open: number }>(
      `SELECT count(*)::int AS open FROM bulletin_deliveries WHERE bulletin_id = $1 AND status IN ('queued', 'sending')`, [drafted.body.id],
    );
    if (row.open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const [counts] = await service.sql(`SELECT count(*) FILTER (WHERE status = 'delivered')::int AS delivered, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM bulletin_deliveries WHERE bulletin_id = $1`, [drafted.body.id]);
  const bare = await bareInsert(service);
  const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
  process.stdout.write(`\nBulletin fan-out, one newsletter to ${recipients.toLocaleString('en-GB')} subscribers (70% email, 30% SMS), training outbox, one instance, this machine\n`);
  process.stdout.write(`  seeding ${COUNT.toLocaleString('en-GB')} sealed subscribers: ${seedSeconds.toFixed(1)} s (not timed below)\n`);
  process.stdout.write(`  fan-out (delivery rows and jobs, in one transaction): ${fanOutSeconds.toFixed(2)} s\n`);
  process.stdout.write(`  every recipient handed to its transport: ${totalSeconds.toFixed(1)} s = ${Math.round(recipients / totalSeconds).toLocaleString('en-GB')} recipients/s (delivered ${counts.delivered}, failed ${counts.failed})\n`);
  process.stdout.write(`  bare INSERT of ${COUNT.toLocaleString('en-GB')} rows from the application, same database: ${bare.toFixed(2)} s; ratio ${(totalSeconds / bare).toFixed(1)}x\n`);
  process.stdout.write(`  peak memory (RSS, whole process incl. the service): ${mb(peakRss)} (${mb(rssBefore)} before sending)\n`);
  process.stdout.write(`  target: <= 60 s and <= 400 MB: ${totalSeconds <= 60 ? 'time met' : 'time NOT met'}, ${peakRss <= 400 * 1048576 ? 'memory met' : 'memory NOT met'}\n`);
} finally {
  clearInterval(sampler);
  await service.stop();
  await db.stop();
}
