import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, field reports: a closed case can be reopened (with the reason, sealed) or a new case
 * linked to it; officers complete or dismiss tasks with a note; and an ASB Case Review request is
 * tracked from receipt to the outcome letter (Anti-social Behaviour, Crime and Policing Act 2014
 * s.104 and the Home Office statutory guidance for frontline professionals).
 */
export class VictimJourneyFieldReports1764540000000 implements MigrationInterface {
  name = 'VictimJourneyFieldReports1764540000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE cases ADD COLUMN linked_case_id uuid REFERENCES cases(id), ADD COLUMN response_clock_from timestamptz;
      CREATE TABLE case_reopenings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        reopened_at timestamptz NOT NULL,
        reopened_by uuid NOT NULL REFERENCES officers(id),
        previously_closed_at timestamptz NOT NULL,
        reason_enc bytea
      );
      CREATE INDEX case_reopenings_case ON case_reopenings (case_id);

      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_status_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_status_check CHECK (status IN ('open', 'done', 'unsuccessful', 'cancelled', 'dismissed'));
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_kind_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_kind_check CHECK (kind IN (
        'phone', 'in_person', 'check_contact_details', 'write_update', 'read_reply',
        'evidence_review', 'consider_special_measures', 'dissatisfied_victim', 'agree_contact', 'case_review_decision'));
      ALTER TABLE officer_tasks ADD COLUMN resolved_by uuid REFERENCES officers(id), ADD COLUMN resolution_enc bytea;

      CREATE TABLE case_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        status text NOT NULL CHECK (status IN ('requested', 'threshold_not_met', 'accepted', 'reviewed', 'concluded')),
        received_on date NOT NULL,
        received_via text NOT NULL CHECK (received_via IN ('phone', 'email', 'letter', 'online', 'in_person')),
        applicant text NOT NULL CHECK (applicant IN ('victim', 'on_behalf')),
        applicant_enc bytea,
        recorded_by uuid NOT NULL REFERENCES officers(id),
        recorded_at timestamptz NOT NULL,
        decision_due_at timestamptz NOT NULL,
        decision_task_id uuid REFERENCES officer_tasks(id),
        threshold_met boolean,
        decision_reason_enc bytea,
        decided_at timestamptz,
        decided_by uuid REFERENCES officers(id),
        decision_contact_id uuid REFERENCES contacts(id),
        meeting_on date,
        meeting_organisation_ids uuid[],
        recommendations_enc bytea,
        outcome_enc bytea,
        outcome_contact_id uuid REFERENCES contacts(id),
        concluded_at timestamptz
      );
      CREATE INDEX case_reviews_case ON case_reviews (case_id);
      CREATE UNIQUE INDEX case_reviews_one_open ON case_reviews (case_id) WHERE status IN ('requested', 'accepted', 'reviewed');
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE case_reviews;
      ALTER TABLE officer_tasks DROP COLUMN resolved_by, DROP COLUMN resolution_enc;
      DELETE FROM officer_tasks WHERE kind = 'case_review_decision';
      UPDATE officer_tasks SET status = 'cancelled' WHERE status = 'dismissed';
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_kind_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_kind_check CHECK (kind IN (
        'phone', 'in_person', 'check_contact_details', 'write_update', 'read_reply',
        'evidence_review', 'consider_special_measures', 'dissatisfied_victim', 'agree_contact'));
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_status_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_status_check CHECK (status IN ('open', 'done', 'unsuccessful', 'cancelled'));
      DROP TABLE case_reopenings;
      ALTER TABLE cases DROP COLUMN linked_case_id, DROP COLUMN response_clock_from;
    `);
  }
}
