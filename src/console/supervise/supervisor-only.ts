import { ForbiddenException } from '@nestjs/common';
import type { Response } from 'express';
import type { Caller } from '../../auth/access.js';

/** Supervisors only (the API's own rule for these routes); anyone else gets the 403 page. */
export function supervisorOnly(res: Response): Caller {
  const caller = res.locals.caller as Caller;
  if (caller.role !== 'supervisor') throw new ForbiddenException('This page is for supervisors.');
  return caller;
}

/** Supervisors and admins, as the audit API allows; each sees what the API scopes to them. */
export function supervisorOrAdmin(res: Response): Caller {
  const caller = res.locals.caller as Caller;
  if (caller.role !== 'supervisor' && caller.role !== 'admin') throw new ForbiddenException('The audit log is for supervisors and administrators.');
  return caller;
}
