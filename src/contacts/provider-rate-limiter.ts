import { ProviderRateRepository, type SqlRunner } from './provider-rate.repository.js';

export { poolRunner, type SqlRunner } from './provider-rate.repository.js';

/** Spread over this many ms after a second starts, so waiting instances don't all hit the database at once. */
const JITTER_MS = 20;

/**
 * Keeps every service instance together within each provider's per-second limit, counted per
 * calendar second of the database's clock in the provider_rate table.
 * Caveats: a permit is counted when the database grants it, so the provider sees the message up
 * to one network hop later; and waiters are not served in order.
 */
export class ProviderRateLimiter {
  /** Local time (ms, from `now`) before which this instance knows a provider's current second is full. */
  private readonly fullUntil = new Map<string, number>();
  private readonly rates: ProviderRateRepository;

  constructor(
    db: SqlRunner,
    private readonly limits: Record<string, number | undefined>,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    /** The database's clock: a call of a SQL function without arguments (a test gives one it controls). */
    databaseClock = 'clock_timestamp()',
  ) {
    if (!/^[a-z_][a-z0-9_.]*\(\)$/.test(databaseClock)) throw new RangeError(`The database clock must be a function call such as clock_timestamp(), not ${databaseClock}`);
    this.rates = new ProviderRateRepository(db, databaseClock);
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
      const row = await this.rates.grant(provider, limit);
      if (row.sent !== null) return;
      this.fullUntil.set(key, this.now() + Number(row.wait_ms));
    }
  }

  /** Deletes rows older than a minute; cheap; the lead calls it now and then. */
  async prune(): Promise<void> {
    await this.rates.prune();
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
