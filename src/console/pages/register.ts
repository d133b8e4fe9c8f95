import type { Router } from 'express';
import { registerAdminPages } from '../admin/register.js';
import type { PageKit } from './page-kit.js';
import { registerActionPlan } from './action-plan.js';
import { registerAgreement } from './agreement.js';
import { registerCaseActions } from './case-actions.js';
import { registerCasePage } from './case-page.js';
import { registerEvidence } from './evidence.js';
import { registerCaseReview } from './case-review.js';
import { registerCourt } from './court.js';
import { registerFindCase } from './find-case.js';
import { registerLogComplaint } from './log-complaint.js';
import { registerMyDay } from './my-day.js';
import { registerTraining } from './training.js';
import { registerSignIn } from './sign-in.js';
import { registerSupervisorPages } from '../supervise/register.js';
import { registerDashboard } from '../dashboard/dashboard-page.js';
import { registerCommsPages } from '../comms/register.js';

/** Every console page, one module per page. */
export function registerPages(router: Router, kit: PageKit): void {
  registerSignIn(router, kit);
  registerAdminPages(router, kit); // before My day: an administrator's landing page is the admin home
  registerMyDay(router, kit);
  registerCasePage(router, kit);
  registerCaseActions(router, kit);
  registerAgreement(router, kit);
  registerActionPlan(router, kit);
  registerEvidence(router, kit);
  registerCourt(router, kit);
  registerCaseReview(router, kit);
  registerFindCase(router, kit);
  registerLogComplaint(router, kit);
  registerTraining(router, kit);
  registerSupervisorPages(router, kit);
  registerDashboard(router, kit);
  registerCommsPages(router, kit);
}
