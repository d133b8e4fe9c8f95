import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, one delivery path: the Witness Service referral becomes a contact. A contact says who
 * it is for (`recipient`: the victim, or the Witness Service, whose messages the victim's
 * agreement and safe times do not govern); a referral names its contact, and its retries live on
 * the contact (attempts, first attempt, next due time), no longer on the referral.
 */
export class WitnessServiceContact1764740000000 implements MigrationInterface {
  name = 'WitnessServiceContact1764740000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contacts ADD COLUMN recipient text NOT NULL DEFAULT 'victim' CONSTRAINT contacts_recipient_check CHECK (recipient IN ('victim', 'witness_service'));
      ALTER TABLE contacts ADD CONSTRAINT contacts_recipient_purpose_check CHECK (recipient = 'victim' OR (purpose = 'witness_service_referral' AND channel = 'email'));

      ALTER TABLE witness_service_referrals ADD COLUMN contact_id uuid REFERENCES contacts(id);
      DROP INDEX witness_service_referrals_due;
      ALTER TABLE witness_service_referrals DROP COLUMN next_attempt_at, DROP COLUMN attempts, DROP COLUMN first_attempt_at;
      CREATE UNIQUE INDEX witness_service_referrals_contact ON witness_service_referrals (contact_id) WHERE contact_id IS NOT NULL;
      CREATE INDEX witness_service_referrals_pending ON witness_service_referrals (created_at) WHERE status = 'pending';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX witness_service_referrals_pending;
      DROP INDEX witness_service_referrals_contact;
      ALTER TABLE witness_service_referrals ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(), ADD COLUMN attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN first_attempt_at timestamptz;
      ALTER TABLE witness_service_referrals ALTER COLUMN next_attempt_at DROP DEFAULT;
      CREATE INDEX witness_service_referrals_due ON witness_service_referrals (next_attempt_at) WHERE status = 'pending';
      ALTER TABLE witness_service_referrals DROP COLUMN contact_id;
      ALTER TABLE contacts DROP COLUMN recipient;
    `);
  }
}
