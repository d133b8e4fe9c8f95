import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RiskLevel } from '../risk/questionnaire.js';

/** The case-journey slice's queries: action plans, evidence reviews, and the case rows they hold. Writes to `cases` go through CasesRepository. */
@Injectable()
export class CaseJourneyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The version number the case's next action plan takes (1 for the first). */
  async nextActionPlanVersion(caseId: string, db: EntityManager = this.db.manager): Promise<number> {
    const [{ version }] = await db.query('SELECT COALESCE(max(version), 0) + 1 AS version FROM action_plans WHERE case_id = $1', [caseId]);
    return version;
  }

  /** The case's status and closing time, held FOR UPDATE for `db`'s transaction (a closure at a time); undefined when there is no such case. */
  async lockForClosure(caseId: string, db: EntityManager): Promise<{ status: string; closed_at: Date | null }> {
    const [c] = await db.query('SELECT status, closed_at FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
    return c;
  }

  /**
   * Up to `limit` open cases with no evidence review date and no open review task, held for `db`'s
   * transaction (others' locked rows skipped), with the time of their last review (null: none yet).
   */
  lockUnscheduledReviews(limit: number, db: EntityManager): Promise<{ id: string; reported_at: Date; risk_level: RiskLevel; last: Date | null }[]> {
    return db.query(
      `SELECT c.id, c.reported_at, c.risk_level, (SELECT max(reviewed_at) FROM evidence_reviews r WHERE r.case_id = c.id) AS last
         FROM cases c WHERE c.status = 'open' AND c.next_evidence_review_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM officer_tasks t WHERE t.case_id = c.id AND t.kind = 'evidence_review' AND t.status = 'open')
        LIMIT $1 FOR UPDATE OF c SKIP LOCKED`,
      [limit],
    );
  }

  /** Up to `limit` open cases whose evidence review is due by `now`, soonest first, held for `db`'s transaction (others' locked rows skipped). */
  lockDueReviews(now: Date, limit: number, db: EntityManager): Promise<{ id: string; reference: string; spoc_officer_id: string | null; next_evidence_review_at: Date }[]> {
    return db.query(
      `SELECT id, reference, spoc_officer_id, next_evidence_review_at FROM cases
        WHERE status = 'open' AND next_evidence_review_at <= $1 ORDER BY next_evidence_review_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  /** The case's report time and next review date, held FOR UPDATE for `db`'s transaction; undefined when there is no such case. */
  async lockReviewSchedule(caseId: string, db: EntityManager): Promise<{ reported_at: Date; next_evidence_review_at: Date | null } | undefined> {
    const [c] = await db.query('SELECT reported_at, next_evidence_review_at FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
    return c;
  }

  /** When the case's evidence was last reviewed (null: never). */
  async lastReviewAt(caseId: string, db: EntityManager = this.db.manager): Promise<Date | null> {
    const [last] = await db.query('SELECT max(reviewed_at) AS at FROM evidence_reviews WHERE case_id = $1', [caseId]);
    return last?.at ?? null;
  }
}
