import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { UuidParam } from '../http/uuid-param.js';
import { OfficerAccess } from './officer-access.service.js';
import { ChangeOfficerDto } from './partnership.dto.js';

/**
 * Admins only: changing and deactivating officers, and issuing, listing and revoking their API keys.
 * - `PATCH /v1/officers/:id` `{rank?, name?, role?}` → 200 the officer; 409 demoting the last admin or a SPOC of open cases
 * - `POST /v1/officers/:id/deactivate` → 200 `{id, active: false, keysRevoked}`
 * - `POST /v1/officers/:id/api-keys` → 201 `{id, officerId, prefix, createdAt, revokedAt, apiKey}` (the key shown once)
 * - `GET /v1/officers/:id/api-keys` → `[{id, officerId, prefix, createdAt, revokedAt}]`
 * - `DELETE /v1/api-keys/:id` → 200 the key as listed, `revokedAt` set
 */
@ApiTags('partnership')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1')
export class OfficerAccessController {
  constructor(private readonly access: OfficerAccess) {}

  @Patch('officers/:id')
  change(@Param('id', UuidParam) id: string, @Body() dto: ChangeOfficerDto, @CurrentCaller() caller: Caller) {
    return this.access.change(id, dto, caller);
  }

  @Post('officers/:id/deactivate')
  @HttpCode(200)
  deactivate(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.access.deactivate(id, caller);
  }

  @Post('officers/:id/api-keys')
  @HttpCode(201)
  issueKey(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.access.issueKey(id, caller);
  }

  @Get('officers/:id/api-keys')
  listKeys(@Param('id', UuidParam) id: string) {
    return this.access.listKeys(id);
  }

  @Delete('api-keys/:id')
  revokeKey(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.access.revokeKey(id, caller);
  }
}
