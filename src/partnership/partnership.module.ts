import { Module } from '@nestjs/common';
import { DiscreetCheck } from '../discreet/discreet-check.service.js';
import { FirstRunService } from './first-run.service.js';
import { PartnershipController } from './partnership.controller.js';
import { PartnershipService } from './partnership.service.js';

@Module({
  controllers: [PartnershipController],
  providers: [PartnershipService, FirstRunService, DiscreetCheck],
  exports: [PartnershipService, FirstRunService, DiscreetCheck],
})
export class PartnershipModule {}
