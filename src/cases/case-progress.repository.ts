import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CaseEventType } from './case-event.entity.js';
import { Case } from './case.entity.js';
import { addCaseEvent } from './cases.repository.js';

/**
 * The marks other slices leave on a case as it goes: the next evidence review, closure and
 * reopening (case-journey), the ASB Case Review notice (case-review), the mid-case survey
 * (surveys), planning, contact problems and overdue updates (contacts). Each writes only
 * `cases`, inside the caller's transaction (`db`, required).
 */
@Injectable()
export class CaseProgressRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /** One entry in the case's history, in the caller's transaction. */
  async addEvent(
    db: EntityManager,
    event: { caseId: string; type: CaseEventType; at: Date; officerId: string | null; detail?: Record<string, unknown> },
  ): Promise<void> {
    await addCaseEvent(db, event.caseId, event.type, event.at, event.officerId, event.detail);
  }

  // For case-journey:

  /** Closes the case at `at` by `by` with the sealed closure; no evidence review or case-review check is left pending. */
  async close(caseId: string, closure: { at: Date; by: string; closureEnc: Buffer }, db: EntityManager): Promise<void> {
    await db.update(Case, { id: caseId }, {
      status: 'closed', closedAt: closure.at, closedBy: closure.by, closureEnc: closure.closureEnc,
      nextEvidenceReviewAt: null, caseReviewCheckPending: false,
    });
  }

  /** Sets when the case's next evidence review falls due. */
  async setNextEvidenceReview(caseId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET next_evidence_review_at = $2 WHERE id = $1', [caseId, at]);
  }

  /** No review date while the review's task is open (it is set again when the review is recorded). */
  async clearNextEvidenceReview(caseId: string, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET next_evidence_review_at = NULL WHERE id = $1', [caseId]);
  }

  /** A reopened case: evidence reviews start again at `at`, and no case-review check is left pending. */
  async restartEvidenceReviews(caseId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET next_evidence_review_at = $2, case_review_check_pending = false WHERE id = $1', [caseId, at]);
  }

  // For case-review:

  /** The victim was told (at `at`) that they may ask for an ASB Case Review. */
  async markCaseReviewNotified(caseId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET case_review_notified_at = $2 WHERE id = $1', [caseId, at]);
  }

  /** The case-review threshold check after a new complaint is done. */
  async clearCaseReviewCheck(caseId: string, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET case_review_check_pending = false WHERE id = $1', [caseId]);
  }

  // For surveys:

  /** Notes that the case's mid-case survey was sent at `at`. */
  async markMidCaseSurveySent(caseId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET mid_case_survey_at = $2 WHERE id = $1', [caseId, at]);
  }

  /** Notes that the victim was told about the ASB Case Review at `at`, unless they already had been (the first time is kept). */
  async markCaseReviewNotifiedFirst(caseId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET case_review_notified_at = COALESCE(case_review_notified_at, $2) WHERE id = $1', [caseId, at]);
  }

  // For contacts:

  /** Marks the case's first contacts planned at `at`. */
  async markContactPlanned(caseId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET contact_planned_at = $2 WHERE id = $1', [caseId, at]);
  }

  /**
   * Puts the case's contacts on hold with `reason` (at most 500 characters) at `at`, unless it is
   * on hold already; returns its SPOC (officer id or null), or undefined when it was on hold already.
   */
  async flagContactProblem(caseId: string, reason: string, at: Date, db: EntityManager): Promise<{ spocOfficerId: string | null } | undefined> {
    const [c] = await db.query(
      `WITH flagged AS (UPDATE cases SET contact_problem = $2, contact_problem_at = $3 WHERE id = $1 AND contact_problem_at IS NULL RETURNING spoc_officer_id)
       SELECT spoc_officer_id FROM flagged`,
      [caseId, reason, at],
    );
    return c ? { spocOfficerId: c.spoc_officer_id } : undefined;
  }

  /** An update fell due without the officer's words: overdue since `since`, unless it already was. */
  async markUpdateOverdue(caseId: string, since: Date, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET update_overdue_since = COALESCE(update_overdue_since, $2) WHERE id = $1', [caseId, since]);
  }

  /** The officer wrote an update: it is no longer overdue. */
  async clearUpdateOverdue(caseId: string, db: EntityManager): Promise<void> {
    await db.query('UPDATE cases SET update_overdue_since = NULL WHERE id = $1', [caseId]);
  }

  /**
   * A contact agreement was recorded at `at`: the Case Review check runs again if the victim was
   * never told, any contact hold is cleared, and the first agreement time is kept.
   */
  async contactAgreed(caseId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE cases SET case_review_check_pending = (case_review_check_pending OR case_review_notified_at IS NULL), contact_problem = NULL, contact_problem_at = NULL,
              contact_agreed_at = COALESCE(contact_agreed_at, $2) WHERE id = $1`,
      [caseId, at],
    );
  }
}
