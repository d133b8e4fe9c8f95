import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscribers keep their keyed hashes after leaving, so a later import does not add them back,
 * while their sealed details go (data minimisation): a subscriber is known by a hash, not by
 * an address. When each confirmation was last sent, so a form cannot be used to flood
 * someone's inbox, and why the last one failed.
 */
export class Subscribers1764410000000 implements MigrationInterface {
  name = 'Subscribers1764410000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE subscribers DROP CONSTRAINT IF EXISTS subscribers_check;
      ALTER TABLE subscribers ADD CONSTRAINT subscribers_known CHECK (email_hash IS NOT NULL OR phone_hash IS NOT NULL);
      ALTER TABLE subscribers
        ADD COLUMN email_confirmation_sent_at timestamptz,
        ADD COLUMN sms_confirmation_sent_at timestamptz,
        ADD COLUMN confirmation_failure text;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE subscribers DROP COLUMN email_confirmation_sent_at, DROP COLUMN sms_confirmation_sent_at, DROP COLUMN confirmation_failure;
      ALTER TABLE subscribers DROP CONSTRAINT subscribers_known;
      ALTER TABLE subscribers ADD CONSTRAINT subscribers_check CHECK (email_enc IS NOT NULL OR phone_enc IS NOT NULL) NOT VALID;
    `);
  }
}
