import type { MigrationInterface, QueryRunner } from 'typeorm';

const CASE_KINDS = `'phone', 'in_person', 'check_contact_details', 'write_update', 'read_reply',
        'evidence_review', 'consider_special_measures', 'dissatisfied_victim', 'agree_contact', 'case_review_decision'`;

/**
 * Issue 15, bulletin rules: tasks that are about a bulletin or a member of staff rather than a
 * case (approvers asked to approve; supervisors told that a comms officer's drafting was stopped),
 * so a task names a case or an organisation; when a bulletin was sent for approval and by whom;
 * and an index to count an officer's refused drafts (audit entries) in the last hour.
 */
export class BulletinRules1764730000000 implements MigrationInterface {
  name = 'BulletinRules1764730000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE officer_tasks ALTER COLUMN case_id DROP NOT NULL;
      ALTER TABLE officer_tasks ADD COLUMN bulletin_id uuid REFERENCES bulletins(id), ADD COLUMN organisation_id uuid REFERENCES organisations(id);
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_subject_check CHECK (case_id IS NOT NULL OR organisation_id IS NOT NULL);
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_kind_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_kind_check CHECK (kind IN (${CASE_KINDS}, 'approve_bulletin', 'bulletin_drafting_stopped'));
      CREATE INDEX officer_tasks_bulletin ON officer_tasks (bulletin_id) WHERE bulletin_id IS NOT NULL;
      CREATE INDEX officer_tasks_staff ON officer_tasks (officer_id, status) WHERE case_id IS NULL;

      ALTER TABLE bulletins ADD COLUMN submitted_at timestamptz, ADD COLUMN submitted_by uuid REFERENCES officers(id);
      CREATE INDEX audit_entries_officer_action ON audit_entries (officer_id, action, at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX audit_entries_officer_action;
      ALTER TABLE bulletins DROP COLUMN submitted_at, DROP COLUMN submitted_by;
      DELETE FROM task_attempts WHERE task_id IN (SELECT id FROM officer_tasks WHERE case_id IS NULL);
      DELETE FROM officer_tasks WHERE case_id IS NULL;
      DROP INDEX officer_tasks_staff;
      DROP INDEX officer_tasks_bulletin;
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_kind_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_kind_check CHECK (kind IN (${CASE_KINDS}));
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_subject_check;
      ALTER TABLE officer_tasks DROP COLUMN bulletin_id, DROP COLUMN organisation_id;
      ALTER TABLE officer_tasks ALTER COLUMN case_id SET NOT NULL;
    `);
  }
}
