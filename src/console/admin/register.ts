import type { Router } from 'express';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { callerOf, page, type PageKit, render, service } from '../pages/page-kit.js';
import { registerOfficers } from './officers.js';
import { registerOrganisations } from './organisations.js';

/**
 * The administrators' pages (issue 15). Registered before My day: an administrator's landing page
 * is the admin home (organisations and officers, never a case); everyone else goes on to My day.
 */
export function registerAdminPages(router: Router, kit: PageKit): void {
  const home = page(async (_req, res) => {
    const partnership = service(kit, PartnershipService);
    const [organisations, officers] = await Promise.all([partnership.listOrganisations(), partnership.listOfficers()]);
    render(kit, res, 'admin/home.njk', { title: 'Administration', organisations: organisations.length, officers: officers.filter((o) => o.active).length });
  });
  router.get('/', (req, res, next) => (callerOf(res).role === 'admin' ? home(req, res, next) : next()));
  registerOrganisations(router, kit);
  registerOfficers(router, kit);
}
