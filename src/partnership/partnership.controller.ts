import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { DiscreetCheck } from '../discreet/discreet-check.service.js';
import { UuidParam } from '../http/uuid-param.js';
import { CreateOfficerDto, CreateOrganisationDto, ListOfficersQuery, UpdateOrganisationDto } from './partnership.dto.js';
import { PartnershipService, withChanges } from './partnership.service.js';
import type { Officer } from './officer.entity.js';

@ApiTags('partnership')
@ApiBearerAuth()
@Controller('v1')
export class PartnershipController {
  constructor(
    private readonly partnership: PartnershipService,
    private readonly discreet: DiscreetCheck,
  ) {}

  @Post('organisations')
  @Roles('admin')
  async createOrganisation(@Body() dto: CreateOrganisationDto) {
    // Nothing about the new partner may show in a discreet message (400 naming the field).
    await this.discreet.assertOrganisationSafe({ ...dto, phone: dto.phone });
    return this.partnership.createOrganisation(dto);
  }

  /** Every member of staff may see the partners, to choose a lead organisation. */
  @Get('organisations')
  listOrganisations() {
    return this.partnership.listOrganisations();
  }

  @Get('organisations/:id')
  getOrganisation(@Param('id', UuidParam) id: string) {
    return this.partnership.getOrganisation(id);
  }

  /** Letterhead details, phone, SMS senders: what was sent changes (null clears); 400 naming the field, as on creation. */
  @Patch('organisations/:id')
  @Roles('admin')
  async updateOrganisation(@Param('id', UuidParam) id: string, @Body() dto: UpdateOrganisationDto, @CurrentCaller() caller: Caller) {
    await this.discreet.assertOrganisationSafe(withChanges(await this.partnership.getOrganisation(id), dto));
    return this.partnership.updateOrganisation(id, dto, caller);
  }

  @Post('officers')
  @HttpCode(201)
  @Roles('admin')
  createOfficer(@Body() dto: CreateOfficerDto) {
    return this.partnership.createOfficer(dto);
  }

  /** Admins see everyone; supervisors their own organisation's staff. */
  @Get('officers')
  @Roles('admin', 'supervisor')
  async listOfficers(@CurrentCaller() caller: Caller, @Query() query: ListOfficersQuery): Promise<Officer[]> {
    return this.partnership.listOfficers(caller.role === 'admin' ? query.organisationId : caller.organisationId);
  }

  @Get('officers/me')
  me(@CurrentCaller() caller: Caller) {
    return this.partnership.getOfficer(caller.officerId);
  }
}
