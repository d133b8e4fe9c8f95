import type { EntityManager } from 'typeorm';

/**
 * pg-boss's own SQL, run on the caller's transaction: the adapter pg-boss's `db` option takes
 * (`executeSql`), so a job and the caller's writes commit together or not at all.
 */
export function transactionAdapter(db: EntityManager): { executeSql: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }> } {
  return { executeSql: async (text, values) => ({ rows: await db.query(text, values) }) };
}
