import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Caller } from '../auth/access.js';
import { CaseEvent, CaseEventType } from './case-event.entity.js';
import { CaseShare } from './case-share.entity.js';
import { Case } from './case.entity.js';
import { Incident } from './incident.entity.js';
import { Victim } from './victim.entity.js';
import { CaseReopening } from './case-reopening.entity.js';
import { RiskAssessment } from '../risk/risk-assessment.entity.js';
import { Officer } from '../partnership/officer.entity.js';
import { Organisation } from '../partnership/organisation.entity.js';
import type { EntityTarget } from 'typeorm';
import type { QualifyingComplaint } from './case-review-eligibility.js';
import { InputError } from '../http/input-error.js';
import { entityFromJson } from '../database/entity-rows.js';

/**
 * Holds the case open for the caller's transaction: a closure waits for it, and a closed case
 * takes no new plans, messages or records. `update` also keeps two writers of the same record
 * (an action plan's next version) apart.
 */
export async function lockOpenCase(
  db: EntityManager, caseId: string, mode: 'share' | 'update' = 'share',
): Promise<{ vulnerable: boolean; spocOfficerId: string | null; victimId: string }> {
  const [c] = await db.query(`SELECT status, vulnerable, spoc_officer_id, victim_id FROM cases WHERE id = $1 FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'}`, [caseId]);
  if (!c || c.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
  return { vulnerable: c.vulnerable, spocOfficerId: c.spoc_officer_id, victimId: c.victim_id };
}

/** One entry in the case history. `detail` holds ids, kinds, counts and outcomes: never personal data. */
export async function addCaseEvent(
  db: EntityManager, caseId: string, type: string, at: Date, officerId: string | null, detail: Record<string, unknown> = {},
): Promise<void> {
  await db.query('INSERT INTO case_events (case_id, type, at, officer_id, detail) VALUES ($1, $2, $3, $4, $5)', [caseId, type, at, officerId, detail]);
}

export interface CaseFilters {
  status?: 'open' | 'closed';
  riskLevel?: string;
  spocOfficerId?: string;
  overdueAt?: Date;
  notOverdueAt?: Date;
  limit: number;
  offset: number;
  /** Exact reference, `ASB-2026-000123`. */
  reference?: string;
  /** Cases whose victim matches any of these keyed hashes (never plaintext). */
  victim?: Partial<VictimHashes>;
}

export interface VictimHashes {
  phoneHash: string | null;
  emailHash: string | null;
  namePostcodeHash: string | null;
}

/** The only place cases are queried. Every read is scoped to what the caller may see. */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** A case is visible to its lead organisation and to partners it has been shared with. */
  private visible(caller: Caller, db: EntityManager = this.db.manager): SelectQueryBuilder<Case> {
    return db
      .createQueryBuilder(Case, 'c')
      .where(
        '(c.lead_organisation_id = :org OR EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = c.id AND s.organisation_id = :org))',
        { org: caller.organisationId },
      );
  }

  findVisible(id: string, caller: Caller, db?: EntityManager, lock = false): Promise<Case | null> {
    const q = this.visible(caller, db).andWhere('c.id = :id', { id });
    if (lock) q.setLock('pessimistic_write');
    return q.getOne();
  }

  listVisible(caller: Caller, filters: CaseFilters): Promise<Case[]> {
    const q = this.visible(caller).orderBy('c.response_due_at', 'ASC').addOrderBy('c.id').limit(filters.limit).offset(filters.offset);
    if (filters.status) q.andWhere('c.status = :status', { status: filters.status });
    if (filters.riskLevel) q.andWhere('c.risk_level = :risk', { risk: filters.riskLevel });
    if (filters.spocOfficerId) q.andWhere('c.spoc_officer_id = :spoc', { spoc: filters.spocOfficerId });
    if (filters.overdueAt) q.andWhere('c.responded_at IS NULL AND c.response_due_at < :now', { now: filters.overdueAt });
    if (filters.reference) q.andWhere('c.reference = :reference', { reference: filters.reference });
    if (filters.victim) {
      const hashes = { ph: filters.victim.phoneHash ?? null, eh: filters.victim.emailHash ?? null, nph: filters.victim.namePostcodeHash ?? null };
      q.andWhere(
        'EXISTS (SELECT 1 FROM victims v WHERE v.id = c.victim_id AND (v.phone_hash = :ph OR v.email_hash = :eh OR v.name_postcode_hash = :nph))',
        hashes,
      );
    }
    if (filters.notOverdueAt) {
      q.andWhere('NOT (c.responded_at IS NULL AND c.response_due_at < :now)', { now: filters.notOverdueAt });
    }
    return q.getMany();
  }

  async nextReference(year: number, db: EntityManager): Promise<string> {
    const [{ n }] = await db.query(`SELECT nextval('case_reference_seq') AS n`);
    return `ASB-${year}-${String(n).padStart(6, '0')}`;
  }

  /** Reports in the window by anyone matching the victim on phone, email, or name with postcode. */
  async countMatchingReports(hashes: VictimHashes, since: Date, until: Date, db: EntityManager): Promise<number> {
    if (!hashes.phoneHash && !hashes.emailHash && !hashes.namePostcodeHash) return 0;
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM incidents i JOIN victims v ON v.id = i.victim_id
        WHERE i.reported_at > $1 AND i.reported_at <= $2
          AND (v.phone_hash = $3 OR v.email_hash = $4 OR v.name_postcode_hash = $5)`,
      [since, until, hashes.phoneHash, hashes.emailHash, hashes.namePostcodeHash],
    );
    return n;
  }

  /**
   * Complaints that count towards an ASB Case Review: every report on this case, and reports
   * by the same person (matched by keyed hash) about the same area, within the window.
   */
  async qualifyingComplaints(caseId: string, since: Date, db: EntityManager = this.db.manager): Promise<QualifyingComplaint[]> {
    const rows: { id: string; case_id: string; reference: string; reported_at: Date; hate_motivated: boolean }[] = await db.query(
      `WITH me AS (SELECT v.phone_hash, v.email_hash, v.name_postcode_hash FROM cases c JOIN victims v ON v.id = c.victim_id WHERE c.id = $1),
            area AS (SELECT DISTINCT postcode_district FROM incidents WHERE case_id = $1)
       SELECT i.id, i.case_id, c.reference, i.reported_at, i.hate_motivated
         FROM incidents i JOIN cases c ON c.id = i.case_id JOIN victims v ON v.id = i.victim_id, me
        WHERE i.reported_at > $2
          AND (i.case_id = $1 OR (i.postcode_district IN (SELECT postcode_district FROM area)
               AND (v.phone_hash = me.phone_hash OR v.email_hash = me.email_hash OR v.name_postcode_hash = me.name_postcode_hash)))
        ORDER BY i.reported_at`,
      [caseId, since],
    );
    return rows.map((r) => ({ incidentId: r.id, caseId: r.case_id, caseReference: r.reference, reportedAt: r.reported_at, hateMotivated: r.hate_motivated }));
  }

  /** Cases with their victims, lead organisations and SPOCs in one round trip (the dispatch hot path). */
  async casesWithParties(caseIds: string[]): Promise<{ c: Case; victim: Victim; lead: Organisation; spoc: Officer | null }[]> {
    if (caseIds.length === 0) return [];
    const rows = await this.db.query(
      `SELECT row_to_json(c) AS c, row_to_json(v) AS v, row_to_json(o) AS o, row_to_json(s) AS s
         FROM cases c JOIN victims v ON v.id = c.victim_id JOIN organisations o ON o.id = c.lead_organisation_id
         LEFT JOIN officers s ON s.id = c.spoc_officer_id WHERE c.id = ANY($1::uuid[])`,
      [caseIds],
    );
    const meta = (entity: EntityTarget<unknown>) => this.db.getMetadata(entity);
    return rows.map((row: Record<string, Record<string, unknown> | null>) => ({
      c: entityFromJson(meta(Case), row.c!) as Case,
      victim: entityFromJson(meta(Victim), row.v!) as Victim,
      lead: entityFromJson(meta(Organisation), row.o!) as Organisation,
      spoc: row.s ? (entityFromJson(meta(Officer), row.s) as Officer) : null,
    }));
  }

  victim(id: string, db: EntityManager = this.db.manager): Promise<Victim> {
    return db.findOneByOrFail(Victim, { id });
  }

  incidents(caseId: string): Promise<Incident[]> {
    return this.db.manager.find(Incident, { where: { caseId }, order: { reportedAt: 'ASC' } });
  }

  riskAssessments(caseId: string): Promise<RiskAssessment[]> {
    return this.db.manager.find(RiskAssessment, { where: { caseId }, order: { assessedAt: 'ASC' } });
  }

  history(caseId: string): Promise<CaseEvent[]> {
    return this.db.manager.find(CaseEvent, { where: { caseId }, order: { at: 'ASC', id: 'ASC' } });
  }

  reopenings(caseId: string): Promise<CaseReopening[]> {
    return this.db.manager.find(CaseReopening, { where: { caseId }, order: { reopenedAt: 'ASC' } });
  }

  /**
   * The case open again with a fresh SLA clock (no response yet, a new deadline from now) and
   * the reopening recorded with its sealed reason. Returns the reopening's id.
   */
  async reopen(
    db: EntityManager,
    c: Case,
    change: { at: Date; by: string; reasonEnc: Buffer; responseDueAt: Date },
  ): Promise<string> {
    await db.query(
      `UPDATE cases SET status = 'open', closed_at = NULL, closed_by = NULL, response_clock_from = $2, response_due_at = $3,
              responded_at = NULL, response_breach_noted_at = NULL, update_overdue_since = NULL, updated_at = $2
        WHERE id = $1`,
      [c.id, change.at, change.responseDueAt],
    );
    const [row] = await db.query(
      `INSERT INTO case_reopenings (case_id, reopened_at, reopened_by, previously_closed_at, reason_enc) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [c.id, change.at, change.by, c.closedAt, change.reasonEnc],
    );
    return row.id;
  }

  shares(caseId: string): Promise<CaseShare[]> {
    return this.db.manager.find(CaseShare, { where: { caseId } });
  }

  async addEvent(
    db: EntityManager,
    event: { caseId: string; type: CaseEventType; at: Date; officerId: string | null; detail?: Record<string, unknown> },
  ): Promise<void> {
    await addCaseEvent(db, event.caseId, event.type, event.at, event.officerId, event.detail);
  }

  /** Holds the open case for `db`'s transaction (FOR SHARE, or FOR UPDATE); a closed or missing case → 400 `caseOpen`. */
  lockOpen(caseId: string, mode: 'share' | 'update', db: EntityManager): Promise<{ vulnerable: boolean; spocOfficerId: string | null; victimId: string }> {
    return lockOpenCase(db, caseId, mode);
  }

  /** Shares the case (`at`: the clock's now, so training follows the training clock); false when it was shared already. */
  async share(db: EntityManager, caseId: string, organisationId: string, sharedBy: string, at: Date): Promise<boolean> {
    const result = await db
      .createQueryBuilder()
      .insert()
      .into(CaseShare)
      .values({ caseId, organisationId, sharedBy, sharedAt: at })
      .orIgnore()
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** Ends a share; true when there was one to end. */
  async unshare(db: EntityManager, caseId: string, organisationId: string): Promise<boolean> {
    const result = await db.delete(CaseShare, { caseId, organisationId });
    return (result.affected ?? 0) > 0;
  }

  /** Marks each missed first-response deadline once, even with many instances running. */
  async markMissedDeadlines(now: Date): Promise<{ id: string; responseDueAt: Date }[]> {
    return this.db.transaction(async (db) => {
      const missed: { id: string; response_due_at: Date }[] = await db.query(
        `WITH missed AS (
           UPDATE cases SET response_breach_noted_at = $1
            WHERE responded_at IS NULL AND response_breach_noted_at IS NULL AND status = 'open' AND response_due_at < $1
           RETURNING id, response_due_at)
         SELECT id, response_due_at FROM missed`,
        [now],
      );
      for (const row of missed) {
        await this.addEvent(db, {
          caseId: row.id,
          type: 'response_deadline_missed',
          at: now,
          officerId: null,
          detail: { responseDueAt: row.response_due_at },
        });
      }
      return missed.map((row) => ({ id: row.id, responseDueAt: row.response_due_at }));
    });
  }
}
