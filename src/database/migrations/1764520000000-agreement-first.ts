import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11, the contact agreement comes first: no default agreement any more. Each agreement
 * says whether its cadence was chosen by the victim (kept as agreed) or left to us (it follows
 * the risk level); a case shows since when its agreement is recorded; the SPOC gets an
 * `agree_contact` task for a case logged without one.
 */
export class AgreementFirst1764520000000 implements MigrationInterface {
  name = 'AgreementFirst1764520000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contact_agreements ADD COLUMN cadence_explicit boolean NOT NULL DEFAULT true;
      UPDATE contact_agreements SET cadence_explicit = false WHERE recorded_by IS NULL;
      ALTER TABLE cases ADD COLUMN contact_agreed_at timestamptz;
      UPDATE cases c SET contact_agreed_at = a.updated_at FROM contact_agreements a WHERE a.case_id = c.id;
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_kind_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_kind_check CHECK (kind IN (
        'phone', 'in_person', 'check_contact_details', 'write_update', 'read_reply',
        'evidence_review', 'consider_special_measures', 'dissatisfied_victim', 'agree_contact'));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DELETE FROM officer_tasks WHERE kind = 'agree_contact';
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_kind_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_kind_check CHECK (kind IN (
        'phone', 'in_person', 'check_contact_details', 'write_update', 'read_reply',
        'evidence_review', 'consider_special_measures', 'dissatisfied_victim'));
      ALTER TABLE cases DROP COLUMN contact_agreed_at;
      ALTER TABLE contact_agreements DROP COLUMN cadence_explicit;
    `);
  }
}
