import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { CasesService } from '../cases/cases.service.js';
import { UuidParam } from '../http/uuid-param.js';
import { ContactLog } from './contact-log.js';
import { CONTACT_STATUSES as STATUSES } from './contact.entity.js';


class ListContactsQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() dueFrom?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() dueTo?: Date;
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() spocOfficerId?: string;
  @ApiPropertyOptional({ description: 'Supervisors and officers: their own organisation only' }) @IsOptional() @IsUUID() organisationId?: string;
}

/** The victim's contact log, and officers' work lists of what is due. */
@ApiTags('contacts')
@ApiBearerAuth()
@Roles('officer', 'supervisor')
@Controller('v1')
export class ContactsController {
  constructor(
    private readonly contacts: ContactLog,
    private readonly cases: CasesService,
  ) {}

  @Get('cases/:id/contacts')
  async caseLog(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    await this.cases.visibleCase(id, caller);
    return this.contacts.caseLog(id);
  }

  @Get('contacts')
  async list(@Query() query: ListContactsQuery, @CurrentCaller() caller: Caller) {
    if (query.organisationId && query.organisationId !== caller.organisationId) return [];
    return this.contacts.workList({ ...query, organisationId: caller.organisationId });
  }
}
