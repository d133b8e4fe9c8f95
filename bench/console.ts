// npm run bench:console: the console's My day and case page for a case officer with 200 open
// cases and 5,000 contacts, over HTTP on loopback with a real session cookie, p50/p95 per page,
// beside the bare API calls (API key) that fetch the same data, in the same run, on an embedded
// PostgreSQL. Target: p95 <= 150 ms for each page.
// Then the supervisors' team dashboard over 20,000 cases and 200,000 contacts (seeded in bulk SQL):
// the report API's server time p50/p95 against <= 500 ms, and the slowest step of the slowest query
// (EXPLAIN ANALYZE).
import { chmodSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmbeddedDatabase } from '../src/database/embedded-database.js';
import { PersonalDataCipher } from '../src/privacy/personal-data-cipher.js';
import { DashboardRepository } from '../src/reports/dashboard.repository.js';
import { DashboardService } from '../src/reports/dashboard.service.js';
import { seedDashboard } from './dashboard-seed.js';
import { indexesUsed, slowestStep } from './explain.js';
import { complaint } from '../test/support/partnership.js';
import { startTestService } from '../test/support/test-service.js';

const CASES = Number(process.env.BENCH_CASES ?? 200);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const DASHBOARD_CASES = Number(process.env.BENCH_DASHBOARD_CASES ?? 20_000);
const DASHBOARD_CONTACTS = Number(process.env.BENCH_DASHBOARD_CONTACTS ?? 200_000);
const DASHBOARD_ROUNDS = Number(process.env.BENCH_DASHBOARD_ROUNDS ?? 20);

