import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Closure, Case Review eligibility, action plans, evidence and its reviews, anonymisation. */
export class VictimJourney1764300000000 implements MigrationInterface {
  name = 'VictimJourney1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE cases
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN closed_by uuid REFERENCES officers(id),
        ADD COLUMN closure_enc bytea,
        ADD COLUMN case_review_notified_at timestamptz,
        ADD COLUMN case_review_check_pending boolean NOT NULL DEFAULT false,
        ADD COLUMN mid_case_survey_at timestamptz,
        ADD COLUMN next_evidence_review_at timestamptz,
        ADD COLUMN anonymised_at timestamptz,
        ADD COLUMN bodies_removed_at timestamptz;
      CREATE INDEX cases_closed ON cases (closed_at) WHERE status = 'closed';
      CREATE INDEX cases_case_review_check ON cases (id) WHERE case_review_check_pending;
      CREATE INDEX cases_evidence_review ON cases (next_evidence_review_at) WHERE status = 'open';
      ALTER TABLE victims ALTER COLUMN name_enc DROP NOT NULL, ADD COLUMN erased_at timestamptz;
      ALTER TABLE incidents ALTER COLUMN description_enc DROP NOT NULL, ALTER COLUMN postcode_enc DROP NOT NULL;
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_kind_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_kind_check CHECK (kind IN (
        'phone', 'in_person', 'check_contact_details', 'write_update', 'read_reply',
        'evidence_review', 'consider_special_measures', 'dissatisfied_victim'));
      CREATE TABLE action_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        version integer NOT NULL,
        actions_enc bytea,
        agreed_at timestamptz NOT NULL,
        agreed_by uuid NOT NULL REFERENCES officers(id),
        UNIQUE (case_id, version)
      );
      CREATE TABLE evidence_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('diary_sheets', 'photo', 'video', 'audio', 'document', 'other')),
        received_at timestamptz NOT NULL,
        description_enc bytea,
        recorded_by uuid NOT NULL REFERENCES officers(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX evidence_items_case ON evidence_items (case_id, received_at);
      CREATE TABLE evidence_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        reviewed_at timestamptz NOT NULL,
        reviewed_by uuid NOT NULL REFERENCES officers(id),
        action_enc bytea,
        reason_enc bytea,
        risk_level_before text NOT NULL,
        risk_level_after text NOT NULL,
        contact_id uuid REFERENCES contacts(id)
      );
      CREATE INDEX evidence_reviews_case ON evidence_reviews (case_id, reviewed_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE evidence_reviews, evidence_items, action_plans;
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_kind_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_kind_check
        CHECK (kind IN ('phone', 'in_person', 'check_contact_details', 'write_update', 'read_reply'));
      ALTER TABLE victims DROP COLUMN erased_at;
      ALTER TABLE cases DROP COLUMN closed_at, DROP COLUMN closed_by, DROP COLUMN closure_enc, DROP COLUMN case_review_notified_at, DROP COLUMN case_review_check_pending,
        DROP COLUMN mid_case_survey_at, DROP COLUMN next_evidence_review_at, DROP COLUMN anonymised_at, DROP COLUMN bodies_removed_at;
    `);
  }
}
