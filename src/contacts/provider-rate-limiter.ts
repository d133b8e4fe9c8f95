import type pg from 'pg';

/** Just enough of TypeORM's DataSource or a pg pool: run one statement and get its rows back. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export function poolRunner(pool: pg.Pool): SqlRunner {
  return {
    async query<T>(text: string, params?: unknown[]): Promise<T[]> {
      return (await pool.query(text, params)).rows as T[];
    },
  };
}

/** Spread over this many ms after a second starts, so waiting instances don't all hit the database at once. */
const JITTER_MS = 20;

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
 * Keeps every service instance together within each provider's per-second limit, counted per
 * calendar second of the database's clock in the provider_rate table.
 * Caveats: a permit is counted when the database grants it, so the provider sees the message up
 * to one network hop later; and waiters are not served in order.
 */
export class ProviderRateLimiter {
  /** Local time (ms, from `now`) before which this instance knows a provider's current second is full. */
  private readonly fullUntil = new Map<string, number>();
  private readonly grant: string;

  constructor(
    private readonly db: SqlRunner,
    private readonly limits: Record<string, number | undefined>,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    /** The database's clock: a call of a SQL function without arguments (a test gives one it controls). */
    databaseClock = 'clock_timestamp()',
  ) {
    if (!/^[a-z_][a-z0-9_.]*\(\)$/.test(databaseClock)) throw new RangeError(`The database clock must be a function call such as clock_timestamp(), not ${databaseClock}`);
    this.grant = grantSql(databaseClock);
    for (const [provider, limit] of Object.entries(limits)) {
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
        throw new RangeError(`Rate limit for ${provider} must be a whole number of messages per second, not ${limit}`);
      }
    }
  }

  /** Waits until sending one more message through `provider` keeps every instance together within its per-second limit, then counts it. No limit configured (undefined or 0) → returns at once without touching the database. */
  async acquire(provider: string, signal?: AbortSignal, share = 1): Promise<void> {
    const full = this.limits[provider];
    if (!full) return;
    // A share below 1 (bulletins) stops short of the limit, leaving the rest of each second to victims' messages.
    const limit = Math.max(1, Math.floor(full * share));
    const key = `${provider}:${limit}`;
    for (;;) {
      // Callers arriving while this instance already knows the second is full wait without a query.
      const blocked = (this.fullUntil.get(key) ?? 0) - this.now();
      if (blocked > 0) await this.pause(blocked + Math.random() * JITTER_MS, signal);
      signal?.throwIfAborted();
      const [row] = await this.db.query<{ sent: number | null; wait_ms: number }>(this.grant, [provider, limit]);
      if (row.sent !== null) return;
      this.fullUntil.set(key, this.now() + Number(row.wait_ms));
    }
  }

  /** Deletes rows older than a minute; cheap; the lead calls it now and then. */
  async prune(): Promise<void> {
    await this.db.query(`DELETE FROM provider_rate WHERE second < extract(epoch FROM clock_timestamp()) - 60`);
  }

  private async pause(ms: number, signal?: AbortSignal): Promise<void> {
    if (!signal) return this.sleep(ms);
    signal.throwIfAborted();
    let onAbort!: () => void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