const dir = mkdtempSync(join(tmpdir(), 'asb-bench-console-'));
chmodSync(dir, 0o755); // the embedded PostgreSQL runs as its own user when we are root
const db = await startEmbeddedDatabase({ dataDir: join(dir, 'pg'), port: 57000 + Math.floor(Math.random() * 2000), database: 'postgres' });
process.env.TEST_EMBEDDED_PG_URL = db.superuserUrl; // each run makes its own database
const service = await startTestService('embedded', { LOG_LEVEL: 'silent' });
try {
  const server = service.app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const alex = service.firstRun!.demoOfficers.find((o) => o.name === 'PC Alex Morgan')!;
  const [police] = await service.sql<{ id: string }>(`SELECT id FROM organisations WHERE code = 'SPOL'`);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { Authorization: `Bearer ${alex.apiKey}`, 'Content-Type': 'application/json', ...init.headers } });

  process.stdout.write(`Seeding ${CASES} open cases and ${CONTACTS} contacts for PC Alex Morgan...\n`);
  const caseIds: string[] = [];
  for (let i = 0; i < CASES; i += 1) {
    const victim = { name: `Victim ${i}`, phone: `07700 9${String(i).padStart(5, '0')}`, email: `victim${i}@example.com`, address: [`${i} Mill Road`, 'Northampton', 'NN1 3AB'] };
    const body = complaint(police.id, { victim, riskAssessment: { answers: { threats_or_violence: i % 5 === 0 } } });
    const res = await api('/v1/cases', { method: 'POST', body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`Seeding failed: ${res.status} ${await res.text()}`);
    caseIds.push(((await res.json()) as { id: string }).id);
  }
  const cipher = service.app.get(PersonalDataCipher);
  const perCase = Math.ceil(CONTACTS / CASES);
  // Each case: its history (sent, delivered, failed, one every 2 days back from now) and one update due this week.
  const statuses = ['delivered', 'sent', 'failed', 'delivered'];
  await service.sql(
    `WITH made AS (
       INSERT INTO contacts (case_id, purpose, channel, status, due_at, data_enc)
       SELECT c, CASE WHEN n = 1 THEN 'update' ELSE 'holding_update' END, 'sms',
              CASE WHEN n = 1 THEN 'scheduled' ELSE ($3::text[])[1 + (n % 4)] END,
              CASE WHEN n = 1 THEN now() + interval '3 days' ELSE now() - (n * 2 || ' days')::interval END, $4
         FROM unnest($1::uuid[]) AS c, generate_series(1, $2) AS n RETURNING id, status)
     INSERT INTO contact_events (contact_id, at, status) SELECT id, now(), s FROM made, unnest(ARRAY['scheduled', 'queued', status]) AS s`,
    [caseIds, perCase, statuses, cipher.sealJson({ update: { message: 'We spoke to the neighbour.' } })],
  );
  await service.sql(
    `INSERT INTO officer_tasks (case_id, officer_id, kind, status, due_at, briefing_enc)
     SELECT c, $2, 'write_update', 'open', now() + interval '2 days', $3 FROM unnest($1::uuid[]) AS c`,
    [caseIds, (await service.sql<{ id: string }>(`SELECT id FROM officers WHERE email = 'alex.morgan@shireshire.police.example'`))[0].id,
      cipher.sealJson({ purpose: 'update', whatToCover: 'An update is due.' })],
  );

  // Sign in as a training person, as a browser would, and keep the session cookie.
  const signInPage = await fetch(`${base}/sign-in`);
  let cookie = (signInPage.headers.get('set-cookie') ?? '').split(';')[0];
  const html = await signInPage.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const officerId = /name="officerId" value="([^"]+)"[\s\S]*?Alex Morgan/.exec(html)?.[1] ?? /name="officerId" value="([^"]+)"/.exec(html)![1];
  const signedIn = await fetch(`${base}/sign-in/training`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ _csrf: csrf, officerId, next: '/' }),
  });
  cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
  const page = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.text();
  };
  const json = async (path: string) => {
    const res = await api(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.json();
  };

  const time = async (work: (i: number) => Promise<unknown>, rounds = ROUNDS, warmUp = 10) => {
    for (let i = 0; i < warmUp; i += 1) await work(i);
    const samples: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const started = performance.now();
      await work(i);
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
    return { p50: at(0.5), p95: at(0.95) };
  };
  const me = /"id":"([^"]+)"/.exec(JSON.stringify((await service.sql(`SELECT id FROM officers WHERE email = 'alex.morgan@shireshire.police.example'`))[0]))![1];
  const week = new Date(service.clock.now().getTime() + 7 * 86_400_000).toISOString();
  const rows = [
    ['My day (console page)', await time(() => page('/'))],
    ['My day (bare API calls)', await time(() => Promise.all([
      json(`/v1/cases?status=open&spocOfficerId=${me}&limit=500`),
      json('/v1/tasks?mine=true'),
      json(`/v1/contacts?status=scheduled&spocOfficerId=${me}&dueFrom=${service.clock.now().toISOString()}&dueTo=${week}`),
    ]))],
    ['Case page (console page)', await time((i) => page(`/cases/${caseIds[i % caseIds.length]}`))],
    ['Case page (bare API calls)', await time((i) => {
      const id = caseIds[i % caseIds.length];
      return Promise.all([json(`/v1/cases/${id}`), json(`/v1/cases/${id}/contacts`), json(`/v1/cases/${id}/contact-agreement`)]);
    })],
  ] as const;
  process.stdout.write(`\nConsole, ${CASES} open cases, ${CASES * perCase} contacts, ${ROUNDS} requests each, HTTP on loopback\n`);
  process.stdout.write('p50 ms   p95 ms   what\n');
  for (const [name, t] of rows) process.stdout.write(`${t.p50.toFixed(1).padStart(6)}   ${t.p95.toFixed(1).padStart(6)}   ${name}\n`);
  const met = rows.filter(([name]) => name.includes('console page')).every(([, t]) => t.p95 <= 150);
  process.stdout.write(`target console pages p95 <= 150 ms: ${met ? 'met' : 'MISSED'}\n`);

  // The team dashboard, as Sgt Priya Shah (supervisor, Shireshire Police) over a big partnership.
  process.stdout.write(`\nSeeding ${DASHBOARD_CASES} cases and ${DASHBOARD_CONTACTS} contacts in bulk for the dashboard...\n`);
  const seeding = performance.now();
  const [council] = await service.sql<{ id: string }>(`SELECT id FROM organisations WHERE code = 'NBC'`);
  await seedDashboard(service, {
    cases: DASHBOARD_CASES, contacts: DASHBOARD_CONTACTS, organisationId: police.id, partnerId: council.id, officerId: me,
    sealed: cipher.seal('bench'),
  });
  process.stdout.write(`seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`);
  const priya = service.firstRun!.demoOfficers.find((o) => o.name === 'Sgt Priya Shah')!;
  const dashboardService = service.app.get(DashboardService);
  const window = dashboardService.defaultWindow();
  const dashboardPath = `/v1/reports/dashboard?from=${window.from}&to=${window.to}`;
  const asPriya = async () => {
    const res = await fetch(`${base}${dashboardPath}`, { headers: { Authorization: `Bearer ${priya.apiKey}` } });
    if (res.status !== 200) throw new Error(`dashboard: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ openByRisk: { cases: number }[]; contacts: { delivered: number }[] }>;
  };
  const sample = await asPriya();
  const dashboard = await time(asPriya, DASHBOARD_ROUNDS, 2);
  process.stdout.write(`\nTeam dashboard (report API, all 7 charts), ${DASHBOARD_ROUNDS} requests, ${window.from} to ${window.to}\n`);
  process.stdout.write(`open cases seen: ${sample.openByRisk.reduce((n, r) => n + r.cases, 0)}, contacts delivered in the window: ${sample.contacts.reduce((n, r) => n + r.delivered, 0)}\n`);
  process.stdout.write(`p50 ${dashboard.p50.toFixed(1)} ms, p95 ${dashboard.p95.toFixed(1)} ms; target p95 <= 500 ms: ${dashboard.p95 <= 500 ? 'met' : 'MISSED'}\n`);

  // Each query's plan, as the service runs it; the slowest query's slowest step.
  const [priyaRow] = await service.sql<{ id: string; organisation_id: string }>(`SELECT id, organisation_id FROM officers WHERE email = 'priya.shah@shireshire.police.example'`);
  const scope = dashboardService.scope(window, { officerId: priyaRow.id, organisationId: priyaRow.organisation_id, role: 'supervisor' });
  const plans = [];
  for (const statement of Object.values(service.app.get(DashboardRepository).statements(scope))) {
    const [{ 'QUERY PLAN': plan }] = await service.sql<{ 'QUERY PLAN': { 'Execution Time': number; Plan: object }[] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`, statement.params);
    plans.push({ name: statement.name, ms: plan[0]['Execution Time'], plan: plan[0].Plan });
  }
  plans.sort((a, b) => b.ms - a.ms);
  process.stdout.write('\nEXPLAIN ANALYZE, execution time per query:\n');
  for (const p of plans) process.stdout.write(`${p.ms.toFixed(1).padStart(8)} ms   ${p.name} (indexes: ${indexesUsed(p.plan).join(', ') || 'none'})\n`);
  const step = slowestStep(plans[0].plan);
  process.stdout.write(`slowest query: ${plans[0].name}; its slowest step: ${step.describe} (${step.ms.toFixed(1)} ms of its own, ${step.rows} rows)\n`);
} finally {
  await service.stop();
  await db.stop();
}
