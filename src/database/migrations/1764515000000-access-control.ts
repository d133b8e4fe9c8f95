import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access control (issue 10). Print runs belong to one organisation, the lead organisation of
 * every case whose letters they hold, so a supervisor sees only their own post room's runs.
 * Runs made before the split are given their organisation when all their letters share one;
 * a run mixing partners keeps none and so is seen by nobody (its files go with retention,
 * 30 days after printing). Audit entries gain `detail`: ids only (a print batch, an officer,
 * an API key), never personal data.
 */
export class AccessControl1764515000000 implements MigrationInterface {
  name = 'AccessControl1764515000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE print_batches ADD COLUMN organisation_id uuid REFERENCES organisations(id);
      UPDATE print_batches b SET organisation_id = one.organisation_id
        FROM (SELECT l.print_batch_id, min(c.lead_organisation_id::text)::uuid AS organisation_id
                FROM letters_for_print l JOIN contacts k ON k.id = l.contact_id JOIN cases c ON c.id = k.case_id
               WHERE l.print_batch_id IS NOT NULL
               GROUP BY l.print_batch_id HAVING count(DISTINCT c.lead_organisation_id) = 1) one
       WHERE one.print_batch_id = b.id;
      CREATE INDEX print_batches_organisation ON print_batches (organisation_id, created_at);
      CREATE INDEX letters_for_print_batch ON letters_for_print (print_batch_id) WHERE print_batch_id IS NOT NULL;
      ALTER TABLE audit_entries ADD COLUMN detail jsonb NOT NULL DEFAULT '{}';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE audit_entries DROP COLUMN detail;
      DROP INDEX letters_for_print_batch;
      DROP INDEX print_batches_organisation;
      ALTER TABLE print_batches DROP COLUMN organisation_id;
    `);
  }
}
