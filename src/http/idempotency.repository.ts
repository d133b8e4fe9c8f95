import type { EntityManager } from 'typeorm';

// The idempotency keys' SQL. `once` (idempotency.ts) is a plain function called inside other
// slices' transactions, so these are plain functions on the transaction they are given.

/** The response stored for a key, with the request's fingerprint and when it was first answered. */
export interface StoredResponse {
  response: unknown;
  fingerprint: string | null;
  created_at: Date;
}

/** Waits for, and holds until the transaction ends, the lock on one caller's use of one key on one route. */
export async function lockIdempotencyKey(officerId: string, route: string, key: string, db: EntityManager): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${officerId}:${route}:${key}`]);
}

/** The response stored for this caller, route and key, if any (whatever its age). */
export async function storedResponse(officerId: string, route: string, key: string, db: EntityManager): Promise<StoredResponse | undefined> {
  const [earlier] = await db.query('SELECT response, fingerprint, created_at FROM idempotency_keys WHERE officer_id = $1 AND route = $2 AND key = $3', [
    officerId,
    route,
    key,
  ]);
  return earlier;
}

/** Stores (or replaces an expired) response for this caller, route and key, first answered at `now`. */
export async function storeResponse(
  stored: { officerId: string; route: string; key: string; response: unknown; fingerprint: string; now: Date },
  db: EntityManager,
): Promise<void> {
  const { key, officerId, route, response, fingerprint, now } = stored;
  await db.query(
    `INSERT INTO idempotency_keys (key, officer_id, route, response, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (officer_id, route, key) DO UPDATE SET response = EXCLUDED.response, fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at`,
    [key, officerId, route, response, fingerprint, now],
  );
}
