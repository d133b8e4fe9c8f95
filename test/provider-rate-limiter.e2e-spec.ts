import pg from 'pg';
import { poolRunner, ProviderRateLimiter, type SqlRunner } from '../src/contacts/provider-rate-limiter.js';
import { createDatabase } from './support/test-service.js';
import { waitFor } from './support/wait.js';

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

  /**
   * The database's clock and each instance's, moved by the test a second at a time: every
   * acquire that cannot have a permit parks in its (fake) sleep, and each step releases them.
   */
  async function steppedClock(start: number) {
    await admin.query(`CREATE TABLE IF NOT EXISTS test_clock (at timestamptz NOT NULL)`);
    await admin.query(`CREATE OR REPLACE FUNCTION test_clock() RETURNS timestamptz LANGUAGE sql VOLATILE AS 'SELECT at FROM test_clock'`);
    await admin.query(`DELETE FROM test_clock`);
    await admin.query(`INSERT INTO test_clock (at) VALUES (to_timestamp($1 / 1000.0))`, [start]);
    const clock = {
      ms: start,
      parked: [] as (() => void)[],
      now: () => clock.ms,
      sleep: () => new Promise<void>((resolve) => clock.parked.push(resolve)),
      async step(): Promise<void> {
        clock.ms += 1000;
        await admin.query(`UPDATE test_clock SET at = to_timestamp($1 / 1000.0)`, [clock.ms]);
        for (const wake of clock.parked.splice(0)) wake();
      },
    };
    return clock;
  }

  it('keeps three instances together within 20 a second, and close to it', async () => {
    const limit = 20;
    const clock = await steppedClock(Date.UTC(2026, 10, 23, 10, 0, 0, 500)); // half way through a second
    const limiters = [instance(), instance(), instance()].map(
      (pool) => new ProviderRateLimiter(poolRunner(pool), { twilio: limit }, clock.now, clock.sleep, 'test_clock()'),
    );
    const granted: number[] = [];
    const all = Promise.all(
      limiters.flatMap((limiter) =>
        Array.from({ length: 50 }, async () => {
          await limiter.acquire('twilio');
          granted.push(clock.ms);
        }),
      ),
    );
    // Each second: wait until every acquire has either its permit or is parked, then move on.
    const settled = () => waitFor(async () => granted.length + clock.parked.length === 150, 15_000, 'every acquire to have a permit or wait');
    for (let second = 0; granted.length < 150 && second < 20; second++) {
      await settled();
      if (granted.length < 150) await clock.step();
    }
    await all;

    const perSecond = new Map<number, number>();
    for (const at of granted) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    const counts = [...perSecond.entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
    expect(granted).toHaveLength(150);
    expect(Math.max(...counts)).toBeLessThanOrEqual(limit);
    // Every second but the last is filled to the limit: the sustained rate is the limit itself.
    expect(counts.slice(0, -1).every((n) => n === limit)).toBe(true);
    expect(counts).toHaveLength(Math.ceil(150 / limit));

    // The database's own bookkeeping, per second of its clock, agrees.
    const rows = (await admin.query(`SELECT second, sent FROM provider_rate WHERE provider = 'twilio' ORDER BY second`)).rows;
    expect(rows.map((row) => Number(row.second) * 1000)).toEqual([...perSecond.keys()].sort().map((s) => s * 1000));
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
    // Fill the next two minutes so the acquire below can only wait, even if a long garbage
    // collection late in a full run stalls this process for seconds before it asks.
    await admin.query(
      `INSERT INTO provider_rate (provider, second, sent)
       SELECT 'smtp-abort', floor(extract(epoch FROM clock_timestamp()))::bigint + g, 1 FROM generate_series(0, 120) g`,
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
