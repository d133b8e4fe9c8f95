import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { InputError } from '../http/input-error.js';
import { UuidParam } from '../http/uuid-param.js';
import { ApplySpecialMeasuresDto, ChangeProceedingsDto, DecideSpecialMeasuresDto, RecordProceedingsDto } from './court.dto.js';
import { ProceedingsService } from './proceedings.service.js';
import { SpecialMeasuresService } from './special-measures.service.js';

const uuidParam = (name: string) => new ParseUUIDPipe({ exceptionFactory: () => InputError.of(name, 'isUuid', `${name} must be a UUID`) });

/** Court support: proceedings and hearing dates, the Witness Service, special measures. */
@ApiTags('court support')
@ApiBearerAuth()
@Roles('officer', 'supervisor')
@Controller('v1/cases/:id')
export class CourtController {
  constructor(
    private readonly proceedings: ProceedingsService,
    private readonly specialMeasures: SpecialMeasuresService,
  ) {}

  /** Hearing dates go to the victim; with consent the Witness Service gets a referral, else the victim is offered one. */
  @Post('proceedings')
  record(@Param('id', UuidParam) id: string, @Body() dto: RecordProceedingsDto, @CurrentCaller() caller: Caller) {
    return this.proceedings.record(id, dto, caller);
  }

  @Get('proceedings')
  list(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.proceedings.list(id, caller);
  }

  @Patch('proceedings/:proceedingsId')
  change(
    @Param('id', UuidParam) id: string,
    @Param('proceedingsId', uuidParam('proceedingsId')) proceedingsId: string,
    @Body() dto: ChangeProceedingsDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.proceedings.change(id, proceedingsId, dto, caller);
  }

  @Post('special-measures')
  apply(@Param('id', UuidParam) id: string, @Body() dto: ApplySpecialMeasuresDto, @CurrentCaller() caller: Caller) {
    return this.specialMeasures.apply(id, dto, caller);
  }

  @Patch('special-measures/:applicationId')
  decide(
    @Param('id', UuidParam) id: string,
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() dto: DecideSpecialMeasuresDto,
    @CurrentCaller() caller: Caller,
  ) {
    return this.specialMeasures.decide(id, applicationId, dto, caller);
  }
}
