import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ChildService, ensureBuilt, freshInstall, printedKeys, ROOT, childEnv, runService, stopIfRunning, waitUntilReady } from './support/child-service.js';
import { waitFor } from './support/wait.js';
import { TRAINING_OFFICER_EMAILS } from '../src/partnership/first-run.service.js';

// What an operator sees and does: the terminal, restarts, getting back in.
const run = promisify(execFile);
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

const admin = (env: Record<string, string>, command: string, ...args: string[]) =>
  run(process.execPath, ['scripts/start.mjs', 'admin/cli.js', command, ...args], { cwd: ROOT, env: childEnv(env), timeout: 120_000 });

const me = (url: string, key: string) => fetch(`${url}/v1/officers/me`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);

describe('the service for an operator', () => {
  let service: ChildService | undefined;
  beforeAll(() => ensureBuilt(), 300_000);
  afterEach(() => stopIfRunning(service));

  it('on a terminal: readable lines, the banner early, and Ctrl+C stops it without errors', async () => {
    const env = await freshInstall();
    // `script` gives the service a pseudo-terminal as stdout; what we write to it is typed at that terminal.
    // `exec` so that no shell sits between (dash, the usual /bin/sh, would itself die of the Ctrl+C).
    service = runService(env, ['script', '-qfec', `exec ${process.execPath} dist/main.js`, '/dev/null']);
    await waitFor(async () => service!.stdout().includes('API docs:'), 120_000, 'the banner');
    const lines = service.stdout().replace(ANSI, '').split(/\r?\n/);
    const banner = lines.findIndex((line) => line.includes('ASB contact orchestrator: training mode'));
    expect(banner).toBeGreaterThanOrEqual(0);
    expect(banner).toBeLessThan(20);
    expect(lines.slice(0, banner).filter((line) => line.trim().startsWith('{'))).toEqual([]);
    expect(service.stdout()).not.toMatch(/Mapped \{/); // route mapping only at debug
    const output = lines.join('\n');
    expect(output).toContain(`Console: http://localhost:${env.PORT}/`);
    expect(output).toContain('Admin API key (shown once, store it safely): asb_');

    service.process.stdin!.write('\x03'); // Ctrl+C
    expect(await service.exited).toBe(0);
    expect(service.stdout().replace(ANSI, '')).not.toMatch(/ERROR|Error:|terminating connection|^\s+at /m);
  }, 240_000);

  it('restarts quickly when nothing changed (no build) and prints the time to ready', async () => {
    const env = await freshInstall();
    service = runService(env, [process.execPath, 'scripts/start.mjs']);
    await waitUntilReady(service, 120_000);
    service.process.kill('SIGTERM');
    expect(await service.exited).toBe(0);

    const started = Date.now();
    service = runService(env, [process.execPath, 'scripts/start.mjs']);
    await waitUntilReady(service, 120_000);
    const restart = Date.now() - started;
    const dependencies = Date.now();
    await run(process.execPath, ['-e', "await import('@nestjs/core'); await import('typeorm'); await import('twilio'); await import('pg-boss')", '--input-type=module'], { cwd: ROOT });
    console.log(`Restart with nothing changed: ready in ${restart} ms (for scale, loading four of its libraries alone took ${Date.now() - dependencies} ms)`);
    expect(service.stderr()).not.toContain('Building');
    expect(restart).toBeLessThan(60_000);
  }, 300_000);

  it('npm run admin -- new-key and training-keys give keys that work, while the service runs and after', async () => {
    const env = await freshInstall();
    service = runService(env);
    await waitUntilReady(service, 120_000);
    const first = printedKeys(service.stdout());

    const issued = await admin(env, 'new-key');
    const adminKey = /Admin API key for Partnership administrator \(shown once, store it safely\): (asb_\S+)/.exec(issued.stdout)![1];
    expect(adminKey).not.toBe(first.admin);
    expect(await me(service.url, adminKey)).toBe(200);
    expect(await me(service.url, first.admin)).toBe(200); // the earlier key still works

    const training = await admin(env, 'training-keys');
    const officerKey = /Training officer key: SPOL officer (?:PC )?Alex Morgan: (asb_\S+)/.exec(training.stdout)![1];
    expect(training.stdout.match(/Training officer key: /g)).toHaveLength(TRAINING_OFFICER_EMAILS.length); // one per training person
    expect(await me(service.url, officerKey)).toBe(200);
    expect(await me(service.url, first.officer)).toBe(401); // revoked and reissued

    // A one-time link to set a console password, opened in the running service's console.
    const link = await admin(env, 'password-link', 'alex.morgan@shireshire.police.example');
    const url = /One-time link for alex\.morgan@shireshire\.police\.example to set a console password \(until [^)]+\): (\S+)/.exec(link.stdout)![1];
    const setPassword = await fetch(`${service.url}${new URL(url).pathname}`);
    expect(setPassword.status).toBe(200);
    expect(await setPassword.text()).toContain('Set your password');

    const audit = (await (await fetch(`${service.url}/v1/audit`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as { action: string }[];
    expect(audit.filter((entry) => entry.action === 'api_key_issued')).toHaveLength(TRAINING_OFFICER_EMAILS.length + 1); // each training person's, and the new admin key

    service.process.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const offline = await admin(env, 'new-key'); // the service is stopped: the command starts the database itself
    expect(offline.stdout).toMatch(/Admin API key for Partnership administrator/);
    await expect(admin(env, 'nonsense')).rejects.toMatchObject({ stderr: 'Usage: npm run admin -- new-key | training-keys | password-link EMAIL\n' });
  }, 300_000);
});
