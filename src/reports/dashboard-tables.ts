import { DateTime } from 'luxon';
import { LONDON } from '../calendar/working-days.js';
import { toCsv } from '../http/csv.js';
import type { DashboardChart } from './dashboard.dto.js';
import type { DashboardReport } from './dashboard.service.js';

type Cell = string | number | null;

/** One chart as a table: CSV column names, headings for people, and rows (the same figures in both). */
export interface ChartTable {
  chart: DashboardChart;
  title: string;
  /** A sentence saying what is counted, shown under the heading. */
  about: string;
  columns: { key: string; label: string; numeric: boolean }[];
  rows: Cell[][];
  /** For the chart drawn over the table: which columns are the series, and how the bars stack. */
  draw: { labelColumns: number[]; seriesColumns: number[]; stacked: boolean } | null;
}

const col = (key: string, label: string, numeric = true) => ({ key, label, numeric });
/** The promise in words, as the table and the CSV show it. */
export const promiseText = (promise: 'high' | 'other') => (promise === 'high' ? 'High risk: 1 working day' : 'Others: 5 working days');
const RISK = (level: string) => level.charAt(0).toUpperCase() + level.slice(1);
const SATISFACTION_COLUMNS = [
  col('sent', 'Surveys sent'), col('answered', 'Answered'), col('response_rate_percent', 'Response rate %'),
  col('mean_overall', 'Mean score (1 to 5)'), col('satisfied_percent', 'Satisfied %'), col('dissatisfied_percent', 'Dissatisfied %'),
];

/** Every chart of the report as a table, in the order the dashboard shows them. */
export function chartTables(report: DashboardReport): ChartTable[] {
  const s = report.satisfaction;
  const figures = (f: (typeof s)['total']): Cell[] => [f.sent, f.answered, f.responseRatePercent, f.meanOverall, f.satisfiedPercent, f.dissatisfiedPercent];
  return [
    {
      chart: 'first-responses',
      title: 'First responses in time',
      about: 'Cases reported in the window, by ISO week of the report and lead organisation, against the promise: 1 working day for high-risk cases, 5 for others.',
      columns: [col('iso_week', 'Week', false), col('week_start', 'Week starting', false), col('organisation', 'Lead organisation', false),
        col('promise', 'Promise', false), col('in_time', 'In time'), col('late', 'Late'),
        col('open_past_deadline', 'Still open past deadline'), col('open_within_deadline', 'Not yet due')],
      rows: report.firstResponses.map((r) => [r.isoWeek, r.weekStart, r.organisation, promiseText(r.promise), r.inTime, r.late, r.openPastDeadline, r.openWithinDeadline]),
      draw: { labelColumns: [0, 2, 3], seriesColumns: [4, 5, 6], stacked: true },
    },
    {
      chart: 'open-by-risk',
      title: 'Cases open by risk level',
      about: 'Open cases now, by risk level.',
      columns: [col('risk_level', 'Risk level', false), col('open_cases', 'Open cases')],
      rows: report.openByRisk.map((r) => [RISK(r.riskLevel), r.cases]),
      draw: { labelColumns: [0], seriesColumns: [1], stacked: false },
    },
    {
      chart: 'updates-overdue',
      title: 'Updates overdue',
      about: 'Open cases now whose agreed update is late: a holding update went out, or the update still waits for the officer past its due time.',
      columns: [col('risk_level', 'Risk level', false), col('cases_with_update_overdue', 'Cases with an update overdue')],
      rows: report.updatesOverdue.map((r) => [RISK(r.riskLevel), r.cases]),
      draw: { labelColumns: [0], seriesColumns: [1], stacked: false },
    },
    {
      chart: 'contacts',
      title: 'Contacts by channel and outcome',
      about: 'Contacts due in the window, by channel: delivered, sent (no delivery report yet), failed, failed over to another agreed channel, and in progress.',
      columns: [col('channel', 'Channel', false), col('delivered', 'Delivered'), col('sent', 'Sent'), col('failed', 'Failed'),
        col('failed_over', 'Failed over'), col('in_progress', 'In progress')],
      rows: report.contacts.map((r) => [r.channel.replace(/_/g, ' '), r.delivered, r.sent, r.failed, r.failedOver, r.inProgress]),
      draw: { labelColumns: [0], seriesColumns: [1, 2, 3, 4, 5], stacked: true },
    },
    {
      chart: 'satisfaction',
      title: 'Victim satisfaction',
      about: 'Surveys sent in the window, by the organisation that led the case and by risk level. Satisfied: 4 or 5 out of 5; dissatisfied: 1 or 2.',
      columns: [col('group', 'Group', false), col('name', 'Organisation or risk level', false), ...SATISFACTION_COLUMNS],
      rows: [
        ...s.byOrganisation.map((r) => ['Organisation', r.organisation, ...figures(r)]),
        ...s.byRiskLevel.map((r) => ['Risk level', RISK(r.riskLevel), ...figures(r)]),
        ['Total', 'All', ...figures(s.total)],
      ],
      draw: { labelColumns: [1], seriesColumns: [4, 6], stacked: false },
    },
    {
      chart: 'case-review',
      title: 'ASB Case Review eligible cases',
      about: 'Open cases now that meet the ASB Case Review threshold (complaints in the review window, fewer when hate-motivated).',
      columns: [col('measure', 'Measure', false), col('cases', 'Cases')],
      rows: [['Open cases eligible for a Case Review', report.caseReview.eligibleOpenCases]],
      draw: null, // one figure: the table says it all
    },
    {
      chart: 'dissatisfied',
      title: 'Dissatisfied victims',
      about: `Surveys sent in the window answered 1 or 2 out of 5: ${report.dissatisfied.count}. Case references only.`,
      columns: [col('case_reference', 'Case reference', false), col('survey', 'Survey', false), col('answered_on', 'Answered on', false), col('overall', 'Overall score')],
      rows: report.dissatisfied.cases.map((r) => [r.reference, r.survey.replace(/_/g, ' '), DateTime.fromISO(r.answeredAt).setZone(LONDON).toISODate(), r.overall]),
      draw: null, // a list of cases, not a series
    },
  ];
}

/** One chart's CSV (csv-stringify through toCsv): a header row of snake_case names, then the table's rows. */
export function chartCsv(report: DashboardReport, chart: DashboardChart): string {
  const table = chartTables(report).find((t) => t.chart === chart)!;
  return toCsv(table.columns.map((c) => c.key), table.rows);
}
