import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { UuidParam } from '../http/uuid-param.js';
import { SurveyAnswers } from './survey-answers.js';
import { SurveyResponseDto } from './survey.dto.js';
import { SurveysService } from './surveys.service.js';

/** A case's satisfaction surveys, and answers officers type in from reply slips or calls. */
@ApiTags('surveys')
@ApiBearerAuth()
@Roles('officer', 'supervisor')
@Controller('v1/cases/:id')
export class SurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly answers: SurveyAnswers,
  ) {}

  @Get('surveys')
  list(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.surveys.listForCase(id, caller);
  }

  /** 404 when no survey was sent (or `surveyId` is not this case's), 409 when it was already answered. */
  @Post('survey-responses')
  respond(@Param('id', UuidParam) id: string, @Body() dto: SurveyResponseDto, @CurrentCaller() caller: Caller) {
    return this.answers.recordForOfficer(id, dto, caller);
  }
}
