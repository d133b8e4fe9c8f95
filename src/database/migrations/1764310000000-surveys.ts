import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Satisfaction surveys: one per case and kind. Only a SHA-256 hash of each link's token is
 * kept; the organisation and risk level are copied at send time so reports never need the
 * case (or the victim) and still count anonymised cases.
 */
export class Surveys1764310000000 implements MigrationInterface {
  name = 'Surveys1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE surveys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('mid_case', 'closure')),
        token_hash bytea NOT NULL UNIQUE,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        risk_level text NOT NULL,
        contact_id uuid REFERENCES contacts(id),
        sent_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        answered_at timestamptz,
        answered_via text CHECK (answered_via IN ('link', 'sms', 'officer')),
        answered_by uuid REFERENCES officers(id),
        overall smallint CHECK (overall BETWEEN 1 AND 5),
        kept_informed smallint CHECK (kept_informed BETWEEN 1 AND 5),
        comment_enc bytea,
        UNIQUE (case_id, kind),
        CHECK ((answered_at IS NULL) = (overall IS NULL)),
        CHECK ((answered_at IS NULL) = (answered_via IS NULL))
      );
      CREATE INDEX surveys_sent ON surveys (sent_at, organisation_id);
      CREATE INDEX surveys_pending ON surveys (case_id) WHERE answered_at IS NULL;
      CREATE INDEX cases_mid_case_survey ON cases (reported_at) WHERE status = 'open' AND mid_case_survey_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX cases_mid_case_survey; DROP TABLE surveys;`);
  }
}
