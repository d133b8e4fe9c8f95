import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { InputError } from '../http/input-error.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The dashboard's window: London days, both included. At most MAX_RANGE_DAYS long. */
export class DashboardQuery {
  @ApiProperty({ example: '2026-09-07', description: 'First day (London) of the window' })
  @Matches(ISO_DATE, { message: '$property must be a date as YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: '$property must be a real date' })
  from!: string;

  @ApiProperty({ example: '2026-11-30', description: 'Last day (London) of the window, included; the same day as from or later, at most 2 years after it' })
  @Matches(ISO_DATE, { message: '$property must be a date as YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: '$property must be a real date' })
  to!: string;
}

/** The dashboard's charts, each with its own CSV: `GET /v1/reports/dashboard/<chart>.csv`. */
export const DASHBOARD_CHARTS = ['first-responses', 'open-by-risk', 'updates-overdue', 'contacts', 'satisfaction', 'case-review', 'dissatisfied'] as const;
export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];

/** A window longer than this (two years) is refused: 400 on `to`. */
export const MAX_RANGE_DAYS = 731;

/** The chart named in a path, or 400 naming `chart`. */
export function dashboardChart(chart: string): DashboardChart {
  if (!(DASHBOARD_CHARTS as readonly string[]).includes(chart)) {
    throw InputError.of('chart', 'isIn', `chart must be one of: ${DASHBOARD_CHARTS.join(', ')}`);
  }
  return chart as DashboardChart;
}

export const csvFileName = (chart: DashboardChart, query: DashboardQuery) => `dashboard-${chart}-${query.from}-to-${query.to}.csv`;
