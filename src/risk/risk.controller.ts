import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RiskService } from './risk.service.js';

@ApiTags('risk')
@ApiBearerAuth()
@Controller('v1/risk')
export class RiskController {
  constructor(private readonly risk: RiskService) {}

  /** The questions an officer asks the victim at intake and at each review. */
  @Get('questionnaire')
  questionnaire() {
    return this.risk.published().questions;
  }
}
