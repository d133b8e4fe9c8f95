import { Module } from '@nestjs/common';
import { PartnershipModule } from '../partnership/partnership.module.js';
import { CaseIntakeService } from './case-intake.service.js';
import { CaseSharing } from './case-sharing.service.js';
import { CasesController } from './cases.controller.js';
import { CaseErasureRepository } from './case-erasure.repository.js';
import { CaseProgressRepository } from './case-progress.repository.js';
import { CasesRepository } from './cases.repository.js';
import { CasesService } from './cases.service.js';

@Module({
  imports: [PartnershipModule],
  controllers: [CasesController],
  providers: [CasesRepository, CaseErasureRepository, CaseProgressRepository, CaseIntakeService, CasesService, CaseSharing],
  exports: [CasesService, CaseIntakeService, CaseSharing, CasesRepository, CaseErasureRepository, CaseProgressRepository],
})
export class CasesModule {}
