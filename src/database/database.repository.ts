import type pg from 'pg';
import type { QueryRunner } from 'typeorm';

// The database slice's SQL. These run before Nest (and its dependency injection) exists, so they
// are plain functions on the connection they are given: a TypeORM query runner or a pg client.

/** Waits for, and takes, the session-level advisory lock that lets one instance at a time migrate. */
export async function takeMigrationLock(runner: QueryRunner): Promise<void> {
  await runner.query(`SELECT pg_advisory_lock(hashtext('asb:migrations'))`);
}

/** Releases the migration lock taken by `takeMigrationLock` on the same session. */
export async function releaseMigrationLock(runner: QueryRunner): Promise<void> {
  await runner.query(`SELECT pg_advisory_unlock(hashtext('asb:migrations'))`);
}

/** The cheapest round trip: throws when the server cannot answer. */
export async function ping(client: pg.Client): Promise<void> {
  await client.query('SELECT 1');
}

/** Sets the connected superuser's (`role`) password. */
export async function setRolePassword(client: pg.Client, role: string, password: string): Promise<void> {
  await client.query(`ALTER ROLE ${role} PASSWORD '${password}'`);
}

/** Creates `role` (or brings it up to date) as a login role with no privileges beyond its own objects. */
export async function ensureLoginRole(client: pg.Client, role: string, password: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const verb = found.rowCount === 0 ? 'CREATE' : 'ALTER';
  await client.query(`${verb} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '${password}'`);
}

/** The owner of `database`, or null when there is no such database. */
export async function databaseOwner(client: pg.Client, database: string): Promise<string | null> {
  const found = await client.query('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [database]);
  return found.rowCount === 0 ? null : found.rows[0].owner;
}

/** Creates `database`, owned by `owner`. */
export async function createDatabase(client: pg.Client, database: string, owner: string): Promise<void> {
  await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}" OWNER ${owner}`);
}

/** Gives `database` to `owner`. */
export async function giveDatabaseTo(client: pg.Client, database: string, owner: string): Promise<void> {
  await client.query(`ALTER DATABASE "${database.replace(/"/g, '')}" OWNER TO ${owner}`);
}

/** Tables, sequences, functions, types and schemas the `postgres` superuser made (in the connected database) become `owner`'s. */
export async function handOverObjectsTo(client: pg.Client, owner: string): Promise<void> {
  await client.query(`
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT n.nspname FROM pg_namespace n
          WHERE n.nspowner = 'postgres'::regrole AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO ${owner}', r.nspname);
        END LOOP;
        FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relowner = 'postgres'::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
            AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${owner}', CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END, r.name);
        END LOOP;
        FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relowner = 'postgres'::regrole AND c.relkind = 'S'
            AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
          EXECUTE format('ALTER SEQUENCE %s OWNER TO ${owner}', r.name);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE p.proowner = 'postgres'::regrole AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
          EXECUTE format('ALTER ROUTINE %s OWNER TO ${owner}', r.name);
        END LOOP;
        FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE t.typowner = 'postgres'::regrole AND t.typtype IN ('e', 'd')
            AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' LOOP
          EXECUTE format('ALTER TYPE %s OWNER TO ${owner}', r.name);
        END LOOP;
      END $$`);
}
