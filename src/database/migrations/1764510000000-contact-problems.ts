import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case whose contacts could not be planned (a stored agreement the planner cannot use) is
 * flagged for its SPOC with the reason, and left out of planning until the agreement is
 * recorded again; every other case goes on.
 */
export class ContactProblems1764510000000 implements MigrationInterface {
  name = 'ContactProblems1764510000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE cases ADD COLUMN contact_problem text, ADD COLUMN contact_problem_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE cases DROP COLUMN contact_problem, DROP COLUMN contact_problem_at`);
  }
}
