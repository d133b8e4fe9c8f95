import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The partnership slice's queries on officers and their API keys. */
@Injectable()
export class PartnershipRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Revokes every unrevoked key of the officer at `at`; returns the keys revoked. */
  async revokeOfficerKeys(officerId: string, at: Date, db: EntityManager = this.db.manager): Promise<{ id: string }[]> {
    return (
      await db.query(`UPDATE api_keys SET revoked_at = $2 WHERE officer_id = $1 AND revoked_at IS NULL RETURNING id`, [officerId, at])
    )[0];
  }

  /** Revokes one key at `at` unless already revoked; returns it if this revoked it (else empty). */
  async revokeKey(keyId: string, at: Date, db: EntityManager = this.db.manager): Promise<{ id: string }[]> {
    return (
      await db.query(`UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [keyId, at])
    )[0];
  }

  /** How many open cases the officer is the SPOC of. */
  async openCasesAsSpoc(officerId: string, db: EntityManager = this.db.manager): Promise<number> {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM cases WHERE spoc_officer_id = $1 AND status = 'open'`, [officerId]);
    return n;
  }

  /** How many active admins there are other than `officerId`. */
  async otherActiveAdmins(officerId: string, db: EntityManager = this.db.manager): Promise<number> {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM officers WHERE role = 'admin' AND active AND id <> $1`, [officerId]);
    return n;
  }
}
