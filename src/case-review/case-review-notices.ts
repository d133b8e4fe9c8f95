import { eachInSavepoint } from '../database/each-in-savepoint.js';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { CaseProgressRepository } from '../cases/case-progress.repository.js';
import { CasesService } from '../cases/cases.service.js';
import { ClockService } from '../clock/clock.service.js';
import { Settings } from '../settings/settings.js';
import { caseReviewDetails } from './case-review-details.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';

const BATCH = 100;

/**
 * After each new complaint, checks whether the victim has reached the ASB Case Review
 * threshold; the first time they have, they are told about the review and how to ask for one.
 */
@Injectable()
export class CaseReviewNotices {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly caseRecords: CaseProgressRepository,
    private readonly reviews: CaseReviewsRepository,
    private readonly planner: ContactPlanner,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  async checkNewComplaints(): Promise<number> {
    return this.db.transaction(async (db) => {
      const pending = await this.reviews.lockPendingChecks(BATCH, db);
      let told = 0;
      // Each case on its own: one whose notice cannot be planned is flagged for its SPOC.
      await eachInSavepoint(db, pending, async (c, one) => {
        // A new case is told after its acknowledgement is planned, so the notice follows it.
        if (!c.contact_planned_at) return;
        if (!c.case_review_notified_at) {
          const review = await this.cases.caseReview(c.id);
          if (review.caseReviewEligible) {
            const now = this.clock.now();
            const notice = await this.planner.planMessage(c.id, 'case_review_information', { caseReview: caseReviewDetails(this.settings) }, one, { after: new Date(now.getTime() + 2000) });
            // With no agreed way to reach them the SPOC got a task instead; recording an agreement checks again.
            if (notice) {
              await this.caseRecords.markCaseReviewNotified(c.id, now, one);
              await this.caseRecords.addEvent(one, {
                caseId: c.id, type: 'case_review_eligible', at: now, officerId: null, detail: { complaints: review.caseReviewComplaints.length, contactId: notice.id },
              });
              told++;
            }
          }
        }
        await this.caseRecords.clearCaseReviewCheck(c.id, one);
      }, async (c, error) => {
        await this.planner.flagContactProblem(c.id, error, db);
        await this.caseRecords.clearCaseReviewCheck(c.id, db);
      });
      return told;
    });
  }
}
