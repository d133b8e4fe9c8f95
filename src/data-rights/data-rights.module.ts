import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { AnonymisationRepository } from './anonymisation.repository.js';
import { Anonymiser } from './anonymiser.js';
import { DataRightsRepository } from './data-rights.repository.js';
import { DataRightsController } from './data-rights.controller.js';
import { Erasure } from './erasure.service.js';
import { RetentionJob } from './retention.job.js';
import { SubjectAccess } from './subject-access.service.js';

/** Retention, subject access and erasure (UK GDPR / DPA 2018). */
@Module({
  imports: [CasesModule, TasksModule],
  controllers: [DataRightsController],
  providers: [Anonymiser, AnonymisationRepository, DataRightsRepository, RetentionJob, SubjectAccess, Erasure],
  exports: [RetentionJob],
})
export class DataRightsModule {}
