import { Module } from '@nestjs/common';
import { PartnershipModule } from '../partnership/partnership.module.js';
import { CaseIntakeService } from './case-intake.service.js';
import { CaseSharing } from './case-sharing.service.js';
import { CasesController } from './cases.controller.js';
import { CasesRepository } from './cases.repository.js';
import { CasesService } from './cases.service.js';

@Module({
  imports: [PartnershipModule],
  controllers: [CasesController],
  providers: [CasesRepository, CaseIntakeService, CasesService, CaseSharing],
  exports: [CasesService, CaseIntakeService, CaseSharing, CasesRepository],
})
export class CasesModule {}
