import { BadRequestException, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { LONDON } from '../calendar/working-days.js';
import { toCsv } from '../http/csv.js';
import { InputError } from '../http/input-error.js';
import type { SatisfactionReportQuery } from './survey.dto.js';
import { type SatisfactionRow, SurveysRepository } from './surveys.repository.js';

export interface SatisfactionFigures {
  sent: number;
  answered: number;
  responseRatePercent: number | null;
  meanOverall: number | null;
  meanKeptInformed: number | null;
  satisfiedPercent: number | null;
  dissatisfiedPercent: number | null;
}


const RISK_ORDER = ['standard', 'medium', 'high'];
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const percent = (part: number, whole: number) => (whole === 0 ? null : round((100 * part) / whole, 1));

/**
 * Surveys sent in a window, by lead organisation and by risk level at the time, with totals.
 * Reads only the surveys table (organisation and risk level were kept at send time), so
 * anonymised cases still count and no victim is ever joined in.
 */
@Injectable()
export class SatisfactionReport {
  constructor(private readonly repository: SurveysRepository) {}

  async build(query: SatisfactionReportQuery) {
    if (query.to < query.from) throw InputError.of('to', 'notBeforeFrom', 'to must be the same day as from or later');
    const start = DateTime.fromISO(query.from, { zone: LONDON }).startOf('day');
    const end = DateTime.fromISO(query.to, { zone: LONDON }).plus({ days: 1 }).startOf('day');
    if (!start.isValid || !end.isValid) throw new BadRequestException('from and to must be dates');
    if (query.organisation) {
      if (!(await this.repository.organisationExists(query.organisation))) throw InputError.of('organisation', 'exists', 'organisation must be the id of an organisation of the partnership');
    }
    const rows = await this.repository.satisfaction(start.toJSDate(), end.toJSDate(), query.organisation ?? null);
    const total = rows.find((r) => !r.by_organisation && !r.by_risk);
    return {
      from: query.from,
      to: query.to,
      organisationId: query.organisation ?? null,
      total: total ? figures(total) : figures(null),
      byOrganisation: rows.filter((r) => r.by_organisation).map((r) => ({ organisationId: r.organisation_id!, organisation: r.organisation_name!, ...figures(r) })),
      byRiskLevel: rows
        .filter((r) => r.by_risk)
        .sort((a, b) => RISK_ORDER.indexOf(a.risk_level!) - RISK_ORDER.indexOf(b.risk_level!))
        .map((r) => ({ riskLevel: r.risk_level!, ...figures(r) })),
    };
  }
}

function figures(row: SatisfactionRow | null): SatisfactionFigures {
  const sent = Number(row?.sent ?? 0);
  const answered = Number(row?.answered ?? 0);
  const mean = (value: string | null | undefined) => (value === null || value === undefined ? null : round(Number(value), 2));
  return {
    sent,
    answered,
    responseRatePercent: percent(answered, sent),
    meanOverall: mean(row?.mean_overall),
    meanKeptInformed: mean(row?.mean_kept_informed),
    satisfiedPercent: percent(Number(row?.satisfied ?? 0), answered),
    dissatisfiedPercent: percent(Number(row?.dissatisfied ?? 0), answered),
  };
}

export type SatisfactionReportBody = Awaited<ReturnType<SatisfactionReport['build']>>;

const CSV_COLUMNS = ['group', 'organisation_id', 'organisation', 'risk_level', 'sent', 'answered', 'response_rate_percent',
  'mean_overall', 'mean_kept_informed', 'satisfied_percent', 'dissatisfied_percent'];

/** One row per group, then the total (toCsv: csv-stringify); no cell ever starts a spreadsheet formula. */
export function satisfactionCsv(report: SatisfactionReportBody): string {
  const line = (group: string, organisationId: string | null, organisation: string | null, risk: string | null, f: SatisfactionFigures) =>
    [group, organisationId, organisation, risk, f.sent, f.answered, f.responseRatePercent, f.meanOverall, f.meanKeptInformed, f.satisfiedPercent, f.dissatisfiedPercent];
  return toCsv(CSV_COLUMNS, [
    ...report.byOrganisation.map((r) => line('organisation', r.organisationId, r.organisation, null, r)),
    ...report.byRiskLevel.map((r) => line('risk_level', null, null, r.riskLevel, r)),
    line('total', null, null, null, report.total),
  ]);
}
export { figures as satisfactionFigures };
