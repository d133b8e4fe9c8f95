import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import {
  createDatabase, databaseOwner, ensureLoginRole, giveDatabaseTo, handOverObjectsTo, setRolePassword,
} from './database.repository.js';
import { initialiseCluster, runningServer, startServer, stopServer } from './embedded-server.js';

export interface EmbeddedDatabase {
  /** The service's own role: owns its database, nothing more. */
  url: string;
  /** The superuser, for set-up and tests only. */
  superuserUrl: string;
  stop(): Promise<void>;
}

interface Credentials {
  superuserPassword: string;
  appPassword: string;
}

const SUPERUSER = 'postgres';
/** The password every install had before per-install passwords (migrated on first start). */
const LEGACY_PASSWORD = 'postgres';
export const APP_ROLE = 'asb';

/** The embedded database's passwords, beside its data directory, readable by this user only. */
export function credentialsFile(dataDir: string): string {
  return join(dirname(resolve(dataDir)), 'database-credentials.json');
}

/** Which service process runs the server on this data directory. */
function ownerFile(dataDir: string): string {
  return join(dirname(resolve(dataDir)), 'postgres.owner');
}

function readCredentials(file: string): Credentials | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Credentials) : null;
}

function writeCredentials(file: string, credentials: Credentials): void {
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
}

function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The process that started the server is still running (and is not this one). */
function runningOwner(dataDir: string): number | null {
  const file = ownerFile(dataDir);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid && pid !== process.pid && isAlive(pid) ? pid : null;
}

/**
 * Starts a real PostgreSQL server from the binaries shipped in the npm registry, with its
 * data under `dataDir` so cases survive a restart. Used when no DATABASE_URL is configured.
 *
 * - A random superuser password per install, in `credentialsFile()` (mode 0600); an install
 *   from before that (password `postgres`) gets a new one on its next start.
 * - The service connects as `asb`, which is no superuser and owns only its database.
 * - The server listens on 127.0.0.1 only.
 * - A server left running by a service that was killed is stopped, then started afresh.
 *   With `shared`, a server that a running service owns is used as it is (the admin command).
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port: number;
  database: string;
  /** Extra server settings, e.g. ['-c', 'max_connections=200']. */
  postgresFlags?: string[];
  shared?: boolean;
}): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const file = credentialsFile(dataDir);
  let credentials = readCredentials(file);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dirname(dataDir), { recursive: true });
    credentials = { superuserPassword: newPassword(), appPassword: newPassword() };
    writeCredentials(file, credentials);
    await initialiseCluster(dataDir, SUPERUSER, credentials.superuserPassword);
  }

  let port = options.port;
  let started = false;
  const leftover = await runningServer(dataDir);
  const owner = leftover ? runningOwner(dataDir) : null;
  if (leftover && owner && options.shared) {
    port = leftover.port;
  } else if (leftover && owner) {
    throw new Error(`Another service (process ${owner}) is already running on ${dataDir}; stop it first`);
  } else {
    // Ours, left behind when the service was killed: stop it so it starts with today's settings.
    if (leftover) await stopServer(dataDir);
    await startServer(dataDir, port, options.postgresFlags ?? []);
    started = true;
    if (!options.shared) writeFileSync(ownerFile(dataDir), `${process.pid}\n`);
  }

  const stop = async () => {
    if (!started) return;
    started = false;
    await stopServer(dataDir);
    rmSync(ownerFile(dataDir), { force: true });
  };
  try {
    credentials = await secureRoles(port, options.database, credentials, file);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  const at = `127.0.0.1:${port}/${options.database}`;
  return {
    url: `postgres://${APP_ROLE}:${encodeURIComponent(credentials.appPassword)}@${at}`,
    superuserUrl: `postgres://${SUPERUSER}:${encodeURIComponent(credentials.superuserPassword)}@${at}`,
    stop,
  };
}

/** Connects as the superuser with the install's password, moving an old install off `postgres`. */
async function connectAsSuperuser(port: number, database: string, credentials: Credentials | null, file: string): Promise<{ client: pg.Client; credentials: Credentials }> {
  const connect = async (password: string) => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database });
    await client.connect();
    return client;
  };
  if (credentials) {
    try {
      return { client: await connect(credentials.superuserPassword), credentials };
    } catch (error) {
      if ((error as { code?: string }).code !== '28P01') throw error; // not "wrong password"
    }
  }
  const client = await connect(LEGACY_PASSWORD).catch(() => {
    throw new Error(`The embedded PostgreSQL rejected the password in ${file}; restore that file from a backup`);
  });
  const fresh = { superuserPassword: credentials?.superuserPassword ?? newPassword(), appPassword: credentials?.appPassword ?? newPassword() };
  writeCredentials(file, fresh); // first, so a crash in between still finds the new password
  await setRolePassword(client, SUPERUSER, fresh.superuserPassword);
  return { client, credentials: fresh };
}

/** The app role, its database, and (for installs from before the role) everything in it. */
async function secureRoles(port: number, database: string, known: Credentials | null, file: string): Promise<Credentials> {
  const { client, credentials } = await connectAsSuperuser(port, 'postgres', known, file);
  try {
    await ensureLoginRole(client, APP_ROLE, credentials.appPassword);
    const owner = await databaseOwner(client, database);
    if (owner === null) {
      await createDatabase(client, database, APP_ROLE);
    } else if (owner !== APP_ROLE) {
      await giveDatabaseTo(client, database, APP_ROLE);
      await handOverObjects(port, database, credentials.superuserPassword);
    }
  } finally {
    await client.end();
  }
  return credentials;
}

/** Tables, sequences, functions, types and schemas the superuser made become the app role's. */
async function handOverObjects(port: number, database: string, password: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database });
  await client.connect();
  try {
    await handOverObjectsTo(client, APP_ROLE);
  } finally {
    await client.end();
  }
}
