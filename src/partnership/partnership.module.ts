import { Module } from '@nestjs/common';
import { DiscreetCheck } from '../discreet/discreet-check.service.js';
import { CalendarController } from './calendar.controller.js';
import { FirstRunService } from './first-run.service.js';
import { OfficerAccessController } from './officer-access.controller.js';
import { OfficerAccess } from './officer-access.service.js';
import { PartnershipController } from './partnership.controller.js';
import { PartnershipRepository } from './partnership.repository.js';
import { PartnershipService } from './partnership.service.js';

@Module({
  controllers: [PartnershipController, OfficerAccessController, CalendarController],
  providers: [PartnershipService, PartnershipRepository, FirstRunService, DiscreetCheck, OfficerAccess],
  exports: [PartnershipService, FirstRunService, DiscreetCheck],
})
export class PartnershipModule {}
