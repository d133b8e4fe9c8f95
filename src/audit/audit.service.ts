import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../auth/access.js';
import { ClockService } from '../clock/clock.service.js';
import { formatCaseReference } from '../templates/case-reference.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';
import { AuditRepository, type AuditFilter, type AuditRow } from './audit.repository.js';

/** What a caller asks to list: the repository's filter less the organisation, which the caller's role decides; `caseReference` in any form (`ASB-2026-000123`, `2026-000123`, `asb-2026-123`). */
export type AuditQuery = Omit<AuditFilter, 'organisationId'>;

/** The record of who read or changed a victim's data. Written in the same transaction. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
    private readonly repository: AuditRepository,
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
  async list(caller: Caller, query: AuditQuery): Promise<AuditRow[]> {
    return this.repository.list({
      ...query,
      organisationId: caller.role !== 'admin' ? caller.organisationId : null,
      caseReference: query.caseReference ? formatCaseReference(query.caseReference) : undefined,
    });
  }
}
