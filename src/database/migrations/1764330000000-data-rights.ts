import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data rights: personal columns that retention and erasure clear become nullable, and each
 * granted erasure request is recorded (who, when, why: the why sealed, it may describe people).
 */
export class DataRights1764330000000 implements MigrationInterface {
  name = 'DataRights1764330000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE inbound_messages ALTER COLUMN body_enc DROP NOT NULL, ALTER COLUMN from_hash DROP NOT NULL;
      ALTER TABLE risk_assessments ALTER COLUMN answers_enc DROP NOT NULL;
      ALTER TABLE letters_for_print ALTER COLUMN content_enc DROP NOT NULL;
      ALTER TABLE print_batches ALTER COLUMN pdf_enc DROP NOT NULL, ALTER COLUMN manifest_enc DROP NOT NULL;
      CREATE INDEX cases_awaiting_anonymisation ON cases (closed_at) WHERE status = 'closed' AND anonymised_at IS NULL;
      CREATE TABLE erasure_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        victim_id uuid NOT NULL REFERENCES victims(id),
        request_received_at timestamptz NOT NULL,
        erased_at timestamptz NOT NULL,
        erased_by uuid NOT NULL REFERENCES officers(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        reason_enc bytea
      );
      CREATE INDEX erasure_requests_case ON erasure_requests (case_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE erasure_requests;
      DROP INDEX cases_awaiting_anonymisation;
      UPDATE letters_for_print SET content_enc = '\\x'::bytea WHERE content_enc IS NULL;
      ALTER TABLE letters_for_print ALTER COLUMN content_enc SET NOT NULL;
      ALTER TABLE print_batches ALTER COLUMN pdf_enc SET NOT NULL, ALTER COLUMN manifest_enc SET NOT NULL;
      UPDATE risk_assessments SET answers_enc = '\\x'::bytea WHERE answers_enc IS NULL;
      ALTER TABLE risk_assessments ALTER COLUMN answers_enc SET NOT NULL;
      UPDATE inbound_messages SET body_enc = '\\x'::bytea WHERE body_enc IS NULL;
      UPDATE inbound_messages SET from_hash = '' WHERE from_hash IS NULL;
      ALTER TABLE inbound_messages ALTER COLUMN body_enc SET NOT NULL, ALTER COLUMN from_hash SET NOT NULL;
    `);
  }
}
