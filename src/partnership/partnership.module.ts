import { Module } from '@nestjs/common';
import { FirstRunService } from './first-run.service.js';
import { PartnershipController } from './partnership.controller.js';
import { PartnershipService } from './partnership.service.js';

@Module({
  controllers: [PartnershipController],
  providers: [PartnershipService, FirstRunService],
  exports: [PartnershipService, FirstRunService],
})
export class PartnershipModule {}
