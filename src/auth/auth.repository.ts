import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../partnership/officer.entity.js';

/** The auth slice's queries: API keys and the officers they belong to. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The active officer whose unrevoked key has this hash (officer id, organisation id, role), if any. */
  async officerByKeyHash(keyHash: string, db: EntityManager = this.db.manager): Promise<{ officer_id: string; organisation_id: string; role: Role } | undefined> {
    const rows: { officer_id: string; organisation_id: string; role: Role }[] = await db.query(
      `SELECT o.id AS officer_id, o.organisation_id, o.role
         FROM api_keys k JOIN officers o ON o.id = k.officer_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND o.active`,
      [keyHash],
    );
    return rows[0];
  }
}
