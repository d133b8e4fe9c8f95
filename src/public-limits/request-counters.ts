import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';
import type { ClockService } from '../clock/clock.service.js';

/** The row as the upsert sees it: `c` is the stored counter; $2 now, $3 end of a new window, $4 limit, $5 end of a new block. */
const STILL_BLOCKED = `(c.blocked_until > $2 AND c.blocked_until <= $5)`;
// A window that has ended, a block that has ended, or a clock moved back (training) starts afresh.
const FRESH = `(NOT ${STILL_BLOCKED} AND (c.window_ends_at <= $2 OR c.window_ends_at > $3 OR c.blocked_until IS NOT NULL))`;
const HITS = `(CASE WHEN ${FRESH} THEN 1 ELSE c.hits + 1 END)`;

/** The library does not export this type by name. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

/**
 * @nestjs/throttler's storage, kept in PostgreSQL (`request_counters`) so that every instance
 * on the database counts the same requests. A fixed window per key: the first hit opens a
 * window of `ttl`; a hit beyond `limit` blocks the key for `blockDuration` (Retry-After), after
 * which counting starts again, as the library's in-memory storage does. Times come from the
 * service's clock, so the training clock and tests move them too.
 *
 * Units as the library's contract: `ttl` and `blockDuration` in milliseconds; `timeToExpire`
 * and `timeToBlockExpire` in whole seconds, rounded up.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly db: Pick<DataSource, 'query'>,
    private readonly clock: Pick<ClockService, 'now'>,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    const windowEnd = new Date(now.getTime() + ttl);
    const blockEnd = new Date(now.getTime() + blockDuration);
    const [row]: { hits: number; window_ends_at: Date; blocked_until: Date | null }[] = await this.db.query(
      `INSERT INTO request_counters AS c (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, $3, CASE WHEN 1 > $4 THEN $5::timestamptz END)
       ON CONFLICT (key) DO UPDATE SET
         hits = ${HITS},
         window_ends_at = CASE WHEN ${FRESH} THEN $3 ELSE c.window_ends_at END,
         blocked_until = CASE WHEN ${STILL_BLOCKED} THEN c.blocked_until WHEN ${HITS} > $4 THEN $5::timestamptz END
       RETURNING hits, window_ends_at, blocked_until`,
      [`${throttlerName}:${key}`, now, windowEnd, limit, blockEnd],
    );
    const isBlocked = row.blocked_until !== null && row.blocked_until > now;
    return {
      totalHits: row.hits,
      timeToExpire: seconds(row.window_ends_at.getTime() - now.getTime()),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(row.blocked_until!.getTime() - now.getTime()) : 0,
    };
  }

  /** Hits so far in the key's current window (0 once it has ended), without counting one. */
  async hits(key: string, throttlerName: string): Promise<number> {
    const [row] = await this.db.query(
      'SELECT hits FROM request_counters WHERE key = $1 AND window_ends_at > $2', [`${throttlerName}:${key}`, this.clock.now()],
    );
    return row?.hits ?? 0;
  }

  /** Deletes counters whose window and block have both ended; returns how many. */
  async removeExpired(): Promise<number> {
    const rows = await this.db.query(
      `WITH gone AS (DELETE FROM request_counters WHERE GREATEST(window_ends_at, blocked_until) <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [this.clock.now()],
    );
    return rows[0].n;
  }
}
