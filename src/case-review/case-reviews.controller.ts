import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { UuidParam } from '../http/uuid-param.js';
import { CaseReviewDecisionDto, CaseReviewMeetingDto, CaseReviewOutcomeDto, CaseReviewRequestDto, ListCaseReviewsQuery } from './case-review.dto.js';
import { CaseReviews } from './case-reviews.service.js';

/** The ASB Case Review on a case, from the request to the outcome letter (see CaseReviews). */
@ApiTags('case reviews')
@ApiBearerAuth()
@Roles('officer', 'supervisor')
@Controller('v1')
export class CaseReviewsController {
  constructor(private readonly reviews: CaseReviews) {}

  @Post('cases/:id/case-review')
  request(@Param('id', UuidParam) id: string, @Body() dto: CaseReviewRequestDto, @CurrentCaller() caller: Caller) {
    return this.reviews.request(id, dto, caller);
  }

  @Get('cases/:id/case-review')
  forCase(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.reviews.forCase(id, caller);
  }

  @Post('cases/:id/case-review/decision')
  @Roles('supervisor')
  @HttpCode(200)
  decide(@Param('id', UuidParam) id: string, @Body() dto: CaseReviewDecisionDto, @CurrentCaller() caller: Caller) {
    return this.reviews.decide(id, dto, caller);
  }

  @Post('cases/:id/case-review/meeting')
  @HttpCode(200)
  meeting(@Param('id', UuidParam) id: string, @Body() dto: CaseReviewMeetingDto, @CurrentCaller() caller: Caller) {
    return this.reviews.meeting(id, dto, caller);
  }

  @Post('cases/:id/case-review/outcome')
  @HttpCode(200)
  outcome(@Param('id', UuidParam) id: string, @Body() dto: CaseReviewOutcomeDto, @CurrentCaller() caller: Caller) {
    return this.reviews.outcome(id, dto, caller);
  }

  @Get('case-reviews')
  @Roles('supervisor')
  list(@Query() query: ListCaseReviewsQuery, @CurrentCaller() caller: Caller) {
    return this.reviews.list(caller, query.status);
  }
}
