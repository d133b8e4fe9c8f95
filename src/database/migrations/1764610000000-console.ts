import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, the case officer's console: sessions kept in PostgreSQL (the table connect-pg-simple
 * reads), officers' passwords (argon2id hashes only) with the count of failed sign-ins for the
 * lock-out, and one-time links to set a password (only their SHA-256 is kept).
 */
export class Console1764610000000 implements MigrationInterface {
  name = 'Console1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE console_sessions (
        sid varchar NOT NULL PRIMARY KEY,
        sess json NOT NULL,
        expire timestamp(6) NOT NULL
      );
      CREATE INDEX console_sessions_expire ON console_sessions (expire);

      CREATE TABLE officer_passwords (
        officer_id uuid PRIMARY KEY REFERENCES officers(id),
        password_hash text,
        failed_attempts int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        set_at timestamptz
      );

      CREATE TABLE password_links (
        token_hash text PRIMARY KEY,
        officer_id uuid NOT NULL REFERENCES officers(id),
        created_by uuid REFERENCES officers(id),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX password_links_officer ON password_links (officer_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE password_links; DROP TABLE officer_passwords; DROP TABLE console_sessions;');
  }
}
