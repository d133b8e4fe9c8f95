import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Caller } from '../auth/access.js';
import { LONDON } from '../calendar/working-days.js';
import { isEligibleForCaseReview, type QualifyingComplaint } from '../cases/case-review-eligibility.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import { Settings } from '../settings/settings.js';
import { satisfactionFigures } from '../surveys/satisfaction-report.js';
import { type DashboardQuery, MAX_RANGE_DAYS } from './dashboard.dto.js';
import {
  type ComplaintRow, type ContactOutcomeRow, type DashboardScope, DashboardRepository, type DissatisfiedRow, type FirstResponseRow,
  type RiskCountRow, type SatisfactionRow,
} from './dashboard.repository.js';

export const RISK_LEVELS = ['high', 'medium', 'standard'] as const;

/** Working days promised for the first response: 1 for high risk, 5 for the others. */
export const PROMISE_WORKING_DAYS = { high: 1, other: 5 } as const;

/**
 * The supervisors' team dashboard: seven charts' figures for the caller's organisation (cases it
 * leads and cases shared with it). Reports and contacts are counted in the window; open cases,
 * overdue updates and Case Review eligibility as they are now (the service clock, so the training
 * clock applies). No victim's details: the only identifiers are case references.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /** The caller's organisation and the window as London instants; 400 as windowBounds. */
  scope(query: DashboardQuery, caller: Caller): DashboardScope {
    const { start, end } = windowBounds(query);
    const now = this.clock.now();
    return {
      organisationId: caller.organisationId,
      start,
      end,
      now,
      caseReviewSince: DateTime.fromJSDate(now).minus({ months: this.settings.caseReview.windowMonths }).toJSDate(),
      caseReviewComplaints: this.settings.caseReview.complaints,
    };
  }

  /** The default window: the last 12 weeks up to today (London, by the service clock). */
  defaultWindow(): DashboardQuery {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: LONDON }).startOf('day');
    return { from: today.minus({ weeks: 12 }).plus({ days: 1 }).toISODate()!, to: today.toISODate()! };
  }

  /** Every chart's figures. Throws InputError (400) for a bad window. */
  async build(query: DashboardQuery, caller: Caller) {
    const scope = this.scope(query, caller);
    const q = this.repository.statements(scope);
    const [firstResponses, openByRisk, updatesOverdue, contacts, satisfaction, complaints, dissatisfied] = await Promise.all([
      this.repository.run<FirstResponseRow>(q.firstResponses),
      this.repository.run<RiskCountRow>(q.openByRisk),
      this.repository.run<RiskCountRow>(q.updatesOverdue),
      this.repository.run<ContactOutcomeRow>(q.contacts),
      this.repository.run<SatisfactionRow>(q.satisfaction),
      this.repository.run<ComplaintRow>(q.caseReview),
      this.repository.run<DissatisfiedRow>(q.dissatisfied),
    ]);
    return {
      from: query.from,
      to: query.to,
      organisationId: caller.organisationId,
      generatedAt: scope.now.toISOString(),
      firstResponses: firstResponses.map((r) => ({
        isoWeek: r.iso_week, weekStart: r.week_start, organisationId: r.organisation_id, organisation: r.organisation,
        promise: r.promise, promiseWorkingDays: PROMISE_WORKING_DAYS[r.promise],
        inTime: r.in_time, late: r.late, openPastDeadline: r.open_past_deadline, openWithinDeadline: r.open_within_deadline,
      })),
      openByRisk: byRisk(openByRisk),
      updatesOverdue: byRisk(updatesOverdue),
      contacts: contacts.map((r) => ({ channel: r.channel, delivered: r.delivered, sent: r.sent, failed: r.failed, failedOver: r.failed_over, inProgress: r.in_progress })),
      satisfaction: satisfactionOf(satisfaction),
      caseReview: { eligibleOpenCases: this.eligibleCases(complaints) },
      dissatisfied: {
        count: dissatisfied.length,
        cases: dissatisfied.map((r) => ({ reference: r.reference, survey: r.kind, answeredAt: r.answered_at.toISOString(), overall: r.overall })),
      },
    };
  }

  /** The case-review slice's own rule (isEligibleForCaseReview) over each open case's qualifying complaints. */
  private eligibleCases(rows: ComplaintRow[]): number {
    const byCase = new Map<string, QualifyingComplaint[]>();
    for (const r of rows) {
      const list = byCase.get(r.for_case) ?? [];
      list.push({ incidentId: r.incident_id, caseId: r.case_id, caseReference: r.reference, reportedAt: r.reported_at, hateMotivated: r.hate_motivated });
      byCase.set(r.for_case, list);
    }
    let eligible = 0;
    for (const complaints of byCase.values()) if (isEligibleForCaseReview(complaints, this.settings.caseReview)) eligible += 1;
    return eligible;
  }
}

/**
 * The window [start, end) as instants, from the first London day to the end of the last. Throws
 * InputError (400) naming `to` when it ends before `from` or spans more than 2 years.
 */
export function windowBounds(query: DashboardQuery): { start: Date; end: Date } {
  const start = DateTime.fromISO(query.from, { zone: LONDON }).startOf('day');
  const last = DateTime.fromISO(query.to, { zone: LONDON }).startOf('day');
  if (!start.isValid) throw InputError.of('from', 'isISO8601', 'from must be a real date');
  if (!last.isValid) throw InputError.of('to', 'isISO8601', 'to must be a real date');
  if (last < start) throw InputError.of('to', 'notBeforeFrom', 'to must be the same day as from or later');
  if (last.diff(start, 'days').days + 1 > MAX_RANGE_DAYS) throw InputError.of('to', 'maxRange', 'to must be at most 2 years after from');
  return { start: start.toJSDate(), end: last.plus({ days: 1 }).toJSDate() };
}

export type DashboardReport = Awaited<ReturnType<DashboardService['build']>>;

/** One row per risk level, high first, zeros included. */
function byRisk(rows: RiskCountRow[]) {
  return RISK_LEVELS.map((riskLevel) => ({ riskLevel, cases: rows.find((r) => r.risk_level === riskLevel)?.cases ?? 0 }));
}

const RISK_ORDER: readonly string[] = RISK_LEVELS;

function satisfactionOf(rows: SatisfactionRow[]) {
  const total = rows.find((r) => !r.by_organisation && !r.by_risk) ?? null;
  return {
    total: satisfactionFigures(total),
    byOrganisation: rows.filter((r) => r.by_organisation).map((r) => ({ organisationId: r.organisation_id!, organisation: r.organisation_name!, ...satisfactionFigures(r) })),
    byRiskLevel: rows
      .filter((r) => r.by_risk)
      .sort((a, b) => RISK_ORDER.indexOf(a.risk_level!) - RISK_ORDER.indexOf(b.risk_level!))
      .map((r) => ({ riskLevel: r.risk_level!, ...satisfactionFigures(r) })),
  };
}
