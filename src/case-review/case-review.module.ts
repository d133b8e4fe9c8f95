import { Module } from '@nestjs/common';
import { AgreementsModule } from '../contacts/agreements.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { PartnershipModule } from '../partnership/partnership.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { CaseReviewsController } from './case-reviews.controller.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';
import { CaseReviews } from './case-reviews.service.js';

@Module({
  imports: [CasesModule, AgreementsModule, TasksModule, PartnershipModule],
  controllers: [CaseReviewsController],
  providers: [CaseReviewsRepository, CaseReviews],
  exports: [CaseReviewsRepository],
})
export class CaseReviewModule {}
