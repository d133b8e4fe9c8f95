import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Who is asking and for which window: the organisation, [start, end) instants, and "now". */
export interface DashboardScope {
  organisationId: string;
  start: Date;
  end: Date;
  now: Date;
  /** Complaints after this instant count towards an ASB Case Review (now minus the window). */
  caseReviewSince: Date;
  /** The Case Review threshold without a hate-motivated complaint (Settings.caseReview.complaints). */
  caseReviewComplaints: number;
}

/** One named SQL statement of the dashboard, so the benchmark can EXPLAIN ANALYZE exactly what runs. */
export interface DashboardQuerySql {
  name: string;
  sql: string;
  params: unknown[];
}

/**
 * The cases a supervisor's organisation may see: those it leads and those shared with it (the
 * same rule as CasesRepository.visible). $1 is the organisation. Each query starts with it.
 */
const SCOPED = `scoped AS (
    SELECT c.id, c.reference, c.victim_id, c.lead_organisation_id, c.status, c.risk_level, c.reported_at,
           c.response_due_at, c.responded_at, c.update_overdue_since
      FROM cases c WHERE c.lead_organisation_id = $1
    UNION ALL
    SELECT c.id, c.reference, c.victim_id, c.lead_organisation_id, c.status, c.risk_level, c.reported_at,
           c.response_due_at, c.responded_at, c.update_overdue_since
      FROM case_shares s JOIN cases c ON c.id = s.case_id WHERE s.organisation_id = $1 AND c.lead_organisation_id <> $1)`;

export interface FirstResponseRow { week_start: string; iso_week: string; organisation_id: string; organisation: string; promise: 'high' | 'other'; in_time: number; late: number; open_past_deadline: number; open_within_deadline: number }
export interface RiskCountRow { risk_level: string; cases: number }
export interface ContactOutcomeRow { channel: string; delivered: number; sent: number; failed: number; failed_over: number; in_progress: number }
export interface SatisfactionRow { by_organisation: boolean; by_risk: boolean; organisation_id: string | null; organisation_name: string | null; risk_level: string | null; sent: string; answered: string; mean_overall: string | null; mean_kept_informed: string | null; satisfied: string; dissatisfied: string }
export interface ComplaintRow { for_case: string; incident_id: string; case_id: string; reference: string; reported_at: Date; hate_motivated: boolean }
export interface DissatisfiedRow { reference: string; kind: string; answered_at: Date; overall: number }

