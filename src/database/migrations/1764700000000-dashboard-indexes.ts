import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: indexes for the supervisors' team dashboard. Cases reported in a window per lead
 * organisation (first responses), and the contact that replaced a failed one (failover).
 */
export class DashboardIndexes1764700000000 implements MigrationInterface {
  name = 'DashboardIndexes1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX cases_organisation_reported ON cases (lead_organisation_id, reported_at);
      CREATE INDEX contacts_replaces ON contacts (replaces_contact_id) WHERE replaces_contact_id IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX contacts_replaces; DROP INDEX cases_organisation_reported;`);
  }
}
