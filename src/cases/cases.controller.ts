import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { checkIdempotencyKey, IDEMPOTENCY_HEADER_DESCRIPTION } from '../http/idempotency.js';
import { UuidParam } from '../http/uuid-param.js';
import { CreateCaseDto, FurtherIncidentDto, ListCasesQuery, RecordResponseDto, RiskAnswersDto, ShareCaseDto, UpdateCaseDto } from './case.dto.js';
import { CaseIntakeService } from './case-intake.service.js';
import { CasesService } from './cases.service.js';
import { CaseSharing } from './case-sharing.service.js';

/** Case officers and supervisors only: comms staff and admins never see victim data. */
@ApiTags('cases')
@ApiBearerAuth()
@Roles('officer', 'supervisor')
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly intake: CaseIntakeService,
    private readonly cases: CasesService,
    private readonly sharing: CaseSharing,
  ) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_HEADER_DESCRIPTION })
  async open(@Body() dto: CreateCaseDto, @CurrentCaller() caller: Caller, @Headers('idempotency-key') key?: string) {
    const opened = await this.intake.open(dto, caller, checkIdempotencyKey(key));
    return this.cases.detail(opened.id, caller, null); // audited as victim_data_created
  }

  @Get()
  list(@Query() query: ListCasesQuery, @CurrentCaller() caller: Caller) {
    return this.cases.list(query, caller);
  }

  @Get(':id')
  detail(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.cases.detail(id, caller);
  }

  @Patch(':id')
  @Roles('supervisor')
  async reassign(@Param('id', UuidParam) id: string, @Body() dto: UpdateCaseDto, @CurrentCaller() caller: Caller) {
    await this.cases.reassign(id, dto, caller);
    return this.cases.detail(id, caller);
  }

  @Post(':id/incidents')
  async addIncident(@Param('id', UuidParam) id: string, @Body() dto: FurtherIncidentDto, @CurrentCaller() caller: Caller) {
    await this.intake.addIncident(id, dto, caller);
    return this.cases.detail(id, caller, null); // audited as victim_data_changed
  }

  @Post(':id/risk-assessments')
  async reassess(@Param('id', UuidParam) id: string, @Body() dto: RiskAnswersDto, @CurrentCaller() caller: Caller) {
    await this.intake.reassess(id, dto.answers, 'answers', caller);
    return this.cases.detail(id, caller, null); // audited as victim_data_changed
  }

  @Get(':id/risk-assessments')
  assessments(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.cases.assessments(id, caller);
  }

  @Post(':id/responded')
  @HttpCode(200)
  async responded(@Param('id', UuidParam) id: string, @Body() dto: RecordResponseDto, @CurrentCaller() caller: Caller) {
    await this.cases.recordResponse(id, dto, caller);
    return this.cases.detail(id, caller);
  }

  @Post(':id/shares')
  @HttpCode(200)
  async share(@Param('id', UuidParam) id: string, @Body() dto: ShareCaseDto, @CurrentCaller() caller: Caller) {
    await this.sharing.share(id, dto.organisationId, caller);
    return this.cases.detail(id, caller);
  }

  /** Stops sharing the case with a partner: the lead organisation's supervisors only (403 for a partner; 404 when not shared). */
  @Delete(':id/shares/:organisationId')
  @Roles('supervisor')
  async unshare(@Param('id', UuidParam) id: string, @Param('organisationId', UuidParam) organisationId: string, @CurrentCaller() caller: Caller) {
    await this.sharing.unshare(id, organisationId, caller);
    return this.cases.detail(id, caller);
  }
}
