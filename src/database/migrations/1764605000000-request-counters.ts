import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters behind the limits on public routes (`/p/…`) and the daily cap on subscription
 * confirmation texts: one row per limit and client (a keyed hash, never the address itself),
 * shared by every instance on the database. Expired rows are deleted on the dispatcher's tick.
 */
export class RequestCounters1764605000000 implements MigrationInterface {
  name = 'RequestCounters1764605000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE request_counters (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      );
      CREATE INDEX request_counters_expiry ON request_counters ((GREATEST(window_ends_at, blocked_until)));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE request_counters');
  }
}
