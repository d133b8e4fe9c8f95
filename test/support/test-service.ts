import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import request from 'supertest';
import { ClockService } from '../../src/clock/clock.service.js';
import { RunningService, startService, type StartOptions } from '../../src/service.js';
import { ensureTemplate } from './template-database.js';

export type DatabaseKind = 'embedded' | 'external';

/**
 * 'external' is a PostgreSQL reached the way an operator's DATABASE_URL would be: the one in
 * TEST_EXTERNAL_PG_URL (CI sets the machine's own), else the run's throwaway embedded server,
 * so the tests need no PostgreSQL on the machine.
 */
function serverUrl(kind: DatabaseKind): string {
  const url = kind === 'embedded' ? process.env.TEST_EMBEDDED_PG_URL : (process.env.TEST_EXTERNAL_PG_URL ?? process.env.TEST_EMBEDDED_PG_URL);
  if (!url) throw new Error('The embedded test database was not started (jest globalSetup)');
  return url;
}

/**
 * A new database on the chosen server, so every test file starts from nothing: empty (no
 * schema; the service migrates it from nothing on its first start), or with `migrated` the
 * current schema and no data, copied from this run's template (built by the service's own
 * migrations, see template-database.ts), on which the service's migrations find nothing to do.
 */
export async function createDatabase(kind: DatabaseKind, options: { migrated?: boolean } = {}): Promise<string> {
  const server = serverUrl(kind);
  const template = options.migrated ? await ensureTemplate(server) : null;
  const name = `asb_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await client.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database already at the current schema (a copy of the run's migrated template). */
export function createMigratedDatabase(kind: DatabaseKind): Promise<string> {
  return createDatabase(kind, { migrated: true });
}

export class CapturedOutput extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface TestService extends RunningService {
  databaseUrl: string;
  output: CapturedOutput;
  clock: ClockService;
  http: () => ReturnType<typeof request>;
  adminKey: string;
  /** The service's own connection, for calling write methods that take a transaction. */
  manager: EntityManager;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** The real service on a fresh (already migrated) database, driven over HTTP without opening a port. */
export async function startTestService(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  logStream?: NodeJS.WritableStream,
  twilioHttpClient?: StartOptions['twilioHttpClient'],
  options: { databaseUrl?: string; schedule?: boolean; encryptionKey?: string } = {},
): Promise<TestService> {
  const databaseUrl = options.databaseUrl ?? (await createMigratedDatabase(kind));
  const output = new CapturedOutput();
  const running = await startService(
    {
      DATABASE_URL: databaseUrl,
      DATA_ENCRYPTION_KEY: options.encryptionKey ?? randomBytes(32).toString('base64'),
      VAR_DIR: mkdtempSync(join(tmpdir(), 'asb-test-var-')),
      LOG_LEVEL: 'silent',
      MODE: 'training',
      // Limits on public routes high enough never to bite, except in the tests of those limits.
      PUBLIC_REQUESTS_PER_ADDRESS_HOUR: '1000000',
      SUBSCRIBE_PER_ADDRESS_HOUR: '1000000',
      SUBSCRIBE_PER_HOUR: '1000000',
      SUBSCRIBE_SMS_DAILY_CAP: '1000000',
      ...env,
    },
    output,
    { listen: false, schedule: options.schedule ?? false, logStream, twilioHttpClient },
  );
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const server = running.app.getHttpServer();
  return {
    ...running,
    databaseUrl,
    output,
    clock: running.app.get(ClockService),
    http: () => request(server),
    adminKey: running.firstRun?.adminKey ?? '',
    manager: running.app.get(DataSource).manager,
    sql: async (text, params) => (await pool.query(text, params)).rows,
    stop: async () => {
      await pool.end();
      await running.stop();
    },
  };
}
