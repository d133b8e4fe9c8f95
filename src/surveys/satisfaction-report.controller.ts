import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/access.js';
import { SatisfactionReport, satisfactionCsv } from './satisfaction-report.js';
import { SatisfactionReportQuery } from './survey.dto.js';

/** Victim satisfaction across the partnership: figures only, never a case or a victim. */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('v1/reports')
export class SatisfactionReportController {
  constructor(private readonly report: SatisfactionReport) {}

  /** JSON by default; `Accept: text/csv` gives one row per group with a header row. */
  @Get('satisfaction')
  @ApiProduces('application/json', 'text/csv')
  async satisfaction(@Query() query: SatisfactionReportQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    const report = await this.report.build(query);
    if (!/\btext\/csv\b/i.test(accept ?? '')) return report;
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="satisfaction-${query.from}-to-${query.to}.csv"`);
    return satisfactionCsv(report);
  }
}
