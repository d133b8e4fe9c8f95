import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './wait.js';

/** Jest runs from the project folder. */
export const ROOT = process.cwd();

/** Builds dist/ when the sources changed (what `npm start` does), for tests that run the real entry point. */
export function ensureBuilt(): void {
  execFileSync(process.execPath, ['scripts/start.mjs', '--build-only'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
}

/** A var/ folder and ports of its own, as a new install would have. */
export async function freshInstall(): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'asb-child-'));
  chmodSync(dir, 0o755); // the embedded server runs as 'postgres' when we are root
  return {
    VAR_DIR: join(dir, 'var'),
    PORT: String(await freePort()),
    EMBEDDED_DATABASE_PORT: String(await freePort()),
    MODE: 'training',
    LOG_LEVEL: 'info',
  };
}

/** The child's environment: ours without anything that would point it at another database. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATA_ENCRYPTION_KEY: _key, NODE_ENV: _node, NODE_OPTIONS: _options, ...rest } = process.env;
  return { ...rest, ...env };
}

export interface ChildService {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  url: string;
}

/** Runs `command` (default: node dist/main.js) from the project folder and keeps its output. */
export function runService(env: Record<string, string>, command: string[] = [process.execPath, 'dist/main.js']): ChildService {
  const child = spawn(command[0], command.slice(1), { cwd: ROOT, env: childEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, stdout: () => out, stderr: () => err, exited, url: `http://127.0.0.1:${env.PORT}` };
}

/** Waits for /health to answer 200 (bounded), failing early with the output if the child exits. */
export async function waitUntilReady(service: ChildService, timeoutMs = 60_000): Promise<void> {
  let ended = false;
  void service.exited.then(() => (ended = true));
  await waitFor(
    async () => {
      if (ended) throw new Error(`The service exited: ${service.stderr()}${service.stdout().slice(-2000)}`);
      return fetch(`${service.url}/health`).then((r) => r.status === 200, () => false);
    },
    timeoutMs,
    'the service to answer /health',
  );
}

/** The keys the first start printed. */
export function printedKeys(text: string): { admin: string; officer: string } {
  return {
    admin: /Admin API key \(shown once, store it safely\): (asb_\S+)/.exec(text)![1],
    officer: /Training officer key: SPOL officer (?:PC )?Alex Morgan: (asb_\S+)/.exec(text)![1],
  };
}

/** Stops the child if a test left it running (SIGKILL then leaves the database to the next start). */
export async function stopIfRunning(service: ChildService | undefined): Promise<void> {
  if (!service || service.process.exitCode !== null || service.process.signalCode !== null) return;
  service.process.kill('SIGTERM');
  await service.exited;
}
