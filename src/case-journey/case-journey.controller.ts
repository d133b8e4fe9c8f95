import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { CasesService } from '../cases/cases.service.js';
import { UuidParam } from '../http/uuid-param.js';
import { ActionPlans } from './action-plans.js';
import { ActionPlanDto, CloseCaseDto, DiarySheetsDto, EvidenceDto, EvidenceReviewDto, ReopenCaseDto } from './case-journey.dto.js';
import { CaseReopenings } from './case-reopening.js';
import { CaseClosure } from './case-closure.js';
import { EvidenceSupport } from './evidence.js';
import { EvidenceReviews } from './evidence-reviews.js';

/** The victim's journey through a case: action plan, evidence, reviews, closure. */
@ApiTags('cases')
@ApiBearerAuth()
@Roles('officer', 'supervisor')
@Controller('v1/cases')
export class CaseJourneyController {
  constructor(
    private readonly cases: CasesService,
    private readonly plans: ActionPlans,
    private readonly evidence: EvidenceSupport,
    private readonly reviews: EvidenceReviews,
    private readonly closure: CaseClosure,
    private readonly reopenings: CaseReopenings,
  ) {}

  @Put(':id/action-plan')
  agreePlan(@Param('id', UuidParam) id: string, @Body() dto: ActionPlanDto, @CurrentCaller() caller: Caller) {
    return this.plans.agree(id, dto, caller);
  }

  @Get(':id/action-plan')
  plan(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.plans.current(id, caller);
  }

  @Post(':id/diary-sheets')
  diarySheets(@Param('id', UuidParam) id: string, @Body() dto: DiarySheetsDto, @CurrentCaller() caller: Caller) {
    return this.evidence.sendDiarySheets(id, dto, caller);
  }

  @Post(':id/evidence')
  logEvidence(@Param('id', UuidParam) id: string, @Body() dto: EvidenceDto, @CurrentCaller() caller: Caller) {
    return this.evidence.record(id, dto, caller);
  }

  @Get(':id/evidence')
  listEvidence(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.evidence.list(id, caller);
  }

  @Post(':id/evidence-reviews')
  review(@Param('id', UuidParam) id: string, @Body() dto: EvidenceReviewDto, @CurrentCaller() caller: Caller) {
    return this.reviews.record(id, dto, caller);
  }

  @Get(':id/evidence-reviews')
  listReviews(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.reviews.list(id, caller);
  }

  @Post(':id/close')
  @HttpCode(200)
  async close(@Param('id', UuidParam) id: string, @Body() dto: CloseCaseDto, @CurrentCaller() caller: Caller) {
    await this.closure.close(id, dto, caller);
    return this.cases.detail(id, caller);
  }

  /** "It has started again": the lead organisation reopens a closed case (see CaseReopenings). */
  @Post(':id/reopen')
  @HttpCode(200)
  async reopen(@Param('id', UuidParam) id: string, @Body() dto: ReopenCaseDto, @CurrentCaller() caller: Caller) {
    await this.reopenings.reopen(id, dto.reason, caller);
    return this.cases.detail(id, caller);
  }
}
