import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Caller, CurrentCaller, Roles } from '../auth/access.js';
import { chartCsv } from './dashboard-tables.js';
import { csvFileName, dashboardChart, DashboardQuery } from './dashboard.dto.js';
import { DashboardService } from './dashboard.service.js';

/**
 * The supervisors' team dashboard over the API: the caller's organisation's cases (led or shared
 * with it), figures and case references only. 400 naming `from` or `to` for a bad window.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('v1/reports/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** Every chart's figures as JSON (see DashboardReport). */
  @Get()
  report(@Query() query: DashboardQuery, @CurrentCaller() caller: Caller) {
    return this.dashboard.build(query, caller);
  }

  /** One chart as CSV (`first-responses`, `open-by-risk`, `updates-overdue`, `contacts`, `satisfaction`, `case-review`, `dissatisfied`). */
  @Get(':chart.csv')
  @ApiProduces('text/csv')
  async csv(@Param('chart') chart: string, @Query() query: DashboardQuery, @CurrentCaller() caller: Caller, @Res({ passthrough: true }) res: Response) {
    const known = dashboardChart(chart);
    const report = await this.dashboard.build(query, caller);
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csvFileName(known, query)}"`);
    return chartCsv(report, known);
  }
}
