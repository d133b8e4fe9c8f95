import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { openDatabase, typeOrmOptions } from '../../src/database/database.js';

/**
 * This run's template database: one per server, migrated once by the service's own
 * `openDatabase` (the same MIGRATIONS, in the same order, under the same lock), so each test
 * database is a copy (`CREATE DATABASE … TEMPLATE`) instead of a fresh run of every migration.
 * The name is per run (global set-up; per process outside Jest), so a template never outlives the code that built it;
 * global tear-down drops it from a persistent (TEST_EXTERNAL_PG_URL) server.
 */
export function templateName(): string {
  // Outside Jest (the benchmarks, on their own throwaway server), one per process.
  process.env.TEST_DATABASE_TEMPLATE ??= `asb_template_${randomBytes(6).toString('hex')}`;
  const name = process.env.TEST_DATABASE_TEMPLATE;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`TEST_DATABASE_TEMPLATE is not a plain database name: ${name}`);
  return name;
}

/** Per server URL, within this test file's module registry. */
const built = new Map<string, Promise<void>>();

/**
 * Builds the template on `server` (a superuser URL) unless some test file of this run already
 * has; returns its name. Builders on one server take turns under an advisory lock, and the
 * template appears under its name (a rename) only once migrated, with no connection left open
 * to it, as CREATE DATABASE … TEMPLATE requires.
 */
export async function ensureTemplate(server: string): Promise<string> {
  const name = templateName();
  let ready = built.get(server);
  if (!ready) {
    ready = build(server, name);
    built.set(server, ready);
    ready.catch(() => built.delete(server));
  }
  await ready;
  return name;
}

async function build(server: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`asb-test-template:${name}`]);
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return;
    const building = `${name}_building`;
    await client.query(`DROP DATABASE IF EXISTS ${building}`); // left by a builder that died
    await client.query(`CREATE DATABASE ${building}`);
    const url = new URL(server);
    url.pathname = `/${building}`;
    const dataSource = await openDatabase(typeOrmOptions(url.toString()) as DataSourceOptions);
    await dataSource.destroy();
    await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
  } finally {
    await client.end(); // also releases the advisory lock
  }
}

