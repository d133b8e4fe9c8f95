import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: a letter waiting for the print run and a call or visit waiting for an officer get
 * their own statuses (`awaiting_print`, `awaiting_officer`) instead of sitting in `sending` for
 * days; and the training clock's offset is kept, so a restart does not put it back to real time.
 */
export class ContactPipeline1764630000000 implements MigrationInterface {
  name = 'ContactPipeline1764630000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contacts DROP CONSTRAINT contacts_status_check;
      ALTER TABLE contacts ADD CONSTRAINT contacts_status_check CHECK (status IN (
        'scheduled', 'queued', 'sending', 'awaiting_print', 'awaiting_officer', 'sent', 'delivered', 'failed', 'cancelled'));
      UPDATE contacts k SET status = 'awaiting_print'
       WHERE k.status = 'sending' AND k.channel = 'letter'
         AND EXISTS (SELECT 1 FROM letters_for_print l WHERE l.contact_id = k.id AND l.print_batch_id IS NULL);
      UPDATE contacts k SET status = 'awaiting_officer'
       WHERE k.status = 'sending' AND k.channel IN ('phone', 'in_person')
         AND EXISTS (SELECT 1 FROM officer_tasks t WHERE t.contact_id = k.id AND t.status = 'open');

      CREATE TABLE training_clock (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        offset_ms bigint NOT NULL,
        moved_at timestamptz NOT NULL
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE training_clock;
      UPDATE contacts SET status = 'sending' WHERE status IN ('awaiting_print', 'awaiting_officer');
      ALTER TABLE contacts DROP CONSTRAINT contacts_status_check;
      ALTER TABLE contacts ADD CONSTRAINT contacts_status_check CHECK (status IN (
        'scheduled', 'queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled'));
    `);
  }
}
