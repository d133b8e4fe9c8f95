import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PasswordRow {
  officer_id: string;
  password_hash: string | null;
  failed_attempts: number;
  locked_until: Date | null;
}

/** The console's own tables: officers' password hashes, lock-outs and one-time set-password links. */
@Injectable()
export class ConsoleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async password(officerId: string): Promise<PasswordRow | null> {
    const rows: PasswordRow[] = await this.db.query('SELECT * FROM officer_passwords WHERE officer_id = $1', [officerId]);
    return rows[0] ?? null;
  }

  /** Counts a failed sign-in; from `limit` failures on, the account is locked until `lockUntil`. */
  async failedSignIn(officerId: string, limit: number, lockUntil: Date): Promise<PasswordRow> {
    const [row]: PasswordRow[] = await this.db.query(
      `WITH x AS (
         INSERT INTO officer_passwords (officer_id, failed_attempts) VALUES ($1, 1)
         ON CONFLICT (officer_id) DO UPDATE SET failed_attempts = officer_passwords.failed_attempts + 1
         RETURNING *)
       SELECT * FROM x`,
      [officerId],
    );
    if (row.failed_attempts >= limit) {
      await this.db.query('UPDATE officer_passwords SET locked_until = $2, failed_attempts = 0 WHERE officer_id = $1', [officerId, lockUntil]);
      return { ...row, locked_until: lockUntil };
    }
    return row;
  }

  async signedIn(officerId: string): Promise<void> {
    await this.db.query('UPDATE officer_passwords SET failed_attempts = 0, locked_until = NULL WHERE officer_id = $1', [officerId]);
  }

  async addLink(tokenHash: string, officerId: string, createdBy: string, expiresAt: Date): Promise<void> {
    await this.db.query('INSERT INTO password_links (token_hash, officer_id, created_by, expires_at) VALUES ($1, $2, $3, $4)', [tokenHash, officerId, createdBy, expiresAt]);
  }

  async link(tokenHash: string, now: Date): Promise<{ officer_id: string } | null> {
    const rows = await this.db.query('SELECT officer_id FROM password_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2', [tokenHash, now]);
    return rows[0] ?? null;
  }

  /** Uses the link (once) and stores the new hash, in one transaction; false if the link was already used. */
  async setPassword(tokenHash: string, officerId: string, passwordHash: string, now: Date): Promise<boolean> {
    return this.db.transaction(async (db) => {
      const used: unknown[] = await db.query(
        `WITH x AS (UPDATE password_links SET used_at = $3 WHERE token_hash = $1 AND officer_id = $2 AND used_at IS NULL AND expires_at > $3 RETURNING 1) SELECT * FROM x`,
        [tokenHash, officerId, now],
      );
      if (used.length === 0) return false;
      await db.query(
        `INSERT INTO officer_passwords (officer_id, password_hash, set_at) VALUES ($1, $2, $3)
         ON CONFLICT (officer_id) DO UPDATE SET password_hash = $2, set_at = $3, failed_attempts = 0, locked_until = NULL`,
        [officerId, passwordHash, now],
      );
      // Older links for the same officer stop working once a password is set.
      await db.query('UPDATE password_links SET used_at = $2 WHERE officer_id = $1 AND used_at IS NULL', [officerId, now]);
      return true;
    });
  }

  /** Active officers by e-mail address (case-insensitive), for password sign-in. */
  async officerByEmail(email: string): Promise<{ id: string; organisation_id: string; role: string } | null> {
    const rows = await this.db.query('SELECT id, organisation_id, role FROM officers WHERE lower(email) = lower($1) AND active ORDER BY created_at LIMIT 1', [email]);
    return rows[0] ?? null;
  }
}
