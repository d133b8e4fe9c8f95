import type { EntityManager } from 'typeorm';

/**
 * The training clock's offset from real time (`training_clock`, one row), so a restart of the
 * training sandbox carries on from the time the officers had moved it to.
 */
export async function loadTrainingClockOffset(db: EntityManager): Promise<number> {
  const [row] = await db.query(`SELECT offset_ms FROM training_clock`);
  return row ? Number(row.offset_ms) : 0;
}

/** Keeps `offsetMs` (milliseconds ahead of real time) as the training clock's offset. */
export async function saveTrainingClockOffset(db: EntityManager, offsetMs: number, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO training_clock (id, offset_ms, moved_at) VALUES (true, $1, $2)
     ON CONFLICT (id) DO UPDATE SET offset_ms = EXCLUDED.offset_ms, moved_at = EXCLUDED.moved_at`,
    [Math.round(offsetMs), at],
  );
}
