import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Court support: proceedings and their hearings, special measures, Witness Service referrals. */
export class CourtSupport1764320000000 implements MigrationInterface {
  name = 'CourtSupport1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE court_proceedings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('criminal', 'civil')),
        court text NOT NULL,
        witness_service_consent boolean,
        consent_recorded_at timestamptz,
        witness_service_offered_at timestamptz,
        needs_enc bytea,
        special_measures_task_id uuid REFERENCES officer_tasks(id),
        recorded_by uuid NOT NULL REFERENCES officers(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX court_proceedings_case ON court_proceedings (case_id, created_at);
      CREATE INDEX court_proceedings_without_task ON court_proceedings (created_at) WHERE special_measures_task_id IS NULL;
      CREATE TABLE court_hearings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        proceedings_id uuid NOT NULL REFERENCES court_proceedings(id),
        at timestamptz NOT NULL,
        description_enc bytea
      );
      CREATE INDEX court_hearings_proceedings ON court_hearings (proceedings_id, at);
      CREATE TABLE special_measures_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        proceedings_id uuid NOT NULL REFERENCES court_proceedings(id),
        measures text[] NOT NULL CHECK (cardinality(measures) > 0 AND measures <@ ARRAY[
          'screens', 'live_link', 'evidence_in_private', 'removal_of_wigs_and_gowns',
          'video_recorded_evidence', 'intermediary', 'communication_aids']::text[]),
        witness_category text NOT NULL CHECK (witness_category IN ('vulnerable', 'intimidated')),
        outcome text NOT NULL CHECK (outcome IN ('pending', 'granted', 'refused')),
        decided_at timestamptz,
        recorded_by uuid NOT NULL REFERENCES officers(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX special_measures_applications_proceedings ON special_measures_applications (proceedings_id);
      CREATE INDEX special_measures_applications_case ON special_measures_applications (case_id);
      CREATE TABLE witness_service_referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        proceedings_id uuid NOT NULL UNIQUE REFERENCES court_proceedings(id),
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
        due_by timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        first_attempt_at timestamptz,
        sent_at timestamptz,
        provider_message_id text,
        failure_code text,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX witness_service_referrals_due ON witness_service_referrals (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX witness_service_referrals_case ON witness_service_referrals (case_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE witness_service_referrals, special_measures_applications, court_hearings, court_proceedings');
  }
}
