import { request as httpRequest } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChildService, ensureBuilt, freshInstall, printedKeys, runService, stopIfRunning, waitUntilReady } from './support/child-service.js';

// The real entry point (node dist/main.js) in a child process, with the embedded database.

/** A case for Shireshire Police, as an officer would log it. */
function caseBody(organisationId: string, n: number) {
  return JSON.stringify({
    leadOrganisationId: organisationId,
    victim: { name: `Jane Doe ${n}`, phone: '07911 123456' },
    incident: { description: 'Youths kick a football against my door every evening', category: 'personal', hateMotivated: false, postcode: 'NN1 3AB' },
    riskAssessment: { answers: { threats_or_violence: false } },
  });
}

/** One request on its own connection: a status, or the connection error's code. */
function post(url: string, path: string, key: string, body: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', agent: false, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.end(body);
  });
}

async function shireshire(url: string, key: string): Promise<string> {
  const organisations = (await (await fetch(`${url}/v1/organisations`, { headers: { authorization: `Bearer ${key}` } })).json()) as { id: string; code: string }[];
  return organisations.find((o) => o.code === 'SPOL')!.id;
}

/** Lines that look like trouble: error-level JSON logs, stack frames, PostgreSQL's shutdown notice. */
function troubleLines(text: string): string[] {
  return text.split('\n').filter((line) => /"level":(5|6)0|^\s+at |terminating connection|ERROR|Error:/.test(line));
}

describe('the service in its own process', () => {
  let service: ChildService | undefined;
  beforeAll(() => ensureBuilt(), 300_000);
  afterEach(() => stopIfRunning(service));

  it('starts again after it was killed (SIGKILL), stopping the database it left running', async () => {
    const env = await freshInstall();
    service = runService(env);
    await waitUntilReady(service);
    const dataDir = join(env.VAR_DIR, 'postgres');
    service.process.kill('SIGKILL');
    await service.exited;
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true); // the orphaned server is still up

    service = runService(env);
    await waitUntilReady(service);
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    service.process.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false); // and now it stopped its own
  }, 240_000);

  it('on SIGTERM finishes the requests under way, then stops quietly', async () => {
    const env = await freshInstall();
    service = runService(env);
    await waitUntilReady(service);
    const { officer } = printedKeys(service.stdout());
    const organisationId = await shireshire(service.url, officer);

    const outcomes: Promise<number | string>[] = [];
    for (let n = 0; n < 60; n++) {
      outcomes.push(post(service.url, '/v1/cases', officer, caseBody(organisationId, n)));
      if (n === 20) service.process.kill('SIGTERM');
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await Promise.all(outcomes);
    expect(await service.exited).toBe(0);

    const created = results.filter((r) => r === 201).length;
    // Refused at the door: connections made after the close, or waiting in the listen queue then.
    const refused = results.filter((r) => r === 'ECONNREFUSED' || r === 'ECONNRESET').length;
    console.log(`SIGTERM after 21 of 60 requests: ${created} created, ${refused} refused, others: ${JSON.stringify(results.filter((r) => r !== 201 && r !== 'ECONNREFUSED' && r !== 'ECONNRESET'))}`);
    expect(results.filter((r) => typeof r === 'number' && r >= 500)).toEqual([]);
    expect(created + refused).toBe(results.length); // each either done, or refused at the door
    expect(created).toBeGreaterThan(0);
    expect(service.stderr()).toBe('');
    expect(troubleLines(service.stdout())).toEqual([]);

    // Every case answered 201 is there after a restart, and no other.
    service = runService(env);
    await waitUntilReady(service);
    const list = (await (await fetch(`${service.url}/v1/cases?limit=500`, { headers: { authorization: `Bearer ${officer}` } })).json()) as unknown[];
    expect(list).toHaveLength(created);
  }, 240_000);
});
