import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { checkIdempotencyKey, IDEMPOTENCY_HEADER_DESCRIPTION } from '../http/idempotency.js';
import { UuidParam } from '../http/uuid-param.js';
import { ContactAgreementChangeDto, ContactAgreementDto } from '../agreements/agreements.dto.js';
import { AgreementsService, view } from './agreements.service.js';
import { ContactPlanner } from './contact-planner.js';
import { OfficerUpdates } from './officer-updates.js';

class UpdateDto {
  @ApiProperty({ example: 'We spoke to the family at number 14 on Tuesday and will visit again next week.' })
  @IsString() @Length(1, 2000) @Matches(/\S/, { message: 'message must not be blank' })
  message!: string;

  @ApiPropertyOptional({ description: 'To a victim who agreed to discreet contact: true once you have read the discreet preview (a 409 shows it)' })
  @IsOptional() @IsBoolean()
  confirmDiscreet?: boolean;
}

@ApiTags('contact agreements')
@ApiBearerAuth()
@Roles('officer', 'supervisor')
@Controller('v1/cases/:id')
export class AgreementsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agreements: AgreementsService,
    private readonly planner: ContactPlanner,
    private readonly updates: OfficerUpdates,
  ) {}

  @Get('contact-agreement')
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.agreements.get(id, caller);
  }

  /**
   * Records how the victim wants to be contacted, and re-plans every contact not yet sent, in
   * one transaction: an agreement the planner cannot use is never stored.
   */
  @Put('contact-agreement')
  async put(@Param('id', UuidParam) id: string, @Body() dto: ContactAgreementDto, @CurrentCaller() caller: Caller) {
    const agreement = await this.db.transaction(async (db) => {
      const recorded = await this.agreements.record(id, dto, caller, db);
      await this.planner.replan(id, db);
      return recorded;
    });
    return view(agreement);
  }

  /** Changes only the fields named; the whole result is checked, and what is not yet sent re-planned, in one transaction. */
  @Patch('contact-agreement')
  async patch(@Param('id', UuidParam) id: string, @Body() dto: ContactAgreementChangeDto, @CurrentCaller() caller: Caller) {
    const agreement = await this.db.transaction(async (db) => {
      const changed = await this.agreements.change(id, dto, caller, db);
      await this.planner.replan(id, db);
      return changed;
    });
    return view(agreement);
  }

  @Post('updates')
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_HEADER_DESCRIPTION })
  update(@Param('id', UuidParam) id: string, @Body() dto: UpdateDto, @CurrentCaller() caller: Caller, @Headers('idempotency-key') key?: string) {
    return this.updates.send(id, dto.message, caller, checkIdempotencyKey(key), dto.confirmDiscreet ?? false);
  }
}
