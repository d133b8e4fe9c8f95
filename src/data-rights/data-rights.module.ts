import { Module } from '@nestjs/common';
import { Anonymiser } from './anonymiser.js';
import { DataRightsController } from './data-rights.controller.js';
import { Erasure } from './erasure.service.js';
import { RetentionJob } from './retention.job.js';
import { SubjectAccess } from './subject-access.service.js';

/** Retention, subject access and erasure (UK GDPR / DPA 2018). */
@Module({
  controllers: [DataRightsController],
  providers: [Anonymiser, RetentionJob, SubjectAccess, Erasure],
  exports: [RetentionJob],
})
export class DataRightsModule {}
