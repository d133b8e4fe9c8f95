import type { Router } from 'express';
import type { PageKit } from '../pages/page-kit.js';
import { registerAuditLog } from './audit-log.js';
import { registerCaseSupervision } from './case-supervision.js';
import { registerPrintRoom } from './print-room.js';

/** Supervisors' pages (issue 15): actions on a case, the audit log and the print room. */
export function registerSupervisorPages(router: Router, kit: PageKit): void {
  registerCaseSupervision(router, kit);
  registerAuditLog(router, kit);
  registerPrintRoom(router, kit);
}
