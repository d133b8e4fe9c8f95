import type pg from 'pg';
import type { DataSource } from 'typeorm';

/** Just enough of TypeORM's DataSource or a pg pool: run one statement and get its rows back. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** The service's own connection pool (TypeORM's DataSource) as a SqlRunner. */
export function dataSourceRunner(db: DataSource): SqlRunner {
  return { query: (text, params) => db.query(text, params) };
}

/** A bare pg pool as a SqlRunner. */
export function poolRunner(pool: pg.Pool): SqlRunner {
  return {
    async query<T>(text: string, params?: unknown[]): Promise<T[]> {
      return (await pool.query(text, params)).rows as T[];
    },
  };
}

/*
 * Seconds are taken from the DATABASE's clock, not each instance's: the database is the one place all
 * instances share, so they all agree which second a message counts against. With app clocks, two
 * instances skewed by a few hundred ms would each fill "their" second and together exceed the limit
 * in real time. Only durations (how long until the next second) come back to the app, so the app's
 * clock never has to agree with the database's.
 * floor(), not ::bigint, which would round 12.7 up to second 13.
 * The outer SELECT always returns exactly one row (sent is null when the second is full), and being a
 * SELECT it comes back from TypeORM's DataSource.query as plain rows.
 */
const grantSql = (clock: string) => `
  WITH clock AS (SELECT extract(epoch FROM ${clock}) AS ts),
  granted AS (
    INSERT INTO provider_rate (provider, second, sent)
    SELECT $1, floor(ts)::bigint, 1 FROM clock
    ON CONFLICT (provider, second) DO UPDATE SET sent = provider_rate.sent + 1
      WHERE provider_rate.sent < $2
    RETURNING sent
  )
  SELECT (SELECT sent FROM granted) AS sent, ((floor(ts) + 1 - ts) * 1000)::float8 AS wait_ms FROM clock`;

/**
 * The `provider_rate` table: messages counted per provider per second of the database's clock.
 * Not a Nest provider: the rate limiter runs on any SqlRunner (the service's DataSource, or a pg
 * pool of its own in tests), so it is built with one.
 */
export class ProviderRateRepository {
  private readonly grantText: string;

  /** `databaseClock`: a call of a SQL function without arguments, checked by the caller. */
  constructor(private readonly db: SqlRunner, databaseClock: string) {
    this.grantText = grantSql(databaseClock);
  }

  /**
   * Counts one more message for `provider` in the current second if fewer than `limit` went;
   * `sent` is the new count (null when the second is full) and `wait_ms` the ms left in the second.
   */
  async grant(provider: string, limit: number): Promise<{ sent: number | null; wait_ms: number }> {
    const [row] = await this.db.query<{ sent: number | null; wait_ms: number }>(this.grantText, [provider, limit]);
    return row;
  }

  /** Deletes the counts of seconds more than a minute old. */
  async prune(): Promise<void> {
    await this.db.query(`DELETE FROM provider_rate WHERE second < extract(epoch FROM clock_timestamp()) - 60`);
  }
}
