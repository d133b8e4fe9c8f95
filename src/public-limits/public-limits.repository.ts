import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The row as the upsert sees it: `c` is the stored counter; $2 now, $3 end of a new window, $4 limit, $5 end of a new block. */
const STILL_BLOCKED = `(c.blocked_until > $2 AND c.blocked_until <= $5)`;
// A window that has ended, a block that has ended, or a clock moved back (training) starts afresh.
const FRESH = `(NOT ${STILL_BLOCKED} AND (c.window_ends_at <= $2 OR c.window_ends_at > $3 OR c.blocked_until IS NOT NULL))`;
const HITS = `(CASE WHEN ${FRESH} THEN 1 ELSE c.hits + 1 END)`;

/** A counter after a hit: hits in its window, when the window ends, and when a block ends (null: not blocked). */
export interface CounterRow {
  hits: number;
  window_ends_at: Date;
  blocked_until: Date | null;
}

/** The public limits' queries on `request_counters` (one row per throttler and key). */
@Injectable()
export class PublicLimitsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Counts one hit on `counterKey` at `now`: a fresh window (ending `windowEnd`) when the last has
   * ended, a block until `blockEnd` once hits pass `limit`; returns the counter as it now stands.
   */
  async countHit(counterKey: string, now: Date, windowEnd: Date, limit: number, blockEnd: Date, db: EntityManager): Promise<CounterRow> {
    const [row]: CounterRow[] = await db.query(
      `INSERT INTO request_counters AS c (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, $3, CASE WHEN 1 > $4 THEN $5::timestamptz END)
       ON CONFLICT (key) DO UPDATE SET
         hits = ${HITS},
         window_ends_at = CASE WHEN ${FRESH} THEN $3 ELSE c.window_ends_at END,
         blocked_until = CASE WHEN ${STILL_BLOCKED} THEN c.blocked_until WHEN ${HITS} > $4 THEN $5::timestamptz END
       RETURNING hits, window_ends_at, blocked_until`,
      [counterKey, now, windowEnd, limit, blockEnd],
    );
    return row;
  }

  /** Hits on `counterKey` in a window still open at `now` (0 when none is). */
  async hitsInWindow(counterKey: string, now: Date, db: EntityManager = this.db.manager): Promise<number> {
    const [row] = await db.query('SELECT hits FROM request_counters WHERE key = $1 AND window_ends_at > $2', [counterKey, now]);
    return row?.hits ?? 0;
  }

  /** Deletes counters whose window and block have both ended by `now`; returns how many. */
  async removeExpired(now: Date, db: EntityManager): Promise<number> {
    const rows = await db.query(
      `WITH gone AS (DELETE FROM request_counters WHERE GREATEST(window_ends_at, blocked_until) <= $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [now],
    );
    return rows[0].n;
  }
}
