import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../partnership/officer.entity.js';
import { ALLOWED_ROLES, Caller, PUBLIC_ROUTE } from './access.js';
import { hashApiKey } from './api-key.js';
import { AuthRepository } from './auth.repository.js';

/**
 * Every route needs `Authorization: Bearer <key>` unless it is marked @Public(). The key and its
 * officer are read from the database on every request, never cached in the process: a key
 * revoked or an officer deactivated (by any instance) is a 401 on the very next request, everywhere.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: AuthRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedException('An API key is required: Authorization: Bearer <key>');
    const caller = await this.findCaller(match[1]);
    if (!caller) throw new UnauthorizedException('The API key is not valid or has been revoked');
    request.caller = caller;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(caller.role)) {
      throw new ForbiddenException(`This action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private async findCaller(key: string): Promise<Caller | null> {
    const row = await this.keys.officerByKeyHash(hashApiKey(key));
    return row ? { officerId: row.officer_id, organisationId: row.organisation_id, role: row.role } : null;
  }
}
