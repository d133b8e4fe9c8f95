import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';

/** An audit entry as listed, with its case's reference (null when on no case) and its officer's name. */
export interface AuditRow {
  /** A bigint, as text. */
  id: string;
  at: Date;
  action: AuditAction;
  caseId: string | null;
  caseReference: string | null;
  victimId: string | null;
  fields: string[];
  detail: Record<string, string>;
  officerId: string;
  /** Null when the officer row is gone. */
  officerName: string | null;
  organisationId: string;
}

/** What to list: every filter given narrows; `organisationId` set limits to that organisation's entries. */
export interface AuditFilter {
  /** Only entries by this organisation's staff or on cases it leads (null: every entry). */
  organisationId: string | null;
  caseId?: string;
  /** The canonical reference (`ASB-2026-000123`). */
  caseReference?: string;
  officerId?: string;
  action?: AuditAction;
  /** From this instant (inclusive) to `to` (exclusive). */
  from?: Date;
  to?: Date;
  limit: number;
  /** Entries to skip, newest first. */
  offset?: number;
}

/** The audit slice's queries on `audit_entries`. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Entries matching the filter, newest first (then by id), `limit` from `offset`. Raw rows, no lock. */
  list(filter: AuditFilter, db: EntityManager = this.db.manager): Promise<AuditRow[]> {
    const q = db
      .createQueryBuilder(AuditEntry, 'a')
      .leftJoin('officers', 'o', 'o.id = a.officer_id')
      .leftJoin('cases', 'c', 'c.id = a.case_id')
      .select(['a.id AS id', 'a.at AS at', 'a.action AS action', 'a.case_id AS "caseId"', 'c.reference AS "caseReference"', 'a.victim_id AS "victimId"'])
      .addSelect(['a.fields AS fields', 'a.detail AS detail', 'a.officer_id AS "officerId"', 'o.name AS "officerName"', 'a.organisation_id AS "organisationId"'])
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(filter.limit)
      .offset(filter.offset ?? 0);
    if (filter.organisationId !== null) {
      q.andWhere(
        '(a.organisation_id = :org OR a.case_id IN (SELECT id FROM cases WHERE lead_organisation_id = :org))',
        { org: filter.organisationId },
      );
    }
    if (filter.caseId) q.andWhere('a.case_id = :caseId', { caseId: filter.caseId });
    if (filter.caseReference) q.andWhere('c.reference = :reference', { reference: filter.caseReference });
    if (filter.action) q.andWhere('a.action = :action', { action: filter.action });
    if (filter.officerId) q.andWhere('a.officer_id = :officerId', { officerId: filter.officerId });
    if (filter.from) q.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to) q.andWhere('a.at < :to', { to: filter.to });
    return q.getRawMany();
  }
}
