import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, the supervisors' print room: each run keeps its envelope count and how many of those
 * go first class (older runs: null, not known), and when and by whom it was marked as posted.
 */
export class PrintRoom1764710000000 implements MigrationInterface {
  name = 'PrintRoom1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE print_batches
        ADD COLUMN envelopes int,
        ADD COLUMN first_class_envelopes int,
        ADD COLUMN posted_at timestamptz,
        ADD COLUMN posted_by uuid REFERENCES officers(id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE print_batches DROP COLUMN posted_by, DROP COLUMN posted_at, DROP COLUMN first_class_envelopes, DROP COLUMN envelopes;
    `);
  }
}
