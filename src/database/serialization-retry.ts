/** PostgreSQL's codes for "run the transaction again": serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

export function isSerializationFailure(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string } })?.driverError?.code ?? (error as { code?: string })?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `work` (one whole transaction) again when PostgreSQL reports a serialization failure
 * (40001, "could not serialize access" under REPEATABLE READ or SERIALIZABLE) or a deadlock
 * (40P01), as its manual asks of the client (section 13.2); at most `attempts` times in all.
 * A failure left after the last try reaches ErrorFilter, which answers 409 "send it again".
 */
export async function retryOnSerializationFailure<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isSerializationFailure(error) || attempt >= attempts) throw error;
    }
  }
}
