import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CaseReview, OPEN_REVIEW_STATUSES } from './case-review.entity.js';

export interface ReviewListRow {
  id: string;
  caseId: string;
  caseReference: string;
  status: string;
  receivedOn: string;
  receivedVia: string;
  applicant: string;
  decisionDueAt: Date;
  thresholdMet: boolean | null;
  decidedAt: Date | null;
  meetingOn: string | null;
  concludedAt: Date | null;
}

/** The only place ASB Case Reviews are queried. */
@Injectable()
export class CaseReviewsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The review under way on the case (at most one), held for the caller's transaction. */
  async open(caseId: string, db: EntityManager): Promise<CaseReview | null> {
    return db
      .createQueryBuilder(CaseReview, 'r')
      .where('r.case_id = :caseId AND r.status IN (:...open)', { caseId, open: OPEN_REVIEW_STATUSES })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Every review of the case, newest first. */
  forCase(caseId: string): Promise<CaseReview[]> {
    return this.db.manager.find(CaseReview, { where: { caseId }, order: { recordedAt: 'DESC' } });
  }

  async insert(review: Partial<CaseReview>, db: EntityManager): Promise<CaseReview> {
    return db.save(db.create(CaseReview, review));
  }

  async update(id: string, changes: Partial<CaseReview>, db: EntityManager): Promise<void> {
    await db.update(CaseReview, { id }, changes);
  }

  /** Reviews of cases the organisation leads, open or finished, soonest decision first. No personal data. */
  async listForOrganisation(organisationId: string, open: boolean): Promise<ReviewListRow[]> {
    const rows = await this.db.query(
      `SELECT r.id, r.case_id, c.reference, r.status, to_char(r.received_on, 'YYYY-MM-DD') AS received_on, r.received_via, r.applicant,
              r.decision_due_at, r.threshold_met, r.decided_at, to_char(r.meeting_on, 'YYYY-MM-DD') AS meeting_on, r.concluded_at
         FROM case_reviews r JOIN cases c ON c.id = r.case_id
        WHERE c.lead_organisation_id = $1 AND (r.status = ANY($2)) = $3
        ORDER BY r.decision_due_at, r.id LIMIT 500`,
      [organisationId, OPEN_REVIEW_STATUSES, open],
    );
    return rows.map((r: Record<string, never>) => ({
      id: r.id, caseId: r.case_id, caseReference: r.reference, status: r.status, receivedOn: r.received_on, receivedVia: r.received_via,
      applicant: r.applicant, decisionDueAt: r.decision_due_at, thresholdMet: r.threshold_met, decidedAt: r.decided_at,
      meetingOn: r.meeting_on, concludedAt: r.concluded_at,
    }));
  }

  /** Holds the case row FOR UPDATE for `db`'s transaction: one review request at a time. */
  async lockCase(caseId: string, db: EntityManager): Promise<void> {
    await db.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
  }

  /**
   * Up to `limit` open cases waiting for the case-review threshold check after a new complaint,
   * held for `db`'s transaction (others' locked rows skipped).
   */
  lockPendingChecks(limit: number, db: EntityManager): Promise<{ id: string; case_review_notified_at: Date | null; contact_planned_at: Date | null }[]> {
    return db.query(
      `SELECT id, case_review_notified_at, contact_planned_at FROM cases WHERE case_review_check_pending AND status = 'open'
        LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }
}
