import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../partnership/officer.entity.js';

/** The officer behind the API key of the current request. */
export interface Caller {
  officerId: string;
  organisationId: string;
  role: Role;
}

export const PUBLIC_ROUTE = 'asb:public';
export const ALLOWED_ROLES = 'asb:roles';

/** No API key needed: health, provider webhooks (signature-checked) and public pages. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route; anyone else gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  return context.switchToHttp().getRequest().caller;
});
