import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Twilio can post a delivery report before `messages.create` has answered with the message id.
 * Such a report is kept here, by message id, until the id is recorded (then applied in the same
 * transaction) or for 24 hours (then pruned): a report is never lost.
 */
export class EarlyDeliveryReports1764535000000 implements MigrationInterface {
  name = 'EarlyDeliveryReports1764535000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE early_delivery_reports (
        provider_message_id text PRIMARY KEY,
        status text NOT NULL,
        error_code text,
        received_at timestamptz NOT NULL
      );
      CREATE INDEX early_delivery_reports_received ON early_delivery_reports (received_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE early_delivery_reports');
  }
}
