import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A member of staff to give a task and an email. */
export interface StaffContact {
  id: string;
  name: string;
  email: string;
}

/** The bulletins slice's queries: who approves a bulletin, and the refusals of personal details. */
@Injectable()
export class BulletinsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The organisation's active comms officers and supervisors, but for `excludedIds`, by name. */
  approvers(organisationId: string, excludedIds: string[], db: EntityManager = this.db.manager): Promise<StaffContact[]> {
    return db.query(
      `SELECT id, name, email FROM officers
        WHERE organisation_id = $1 AND active AND role IN ('comms', 'supervisor') AND id <> ALL($2::uuid[]) ORDER BY name`,
      [organisationId, excludedIds],
    );
  }

  /** The organisation's active supervisors but `exceptOfficerId`, by name. */
  supervisors(organisationId: string, exceptOfficerId: string, db: EntityManager = this.db.manager): Promise<StaffContact[]> {
    return db.query(
      `SELECT id, name, email FROM officers WHERE organisation_id = $1 AND role = 'supervisor' AND active AND id <> $2 ORDER BY name`,
      [organisationId, exceptOfficerId],
    );
  }

  /** Within the caller's transaction: one officer's refusals are recorded one at a time (held until it ends). */
  async lockRefusals(officerId: string, db: EntityManager): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('asb:bulletin-refusals:' || $1))`, [officerId]);
  }

  /** The officer's name (the officer must exist). */
  async officerName(officerId: string, db: EntityManager = this.db.manager): Promise<string> {
    const [{ name }] = await db.query('SELECT name FROM officers WHERE id = $1', [officerId]);
    return name;
  }

  /** When the officer's bulletin content was refused, for `operations`, after `from` up to `to`, oldest first. */
  async refusals(officerId: string, from: Date, to: Date, operations: string[], db: EntityManager = this.db.manager): Promise<Date[]> {
    const rows: { at: Date }[] = await db.query(
      `SELECT at FROM audit_entries WHERE officer_id = $1 AND action = 'bulletin_content_refused' AND at > $2 AND at <= $3
          AND detail->>'operation' = ANY($4::text[]) ORDER BY at`,
      [officerId, from, to, operations],
    );
    return rows.map((r) => r.at);
  }
}
