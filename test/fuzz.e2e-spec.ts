import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FuzzRequests, routesOf, type FuzzRequest, type OpenApi } from './support/fuzz-requests.js';
import { bearer, buildPartnership, complaint, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

const REQUESTS = 5_000;
const AT_ONCE = 8;
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const MONDAY = new Date('2026-11-30T10:00:00Z');

interface Answer { status: number; text: string }

/**
 * Issue 10's proof: thousands of malformed requests over every route of the OpenAPI document (and
 * the public pages and webhooks it leaves out), with every role's key and with none. No answer is
 * a 5xx, and a request refused (4xx), like any read, changes no row of any table (the audit log
 * and the public routes' request counters aside: reads and refusals count there by design). Replay a run with FUZZ_SEED.
 */
describe('fuzzing every route', () => {
  let service: TestService;
  let p: TestPartnership;
  let base: string;
  const agent = new Agent({ keepAlive: true, maxSockets: AT_ONCE });

  beforeAll(async () => {
    service = await startTestService('embedded');
    service.clock.travelTo(MONDAY);
    p = await buildPartnership(service);
    const server = service.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => service?.app.getHttpServer().close(resolve));
    await service?.stop();
  });

  /** Sends the request exactly as made: any method with any body, paths not normalised. */
  const send = (r: FuzzRequest): Promise<Answer> => {
    let payload: string | undefined;
    let type = r.contentType;
    if (typeof r.body === 'string' && type) payload = r.body;
    else if (r.body !== undefined && type?.startsWith('application/x-www-form-urlencoded')) {
      const fields = Object.entries((r.body ?? {}) as Record<string, unknown>).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
      payload = new URLSearchParams(fields).toString();
    } else if (r.body !== undefined) {
      payload = JSON.stringify(r.body) ?? 'null';
      type = 'application/json';
    }
    const headers: Record<string, string> = {};
    if (r.key) headers.authorization = `Bearer ${r.key}`;
    if (payload !== undefined) {
      headers['content-type'] = type!;
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${base}${r.url}`, { method: r.method.toUpperCase(), headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8', 0, 300) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  };

  /** One fingerprint per table (audit log aside): any insert, update or delete changes it. */
  const fingerprints = async (tables: string[]) => {
    const parts = tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h FROM "${t}" x`);
    const rows = await service.sql<{ t: string; n: number; h: string }>(parts.join(' UNION ALL '));
    return new Map(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
  };

  it(`answers ${REQUESTS} malformed requests across every route without a 5xx or a half-written row`, async () => {
    const admin = `Bearer ${service.adminKey}`;
    const http = () => service.http();
    // Real records, so that requests reach past "not found" into the code behind.
    const opened = (await http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id)).expect(201)).body;
    const unagreed = (await http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id, { contactAgreement: undefined })).expect(201)).body;
    const proceedings = (await http().post(`/v1/cases/${opened.id}/proceedings`).set('Authorization', bearer(p.policeOfficer))
      .send({ kind: 'criminal', court: "Northtown Magistrates' Court", hearings: [{ at: '2027-01-14T10:00' }] }).expect(201)).body;
    const application = (await http().post(`/v1/cases/${opened.id}/special-measures`).set('Authorization', bearer(p.policeOfficer))
      .send({ proceedingsId: proceedings.id, measures: ['screens'], witnessCategory: 'intimidated' }).expect(201)).body;
    const neighbourhood = (await http().post('/v1/neighbourhoods').set('Authorization', admin).send({ name: 'Fuzz Court', areas: ['NN1 3'] }).expect(201)).body;
    const bulletin = (await http().post('/v1/bulletins').set('Authorization', bearer(p.comms))
      .send({ type: 'newsletter', neighbourhoodIds: [neighbourhood.id], content: {
        headline: 'Fewer problems at Mill Court', summary: 'Evening patrols have cut reports by half.', sections: [{ heading: 'What changed', body: 'Patrols every evening.' }],
        whatWeAreDoing: ['Evening patrols'], howToReport: 'Call 101. In an emergency call 999.', contactNumbers: [{ label: 'Police non-emergency', number: '101' }],
      } }).expect(201)).body;
    const [task] = await service.sql<{ id: string }>('SELECT id FROM officer_tasks WHERE case_id = $1', [unagreed.id]);
    const spare = (await http().post('/v1/officers').set('Authorization', admin)
      .send({ name: 'Spare Officer', organisationId: p.council.id, role: 'officer', email: 'spare@partner.example' }).expect(201)).body;
    const [spareKey] = await service.sql<{ id: string }>('SELECT id FROM api_keys WHERE officer_id = $1', [spare.id]);
    const known = (...ids: (string | undefined)[]) => ids.filter((id): id is string => typeof id === 'string');
    const byPrefix: [string, Record<string, string[]>][] = [
      ['/v1/cases/', { id: known(opened.id, unagreed.id), proceedingsId: known(proceedings.id), applicationId: known(application?.id) }],
      ['/v1/victims/', { id: known(opened.victimId) }],
      ['/v1/officers/', { id: known(spare.id) }], // never the officers whose keys the fuzzer uses
      ['/v1/api-keys/', { id: known(spareKey?.id) }],
      ['/v1/organisations/', { id: known(p.police.id, p.council.id) }],
      ['/v1/neighbourhoods/', { id: known(neighbourhood.id) }],
      ['/v1/bulletins/', { id: known(bulletin?.id) }],
      ['/v1/tasks/', { id: known(task?.id) }],
    ];
    const doc = (await http().get('/docs/openapi.json').expect(200)).body as OpenApi;
    const routes = routesOf(doc);
    const generator = new FuzzRequests({
      doc,
      keys: [service.adminKey, p.policeOfficer.apiKey, p.policeSupervisor.apiKey, p.councilOfficer.apiKey, p.councilSupervisor.apiKey, p.comms.apiKey, null],
      ids: (path, param) => byPrefix.find(([prefix]) => path.startsWith(prefix))?.[1][param] ?? [],
      anyIds: known(p.police.id, p.council.id, p.policeOfficer.id, p.councilOfficer.id, opened.id, neighbourhood.id, proceedings.id),
    }, SEED);
    // Left out: the audit log (reads and refusals are audited) and the public routes' request
    // counters (a refused request counts towards the limit too).
    const tables = (await service.sql<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_entries', 'migrations', 'request_counters')`,
    )).map((r) => r.table_name);

    const started = Date.now();
    const serverErrors: string[] = [];
    const halfWritten: string[] = [];
    const statuses = new Map<number, number>();
    const routesSeen = new Set<string>();
    let before = await fingerprints(tables);
    let checkedBatches = 0;
    for (let sent = 0; sent < REQUESTS; sent += AT_ONCE) {
      const batch = Array.from({ length: AT_ONCE }, (_, i) => generator.request(routes[(sent + i) % routes.length]));
      const answers = await Promise.all(batch.map(send));
      const describe = (r: FuzzRequest, a: Answer) => `${r.route} [${r.mutation}] ${r.url.slice(0, 120)} → ${a.status} ${a.text.slice(0, 160)}`;
      batch.forEach((r, i) => {
        generator.learn(r, answers[i].status);
        routesSeen.add(r.route);
        statuses.set(answers[i].status, (statuses.get(answers[i].status) ?? 0) + 1);
        // /health answers 503 by design while dispatch is not running (this test runs no scheduler).
        const healthProbe = r.route === 'GET /health' && answers[i].status === 503;
        if (answers[i].status >= 500 && !healthProbe) serverErrors.push(describe(r, answers[i]));
      });
      // Only requests that may write and succeeded may change a table.
      const wrote = batch.some((r, i) => r.method !== 'get' && answers[i].status < 400);
      const after = await fingerprints(tables);
      if (!wrote) {
        checkedBatches++;
        const changed = tables.filter((t) => before.get(t) !== after.get(t));
        if (changed.length) halfWritten.push(`${changed.join(', ')} changed by: ${batch.map((r, i) => describe(r, answers[i])).join(' | ')}`);
      }
      before = after;
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `fuzz: ${REQUESTS} requests over ${routesSeen.size} routes in ${seconds.toFixed(1)} s (seed ${SEED}); ` +
      `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; ${checkedBatches} all-refused batches checked for writes\n`,
    );
    expect(serverErrors.slice(0, 20)).toEqual([]);
    expect(halfWritten.slice(0, 5)).toEqual([]);
    expect(routesSeen.size).toBe(routes.length);
    expect(seconds).toBeLessThan(120);
  }, 180_000);
});
