import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { AUDIT_ACTIONS, type AuditAction } from './audit-entry.entity.js';
import { AuditService } from './audit.service.js';

/** The audit log's filters; every one optional. */
export class AuditQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional({ description: 'A case reference, ASB-2026-000123 or 2026-000123' })
  @IsOptional()
  @Matches(/^\s*(ASB[\s-]*\d{4}[\s-]*\d{1,6}|\d{4}-\d{6})\s*$/i, { message: 'caseReference must be a case reference, e.g. ASB-2026-000123' })
  caseReference?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() officerId?: string;
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS }) @IsOptional() @IsIn(AUDIT_ACTIONS) action?: AuditAction;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ default: 0, description: 'Entries to skip, newest first: for paging' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Newest first. Each entry: id, at, action, caseId, caseReference, victimId, fields, detail, officerId, officerName, organisationId. */
  @Get()
  @Roles('supervisor', 'admin')
  list(@CurrentCaller() caller: Caller, @Query() query: AuditQueryDto) {
    return this.audit.list(caller, { ...query, limit: query.limit ?? 100 });
  }
}
