import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../auth/access.js';
import { ClockService } from '../clock/clock.service.js';
import { formatCaseReference } from '../templates/case-reference.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';

export interface AuditQuery {
  caseId?: string;
  /** `ASB-2026-000123`, `2026-000123` or `asb-2026-123`: the entries on that case. */
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

/** The record of who read or changed a victim's data. Written in the same transaction. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
  ) {}

  async record(
    caller: Caller,
    action: AuditAction,
    subject: { caseId?: string; victimId?: string; fields: string[]; detail?: Record<string, string> },
    db: EntityManager = this.db.manager,
  ): Promise<void> {
    await db.insert(AuditEntry, {
      at: this.clock.now(),
      officerId: caller.officerId,
      organisationId: caller.organisationId,
      action,
      caseId: subject.caseId ?? null,
      victimId: subject.victimId ?? null,
      fields: subject.fields,
      detail: subject.detail ?? {},
    });
  }

  /** Admins see every entry; supervisors the entries by their staff or on cases they lead. */
  async list(caller: Caller, query: AuditQuery) {
    const q = this.db.manager
      .createQueryBuilder(AuditEntry, 'a')
      .leftJoin('officers', 'o', 'o.id = a.officer_id')
      .leftJoin('cases', 'c', 'c.id = a.case_id')
      .select(['a.id AS id', 'a.at AS at', 'a.action AS action', 'a.case_id AS "caseId"', 'c.reference AS "caseReference"', 'a.victim_id AS "victimId"'])
      .addSelect(['a.fields AS fields', 'a.detail AS detail', 'a.officer_id AS "officerId"', 'o.name AS "officerName"', 'a.organisation_id AS "organisationId"'])
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(query.limit)
      .offset(query.offset ?? 0);
    if (caller.role !== 'admin') {
      q.andWhere(
        '(a.organisation_id = :org OR a.case_id IN (SELECT id FROM cases WHERE lead_organisation_id = :org))',
        { org: caller.organisationId },
      );
    }
    if (query.caseId) q.andWhere('a.case_id = :caseId', { caseId: query.caseId });
    if (query.caseReference) q.andWhere('c.reference = :reference', { reference: formatCaseReference(query.caseReference) });
    if (query.action) q.andWhere('a.action = :action', { action: query.action });
    if (query.officerId) q.andWhere('a.officer_id = :officerId', { officerId: query.officerId });
    if (query.from) q.andWhere('a.at >= :from', { from: query.from });
    if (query.to) q.andWhere('a.at < :to', { to: query.to });
    return q.getRawMany();
  }
}