/** The only place the dashboard's SQL lives. Every statement is scoped by SCOPED; none reads a victim's details. */
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every statement the dashboard runs, in order, with its parameters. */
  statements(scope: DashboardScope): Record<'firstResponses' | 'openByRisk' | 'updatesOverdue' | 'contacts' | 'satisfaction' | 'caseReview' | 'dissatisfied', DashboardQuerySql> {
    const org = scope.organisationId;
    return {
      // Cases reported in the window, by ISO week of the report (London) and lead organisation,
      // against the promise (1 working day for high risk, 5 for others) kept in response_due_at.
      firstResponses: {
        name: 'first responses in time',
        sql: `WITH ${SCOPED},
          counted AS (
            SELECT date_trunc('week', c.reported_at AT TIME ZONE 'Europe/London') AS week, c.lead_organisation_id,
                   CASE WHEN c.risk_level = 'high' THEN 'high' ELSE 'other' END AS promise,
                   count(*) FILTER (WHERE c.responded_at <= c.response_due_at)::int AS in_time,
                   count(*) FILTER (WHERE c.responded_at > c.response_due_at)::int AS late,
                   count(*) FILTER (WHERE c.responded_at IS NULL AND c.response_due_at < $4)::int AS open_past_deadline,
                   count(*) FILTER (WHERE c.responded_at IS NULL AND c.response_due_at >= $4)::int AS open_within_deadline
              FROM scoped c WHERE c.reported_at >= $2 AND c.reported_at < $3
             GROUP BY 1, 2, 3)
          SELECT to_char(w.week, 'YYYY-MM-DD') AS week_start, to_char(w.week, 'IYYY-"W"IW') AS iso_week,
                 w.lead_organisation_id AS organisation_id, o.name AS organisation, w.promise,
                 w.in_time, w.late, w.open_past_deadline, w.open_within_deadline
            FROM counted w JOIN organisations o ON o.id = w.lead_organisation_id
           ORDER BY w.week, o.name, w.promise`,
        params: [org, scope.start, scope.end, scope.now],
      },
      openByRisk: {
        name: 'cases open by risk level',
        sql: `WITH ${SCOPED} SELECT risk_level, count(*)::int AS cases FROM scoped WHERE status = 'open' GROUP BY risk_level`,
        params: [org],
      },
      // Open cases whose agreed update is late: a holding update went out (update_overdue_since),
      // or the update is still waiting for the officer's words past its due time.
      updatesOverdue: {
        name: 'updates overdue',
        sql: `WITH ${SCOPED}
          SELECT c.risk_level, count(*)::int AS cases FROM scoped c
           WHERE c.status = 'open' AND (c.update_overdue_since IS NOT NULL OR EXISTS (
                 SELECT 1 FROM contacts k WHERE k.case_id = c.id AND k.due_at < $2 AND k.purpose = 'update' AND k.status = 'scheduled'))
           GROUP BY c.risk_level`,
        params: [org, scope.now],
      },
      // Contacts due in the window, by channel and what happened (GOV.UK Notify's words):
      // failed_over = failed and replaced by a contact on another agreed channel.
      contacts: {
        name: 'contacts by channel and outcome',
        sql: `WITH ${SCOPED}
          SELECT k.channel,
                 count(*) FILTER (WHERE k.status = 'delivered')::int AS delivered,
                 count(*) FILTER (WHERE k.status = 'sent')::int AS sent,
                 count(*) FILTER (WHERE k.status = 'failed' AND r.id IS NULL)::int AS failed,
                 count(*) FILTER (WHERE k.status = 'failed' AND r.id IS NOT NULL)::int AS failed_over,
                 count(*) FILTER (WHERE k.status IN ('queued', 'sending', 'awaiting_print', 'awaiting_officer'))::int AS in_progress
            FROM scoped c JOIN contacts k ON k.case_id = c.id
            LEFT JOIN (SELECT DISTINCT f.replaces_contact_id AS id FROM contacts f WHERE f.replaces_contact_id IS NOT NULL) r ON r.id = k.id
           WHERE k.due_at >= $2 AND k.due_at < $3 AND k.status NOT IN ('scheduled', 'cancelled')
           GROUP BY k.channel ORDER BY k.channel`,
        params: [org, scope.start, scope.end],
      },
      // The satisfaction report's definitions (surveys sent in the window; satisfied: overall >= 4,
      // dissatisfied: <= 2), over the surveys of the cases in scope.
      satisfaction: {
        name: 'satisfaction',
        sql: `WITH ${SCOPED}
          SELECT GROUPING(s.organisation_id, o.name) = 0 AS by_organisation, GROUPING(s.risk_level) = 0 AS by_risk,
                 s.organisation_id, o.name AS organisation_name, s.risk_level,
                 count(*) AS sent, count(s.answered_at) AS answered,
                 avg(s.overall) AS mean_overall, avg(s.kept_informed) AS mean_kept_informed,
                 count(*) FILTER (WHERE s.overall >= 4) AS satisfied, count(*) FILTER (WHERE s.overall <= 2) AS dissatisfied
            FROM scoped c JOIN surveys s ON s.case_id = c.id JOIN organisations o ON o.id = s.organisation_id
           WHERE s.sent_at >= $2 AND s.sent_at < $3
           GROUP BY GROUPING SETS ((s.organisation_id, o.name), (s.risk_level), ())
           ORDER BY o.name, s.risk_level`,
        params: [org, scope.start, scope.end],
      },
      // CasesRepository.qualifyingComplaints for every open case in scope at once: the case's own
      // reports and same-area reports by the same person (keyed hashes) since the window began.
      caseReview: {
        name: 'Case Review complaints',
        sql: `WITH ${SCOPED},
            open_cases AS MATERIALIZED (
              SELECT c.id, c.victim_id, v.phone_hash, v.email_hash, v.name_postcode_hash FROM scoped c JOIN victims v ON v.id = c.victim_id WHERE c.status = 'open'),
            own AS (SELECT i.case_id AS for_case, i.id FROM open_cases oc JOIN incidents i ON i.case_id = oc.id WHERE i.reported_at > $2),
            -- Other victim records sharing a keyed hash with the case's victim (a victim record belongs to
            -- one case, so the victim's own reports are all in own); a pair matching on two hashes only
            -- doubles a row, which the UNION in qualifying removes.
            same_person AS (
              SELECT oc.id AS for_case, v.id AS victim_id FROM open_cases oc JOIN victims v ON v.phone_hash = oc.phone_hash AND v.id <> oc.victim_id
              UNION ALL SELECT oc.id, v.id FROM open_cases oc JOIN victims v ON v.email_hash = oc.email_hash AND v.id <> oc.victim_id
              UNION ALL SELECT oc.id, v.id FROM open_cases oc JOIN victims v ON v.name_postcode_hash = oc.name_postcode_hash AND v.id <> oc.victim_id),
            matched AS (
              SELECT p.for_case, i.id FROM same_person p JOIN incidents i ON i.victim_id = p.victim_id AND i.reported_at > $2
               WHERE i.case_id <> p.for_case
                 AND i.postcode_district IN (SELECT a.postcode_district FROM incidents a WHERE a.case_id = p.for_case)),
            qualifying AS MATERIALIZED (
              SELECT q.for_case, i.id AS incident_id, i.case_id, i.reported_at, i.hate_motivated
                FROM (SELECT for_case, id FROM own UNION SELECT for_case, id FROM matched) q JOIN incidents i ON i.id = q.id),
            -- Only cases that could meet the rule (enough complaints, or a hate-motivated one) come back;
            -- the rule itself is the case-review slice's, applied by the service.
            candidates AS (SELECT for_case FROM qualifying GROUP BY for_case HAVING count(*) >= $3 OR bool_or(hate_motivated))
          SELECT q.for_case, q.incident_id, q.case_id, c.reference, q.reported_at, q.hate_motivated
            FROM qualifying q JOIN candidates USING (for_case) JOIN cases c ON c.id = q.case_id`,
        params: [org, scope.caseReviewSince, scope.caseReviewComplaints],
      },
      dissatisfied: {
        name: 'dissatisfied victims',
        sql: `WITH ${SCOPED}
          SELECT c.reference, s.kind, s.answered_at, s.overall FROM scoped c JOIN surveys s ON s.case_id = c.id
           WHERE s.sent_at >= $2 AND s.sent_at < $3 AND s.overall <= 2
           ORDER BY s.answered_at, c.reference`,
        params: [org, scope.start, scope.end],
      },
    };
  }

  /** Runs one statement and gives its rows. */
  run<T>(statement: DashboardQuerySql): Promise<T[]> {
    return this.db.query(statement.sql, statement.params);
  }
}
