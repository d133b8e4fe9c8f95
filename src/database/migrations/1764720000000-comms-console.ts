import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, the comms team's console: the review trail of a draft bulletin as the console keeps
 * it. A comms officer sends a draft for approval, and the approver approves it (the bulletin's own
 * status) or sends it back with a comment (sealed, like every free text). An edit starts again.
 */
export class CommsConsole1764720000000 implements MigrationInterface {
  name = 'CommsConsole1764720000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bulletin_reviews (
        id bigserial PRIMARY KEY,
        bulletin_id uuid NOT NULL REFERENCES bulletins(id),
        action text NOT NULL CHECK (action IN ('submitted', 'sent_back', 'edited')),
        comment_enc bytea,
        officer_id uuid NOT NULL REFERENCES officers(id),
        at timestamptz NOT NULL
      );
      CREATE INDEX bulletin_reviews_bulletin ON bulletin_reviews (bulletin_id, id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE bulletin_reviews;');
  }
}
