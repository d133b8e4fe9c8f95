import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Officer } from './officer.entity.js';
import { Organisation } from './organisation.entity.js';

/** The partnership slice's queries on organisations, officers and their API keys. */
@Injectable()
export class PartnershipRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The officer, its row locked FOR UPDATE until `db`'s transaction ends; null when there is none. */
  lockOfficer(id: string, db: EntityManager): Promise<Officer | null> {
    return db.createQueryBuilder(Officer, 'o').where('o.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /** The organisation, its row locked FOR UPDATE until `db`'s transaction ends; null when there is none. */
  lockOrganisation(id: string, db: EntityManager): Promise<Organisation | null> {
    return db.createQueryBuilder(Organisation, 'o').where('o.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /** The officers with these ids (unordered; unknown ids are left out). `ids` must not be empty. No lock. */
  officersByIds(ids: string[], db: EntityManager = this.db.manager): Promise<Officer[]> {
    return db.createQueryBuilder(Officer, 'o').where('o.id IN (:...ids)', { ids }).getMany();
  }

  /** The organisations with these ids (unordered; unknown ids are left out). `ids` must not be empty. No lock. */
  organisationsByIds(ids: string[], db: EntityManager = this.db.manager): Promise<Organisation[]> {
    return db.createQueryBuilder(Organisation, 'o').where('o.id IN (:...ids)', { ids }).getMany();
  }

  /** Revokes every unrevoked key of the officer at `at`; returns the keys revoked. */
  async revokeOfficerKeys(officerId: string, at: Date, db: EntityManager): Promise<{ id: string }[]> {
    return (
      await db.query(`UPDATE api_keys SET revoked_at = $2 WHERE officer_id = $1 AND revoked_at IS NULL RETURNING id`, [officerId, at])
    )[0];
  }

  /** Revokes one key at `at` unless already revoked; returns it if this revoked it (else empty). */
  async revokeKey(keyId: string, at: Date, db: EntityManager): Promise<{ id: string }[]> {
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

  /** Revokes every unrevoked key of the officer at `at`. */
  async revokeAllKeys(officerId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query('UPDATE api_keys SET revoked_at = $2 WHERE officer_id = $1 AND revoked_at IS NULL', [officerId, at]);
  }

  /** Whether the organisation has an active officer or supervisor (someone who can be a case's SPOC). */
  async hasActiveCaseOfficers(organisationId: string, db: EntityManager = this.db.manager): Promise<boolean> {
    const [row] = await db.query(
      `SELECT EXISTS (SELECT 1 FROM officers WHERE organisation_id = $1 AND active AND role IN ('officer', 'supervisor')) AS staffed`,
      [organisationId],
    );
    return Boolean(row?.staffed);
  }

  /** Takes the first-run lock for `db`'s transaction (held until it ends): one instance sets up at a time. */
  async takeSetupLock(db: EntityManager): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('asb:first-run'))`);
  }

  /**
   * Training seed data: the demonstration neighbourhoods for the comms team's practice bulletins.
   * The table is community's; it is written here because community sits above partnership.
   */
  async seedDemoNeighbourhoods(db: EntityManager): Promise<void> {
    await db.query(
      `INSERT INTO neighbourhoods (name, areas, streets) VALUES ('Northtown Centre', '{NN12 6,NN12 7}', $1), ('Southvale Villages', '{NN13}', '[]')`,
      [JSON.stringify([{ name: 'Mill Road', addresses: 84 }, { name: 'Court Lane', addresses: 46 }, { name: 'Market Street', addresses: 120 }])],
    );
  }
}
