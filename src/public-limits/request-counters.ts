import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';
import type { ClockService } from '../clock/clock.service.js';
import { PublicLimitsRepository } from './public-limits.repository.js';

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
  private readonly counters: PublicLimitsRepository;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Pick<ClockService, 'now'>,
  ) {
    this.counters = new PublicLimitsRepository(db);
  }

  /** Counts a hit on the key (see the class's comment for units). No transaction: each hit stands alone. */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    const windowEnd = new Date(now.getTime() + ttl);
    const blockEnd = new Date(now.getTime() + blockDuration);
    const row = await this.counters.countHit(`${throttlerName}:${key}`, now, windowEnd, limit, blockEnd, this.db.manager);
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
    return this.counters.hitsInWindow(`${throttlerName}:${key}`, this.clock.now());
  }

  /** Deletes counters whose window and block have both ended; returns how many. */
  async removeExpired(): Promise<number> {
    return this.counters.removeExpired(this.clock.now(), this.db.manager);
  }
}
