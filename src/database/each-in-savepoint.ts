import type { EntityManager } from 'typeorm';

/**
 * Runs `work` for each item inside the caller's transaction `db`, each in its own savepoint:
 * an item that throws is rolled back alone and handed to `failed` (to be recorded against
 * that item), and the rest go on. Returns how many items succeeded.
 */
export async function eachInSavepoint<T>(
  db: EntityManager,
  items: readonly T[],
  work: (item: T, db: EntityManager) => Promise<unknown>,
  failed: (item: T, error: unknown) => Promise<void>,
): Promise<number> {
  let done = 0;
  for (const item of items) {
    try {
      await db.transaction((one) => work(item, one));
      done++;
    } catch (error) {
      await failed(item, error);
    }
  }
  return done;
}
