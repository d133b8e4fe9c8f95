import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each Idempotency-Key was first used for (a keyed hash of the route's input), so the
 * same key with a different request is refused rather than answered with the first result.
 */
export class IdempotencyFingerprint1764500000000 implements MigrationInterface {
  name = 'IdempotencyFingerprint1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE idempotency_keys ADD COLUMN fingerprint text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE idempotency_keys DROP COLUMN fingerprint');
  }
}
