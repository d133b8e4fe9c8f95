import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditAction } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { ClockService } from '../clock/clock.service.js';
import { retryOnSerializationFailure } from '../database/serialization-retry.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { DataRightsRepository } from './data-rights.repository.js';
import { personalDataMap, type ChildTable, type PersonalTable } from './personal-data-columns.js';
import { personRecords, type MatchedBy } from './person-records.js';
import { fieldName, recordView, type RecordView } from './record-view.js';

export const SUBJECT_ACCESS: AuditAction = 'subject_access';

/** Child tables whose rows read better under a shorter name on their parent. */
const CHILD_NAMES: Record<string, string> = { contact_events: 'timeline', task_attempts: 'attempts', letters_for_print: 'letter' };

export interface CaseReport extends RecordView {
  id: string;
  reference: string;
  matchedBy: MatchedBy[];
  /** Everything else held about the case, by table: incidents, riskAssessments, contacts… */
  records: Record<string, RecordView[]>;
}

export interface SubjectAccessReport {
  victimId: string;
  request: {
    action: 'subject_access';
    recordedAt: Date;
    recordedBy: { officerId: string; name: string; role: string; organisationId: string; organisation: string };
  };
  matching: string;
  /** The person's cases held by partners that have not shared them with the caller's organisation. */
  casesHeldByOtherPartners: number;
  victimRecords: RecordView[];
  cases: CaseReport[];
  /** Texts from the person's phone number that arrived when they had no open case. */
  textsNotLinkedToACase: RecordView[];
  /** Tables that belong to a victim rather than a case. */
  otherRecords: Record<string, RecordView[]>;
  /** Who read or changed the person's data, when (staff are named by organisation and role only). */
  auditEntries: RecordView[];
}


/**
 * Everything held about a person (UK GDPR Art. 15): their victim records and, for every case
 * of theirs, every row of every table that belongs to the case, sealed values opened. Tables
 * are found from the schema, so what other capabilities add is included without a change here.
 * The request is written to the audit log, in the same transaction, before any sealed value is opened.
 */
@Injectable()
export class SubjectAccess {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: DataRightsRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The report is read from one snapshot (REPEATABLE READ). Writing the audit entries takes key
   * locks on the case rows, which fails with a serialization error (40001) when the dispatcher
   * changed a case after the snapshot was taken: the whole report is then compiled again (at most
   * five tries), rather than answer 500.
   */
  async compile(victimId: string, caller: Caller): Promise<SubjectAccessReport> {
    return retryOnSerializationFailure(() => this.compileOnce(victimId, caller));
  }

  private compileOnce(victimId: string, caller: Caller): Promise<SubjectAccessReport> {
    return this.db.transaction('REPEATABLE READ', async (db) => {
      const person = await personRecords(this.repository, db, victimId, caller, { scope: 'visible' });
      const caseIds = person.cases.map((c) => c.id);
      const map = personalDataMap(await this.repository.catalogue(db));
      const caseTables = map.owned.filter((t) => t.key === 'case_id' && t.table !== 'audit_entries');
      const recordedAt = this.clock.now();
      for (const c of person.cases) {
        await this.audit.record(caller, SUBJECT_ACCESS, { caseId: c.id, victimId: c.victimId, fields: ['victim', ...caseTables.map((t) => t.table)] }, db);
      }

      const records = new Map<string, Record<string, RecordView[]>>(caseIds.map((id) => [id, {}]));
      for (const table of caseTables) {
        const rows = await this.rowsWithChildren(db, table, map.children, caseIds);
        for (const { raw, view } of rows) {
          const own = records.get(raw.case_id as string)!;
          (own[fieldName(table.table)] ??= []).push(view);
        }
      }
      const caseRows = await this.repository.caseRows(caseIds, db);
      const cases = person.cases.map((c) => ({
        ...recordView(caseRows.find((row) => row.id === c.id)!, this.cipher, { dates: map.caseDates }),
        id: c.id,
        reference: c.reference,
        matchedBy: c.matchedBy,
        records: records.get(c.id)!,
      }));

      const victims = await this.repository.victimRows(person.victimIds, db);
      const victimRecords = victims.map((v) => ({
        ...recordView(v, this.cipher),
        matchedBy: person.cases.find((c) => c.victimId === v.id)?.matchedBy ?? [],
        caseReferences: person.cases.filter((c) => c.victimId === v.id).map((c) => c.reference),
      }));
      const phones = victims.map((v) => v.phone_hash).filter(Boolean);
      const texts = phones.length ? await this.repository.textsWithoutCase(phones, db) : [];
      const otherRecords: Record<string, RecordView[]> = {};
      for (const table of map.owned.filter((t) => t.key === 'victim_id')) {
        const rows = await this.rowsWithChildren(db, table, map.children, person.victimIds);
        if (rows.length) otherRecords[fieldName(table.table)] = rows.map((r) => r.view);
      }
      const audit = await this.repository.auditEntriesAbout(person.victimIds, caseIds, db);
      return {
        victimId,
        request: { action: 'subject_access' as const, recordedAt, recordedBy: await this.whoIs(db, caller) },
        matching:
          'Records are matched to the same person by phone number, email address, or name with postcode. ' +
          'Check each case listed here belongs to the person before you send this: people can share a phone or an email address.',
        casesHeldByOtherPartners: person.heldElsewhere,
        victimRecords,
        cases,
        textsNotLinkedToACase: texts.map((t) => recordView(t, this.cipher)),
        otherRecords,
        auditEntries: audit.map((a) => recordView(a, this.cipher)),
      };
    });
  }

  /** A table's rows whose key (`table.key`) is one of `ids`, each with the rows of its child tables attached. */
  private async rowsWithChildren(db: EntityManager, table: PersonalTable, children: ChildTable[], ids: string[]) {
    const raws = await this.repository.rowsOf(table, ids, db);
    const rows = raws.map((raw) => ({ raw, view: recordView(raw, this.cipher, { omit: [table.key], dates: table.dates }) }));
    for (const child of children.filter((c) => c.parent === table.table)) {
      const found = await this.repository.childRowsOf(child, table, ids, db);
      const name = CHILD_NAMES[child.table] ?? fieldName(child.table);
      for (const { raw, view } of rows) {
        view[name] = found
          .filter((c) => c[child.column] === raw[child.parentColumn])
          .map((c) => recordView(c, this.cipher, { omit: [child.column], dates: child.dates }));
      }
    }
    return rows;
  }

  private async whoIs(db: EntityManager, caller: Caller) {
    const row = await this.repository.officer(caller.officerId, db);
    return { officerId: caller.officerId, name: row.name, role: row.role, organisationId: caller.organisationId, organisation: row.organisation };
  }
}
