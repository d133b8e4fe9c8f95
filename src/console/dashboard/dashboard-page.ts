import { ForbiddenException } from '@nestjs/common';
import type { Response, Router } from 'express';
import type { Caller } from '../../auth/access.js';
import { InputError } from '../../http/input-error.js';
import { chartCsv, chartTables } from '../../reports/dashboard-tables.js';
import { csvFileName, dashboardChart, DashboardQuery } from '../../reports/dashboard.dto.js';
import { DashboardService, windowBounds } from '../../reports/dashboard.service.js';
import { checkAs, formErrors, page, type PageKit, render, service } from '../pages/page-kit.js';

/** Supervisors only: the dashboard shows the whole organisation's figures. */
function supervisorOnly(res: Response): Caller {
  const caller = res.locals.caller as Caller;
  if (caller.role !== 'supervisor') throw new ForbiddenException('The team dashboard is for supervisors.');
  return caller;
}

/** The window asked for in the query string, or the last 12 weeks by the service clock when none is given. */
function windowOf(kit: PageKit, query: Record<string, unknown>): Record<string, unknown> {
  if (query.from === undefined && query.to === undefined) return { ...service(kit, DashboardService).defaultWindow() };
  return { from: query.from ?? '', to: query.to ?? '' };
}

/** Checks the window as the API does; a bad one gives the InputError the API would (400 naming from or to). */
async function checkedWindow(kit: PageKit, query: Record<string, unknown>): Promise<DashboardQuery> {
  const window = await checkAs(DashboardQuery, windowOf(kit, query));
  windowBounds(window); // the range rules
  return window;
}

/**
 * `/dashboard`: a date-range form, then each chart as a heading, a GOV.UK table, a CSV link and
 * (with JavaScript) a Chart.js chart drawn from the table. `/dashboard/<chart>.csv`: the same
 * figures as the API's CSV. Bad dates: the form again with a GOV.UK error summary (400).
 */
export function registerDashboard(router: Router, kit: PageKit): void {
  router.get('/dashboard', page(async (req, res) => {
    const caller = supervisorOnly(res);
    const asked = windowOf(kit, req.query as Record<string, unknown>);
    let window: DashboardQuery;
    try {
      window = await checkedWindow(kit, req.query as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      res.status(400);
      return render(kit, res, 'dashboard/dashboard.njk', { title: 'Team dashboard', window: asked, errors: formErrors(error.problems) });
    }
    const report = await service(kit, DashboardService).build(window, caller);
    const search = new URLSearchParams({ from: window.from, to: window.to }).toString();
    render(kit, res, 'dashboard/dashboard.njk', { title: 'Team dashboard', window, search, tables: chartTables(report) });
  }));

  router.get('/dashboard/:chart.csv', page(async (req, res) => {
    const caller = supervisorOnly(res);
    const chart = dashboardChart(String(req.params.chart));
    const window = await checkedWindow(kit, req.query as Record<string, unknown>);
    const csv = chartCsv(await service(kit, DashboardService).build(window, caller), chart);
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csvFileName(chart, window)}"`);
    res.send(csv);
  }));
}
