import pg from 'pg';
import { poolRunner, ProviderRateLimiter, type SqlRunner } from '../src/contacts/provider-rate-limiter.js';
import { createDatabase } from './support/test-service.js';

const DDL = `
  CREATE UNLOGGED TABLE provider_rate (
    provider text NOT NULL,
    second bigint NOT NULL,
    sent integer NOT NULL,
    PRIMARY KEY (provider, second)
  )`;

function counting(runner: SqlRunner): SqlRunner & { queries: number } {
  return {
    queries: 0,
    query(text, params) {
      this.queries++;
      return runner.query(text, params);
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('ProviderRateLimiter', () => {
  let url: string;
  let admin: pg.Pool;
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    url = await createDatabase('embedded');
    admin = new pg.Pool({ connectionString: url, max: 2 });
    await admin.query(DDL);
  });

  afterAll(async () => {
    await Promise.all([admin, ...pools].map((pool) => pool.end()));
  });

  function instance(): pg.Pool {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    pools.push(pool);
    return pool;
  }

  it('keeps three instances together within 20 a second, and close to it', async () => {
    const limit = 20;
    const limiters = [instance(), instance(), instance()].map(
      (pool) => new ProviderRateLimiter(poolRunner(pool), { twilio: limit }),
    );
    // Start just after a second begins, so the run spans whole seconds: the first second's 20 are
    // granted at once, then 20 more at each of the next 7 seconds, 150 in about 7 s.
    await sleep(1100 - (Date.now() % 1000));

    const started = Date.now();
    const granted: number[] = [];
    await Promise.all(
      limiters.flatMap((limiter) =>
        Array.from({ length: 50 }, async () => {
          await limiter.acquire('twilio');
          granted.push(Date.now());
        }),
      ),
    );
    const elapsed = (Date.now() - started) / 1000;

    const perSecond = new Map<number, number>();
    for (const at of granted) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    const counts = [...perSecond.entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
    expect(granted).toHaveLength(150);
    expect(Math.max(...counts)).toBeLessThanOrEqual(limit);
    // Every second but the last is filled to the limit: the sustained rate is the limit itself.
    expect(counts.slice(0, -1).every((n) => n === limit)).toBe(true);
    expect(counts).toHaveLength(Math.ceil(150 / limit));
    expect(elapsed).toBeGreaterThanOrEqual(6.5);
    expect(elapsed).toBeLessThanOrEqual(9);

    // The database's own bookkeeping, per second of its clock, agrees.
    const rows = (await admin.query(`SELECT second, sent FROM provider_rate WHERE provider = 'twilio' ORDER BY second`)).rows;
    expect(rows.map((row) => row.sent)).toEqual(counts);
  });

  it('does not touch the database when a provider has no limit', async () => {
    const db = counting(poolRunner(admin));
    const limiter = new ProviderRateLimiter(db, { twilio: undefined, smtp: 0 });
    for (let i = 0; i < 1000; i++) {
      await limiter.acquire('twilio');
      await limiter.acquire('smtp');
      await limiter.acquire('unconfigured');
    }
    expect(db.queries).toBe(0);
  });

  it('stops waiting with the abort reason when the signal is aborted', async () => {
    // Fill the next few seconds so the acquire below can only wait.
    await admin.query(
      `INSERT INTO provider_rate (provider, second, sent)
       SELECT 'smtp-abort', floor(extract(epoch FROM clock_timestamp()))::bigint + g, 1 FROM generate_series(0, 5) g`,
    );
    const db = counting(poolRunner(admin));
    const limiter = new ProviderRateLimiter(db, { 'smtp-abort': 1 });

    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    const started = Date.now();
    await expect(limiter.acquire('smtp-abort', controller.signal)).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(500);

    const queries = db.queries;
    await expect(limiter.acquire('smtp-abort', AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(db.queries).toBe(queries);
  });

  it('prune deletes rows older than a minute', async () => {
    await admin.query(
      `INSERT INTO provider_rate (provider, second, sent)
       SELECT 'prune', floor(extract(epoch FROM clock_timestamp()))::bigint - ago, 1 FROM unnest(ARRAY[3600, 120, 62, 5]) ago`,
    );
    await new ProviderRateLimiter(poolRunner(admin), {}).prune();
    const { rows } = await admin.query(
      `SELECT floor(extract(epoch FROM clock_timestamp()))::bigint - second AS ago FROM provider_rate WHERE provider = 'prune'`,
    );
    expect(rows.map((row) => Number(row.ago))).toEqual([5]);
  });

  it('refuses a limit that is not a whole number', () => {
    expect(() => new ProviderRateLimiter(poolRunner(admin), { twilio: 2.5 })).toThrow(RangeError);
  });
});
