import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../auth/access.js';
import { ClockService } from '../clock/clock.service.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';

export interface AuditQuery {
  caseId?: string;
  officerId?: string;
  from?: Date;
  to?: Date;
  limit: number;
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
      .select(['a.id AS id', 'a.at AS at', 'a.action AS action', 'a.case_id AS "caseId"', 'a.victim_id AS "victimId"'])
      .addSelect(['a.fields AS fields', 'a.detail AS detail', 'a.officer_id AS "officerId"', 'o.name AS "officerName"', 'a.organisation_id AS "organisationId"'])
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(query.limit);
    if (caller.role !== 'admin') {
      q.andWhere(
        '(a.organisation_id = :org OR a.case_id IN (SELECT id FROM cases WHERE lead_organisation_id = :org))',
        { org: caller.organisationId },
      );
    }
    if (query.caseId) q.andWhere('a.case_id = :caseId', { caseId: query.caseId });
    if (query.officerId) q.andWhere('a.officer_id = :officerId', { officerId: query.officerId });
    if (query.from) q.andWhere('a.at >= :from', { from: query.from });
    if (query.to) q.andWhere('a.at < :to', { to: query.to });
    return q.getRawMany();
  }
}
