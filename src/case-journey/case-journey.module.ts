import { Module } from '@nestjs/common';
import { AgreementsModule } from '../contacts/agreements.module.js';
import { CaseReviewNotices } from '../case-review/case-review-notices.js';
import { CaseReviewModule } from '../case-review/case-review.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { PartnershipModule } from '../partnership/partnership.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ActionPlans } from './action-plans.js';
import { CaseClosure } from './case-closure.js';
import { CaseReopenings } from './case-reopening.js';
import { CaseJourneyController } from './case-journey.controller.js';
import { CaseJourneyRepository } from './case-journey.repository.js';
import { EvidenceSupport } from './evidence.js';
import { EvidenceReviews } from './evidence-reviews.js';

@Module({
  imports: [CasesModule, CaseReviewModule, AgreementsModule, TasksModule, PartnershipModule, SurveysModule],
  controllers: [CaseJourneyController],
  providers: [CaseJourneyRepository, ActionPlans, EvidenceSupport, EvidenceReviews, CaseClosure, CaseReopenings, CaseReviewNotices],
  exports: [EvidenceReviews, CaseReviewNotices],
})
export class CaseJourneyModule {}
