import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { UuidParam } from '../http/uuid-param.js';
import { ConsoleAccounts } from './accounts.service.js';

/**
 * Admins only: `POST /v1/officers/:id/password-link` → 201 `{officerId, url, expiresAt}`, a
 * one-time link (24 hours) for the officer to set their console password. 404 for no active officer.
 */
@ApiTags('partnership')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/officers')
export class PasswordLinksController {
  constructor(private readonly accounts: ConsoleAccounts) {}

  @Post(':id/password-link')
  @HttpCode(201)
  issue(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.accounts.issueLink(id, caller);
  }
}
