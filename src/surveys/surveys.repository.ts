import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Survey, type SurveyKind } from './survey.entity.js';

/** What sending a survey needs of its case: the lead organisation (and its phone), the risk level and status. */
export interface SurveyCase {
  lead_organisation_id: string;
  risk_level: string;
  status: string;
  lead_phone: string | null;
}

/** A new survey: its hashed secrets, and the organisation and risk level kept at send time. */
export interface NewSurvey {
  caseId: string;
  kind: SurveyKind;
  tokenHash: Buffer;
  shortCodeHash: Buffer;
  organisationId: string;
  riskLevel: string;
  sentAt: Date;
  expiresAt: Date;
}

/** One group of the satisfaction report (counts and means as Postgres returns them: bigint and numeric as text). */
export interface SatisfactionRow {
  by_organisation: boolean;
  by_risk: boolean;
  organisation_id: string | null;
  organisation_name: string | null;
  risk_level: string | null;
  sent: string;
  answered: string;
  mean_overall: string | null;
  mean_kept_informed: string | null;
  satisfied: string;
  dissatisfied: string;
}

/** The surveys slice's queries: sending surveys, the cases they follow up, and the satisfaction report. */
@Injectable()
export class SurveysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The survey whose `column` (the link's token hash or the letter's short-code hash) is `hash`,
   * or null. With `lock`, its row is locked FOR UPDATE until `db`'s transaction ends.
   */
  findBySecretHash(column: 'token_hash' | 'short_code_hash', hash: Buffer, db: EntityManager = this.db.manager, lock = false): Promise<Survey | null> {
    const q = db.createQueryBuilder(Survey, 's').where(`s.${column} = :hash`, { hash });
    if (lock) q.setLock('pessimistic_write');
    return q.getOne();
  }

  /**
   * Stores the answer on the survey if it is still unanswered (one UPDATE … WHERE answered_at IS
   * NULL, so of two racing answers one wins); true if it was stored, false if already answered.
   */
  async recordAnswer(
    surveyId: string,
    answer: Pick<Survey, 'answeredAt' | 'answeredVia' | 'answeredBy' | 'overall' | 'keptInformed' | 'commentEnc'>,
    db: EntityManager,
  ): Promise<boolean> {
    const result = await db
      .createQueryBuilder()
      .update(Survey)
      .set(answer)
      .where('id = :id AND answered_at IS NULL', { id: surveyId })
      .execute();
    return Boolean(result.affected);
  }

  /**
   * The case's surveys (only `surveyId` when given), latest sent first, each row locked FOR UPDATE
   * until `db`'s transaction ends.
   */
  lockForCase(caseId: string, surveyId: string | undefined, db: EntityManager): Promise<Survey[]> {
    const q = db.createQueryBuilder(Survey, 's').setLock('pessimistic_write').where('s.case_id = :caseId', { caseId });
    if (surveyId) q.andWhere('s.id = :id', { id: surveyId });
    return q.orderBy('s.sent_at', 'DESC').getMany();
  }

  /**
   * The survey a text from the phone with hash `fromHash` answers: unanswered and unexpired at
   * `now`, sent by SMS (not discreet) and sent or delivered, on the victim's latest reported
   * case (not anonymised) with one, latest sent first; null when none. Locks the survey's row
   * (not the case's, victim's or contact's) FOR UPDATE until `db`'s transaction ends.
   */
  lockPendingBySms(fromHash: string, now: Date, db: EntityManager): Promise<Survey | null> {
    return db
      .createQueryBuilder(Survey, 's')
      .innerJoin('cases', 'c', 'c.id = s.case_id')
      .innerJoin('victims', 'v', 'v.id = c.victim_id')
      .innerJoin('contacts', 'k', 'k.id = s.contact_id')
      .where('v.phone_hash = :fromHash', { fromHash })
      .andWhere('s.answered_at IS NULL AND s.expires_at > :now', { now })
      .andWhere(`k.channel = 'sms' AND NOT k.discreet AND k.status IN ('sent', 'delivered')`)
      .andWhere('c.anonymised_at IS NULL')
      .orderBy('c.reported_at', 'DESC')
      .addOrderBy('s.sent_at', 'DESC')
      .limit(1)
      .setLock('pessimistic_write', undefined, ['s'])
      .getOne();
  }

  /** The case's lead organisation and its phone, risk level and status; undefined if there is no such case. */
  async surveyCase(caseId: string, db: EntityManager = this.db.manager): Promise<SurveyCase | undefined> {
    const [c] = await db.query(
      `SELECT c.lead_organisation_id, c.risk_level, c.status, o.phone AS lead_phone
         FROM cases c JOIN organisations o ON o.id = c.lead_organisation_id WHERE c.id = $1`,
      [caseId],
    );
    return c;
  }

  /** Adds the survey; its id, or undefined when the case already has a survey of this kind. */
  async insert(s: NewSurvey, db: EntityManager): Promise<string | undefined> {
    const [created] = await db.query(
      `INSERT INTO surveys (case_id, kind, token_hash, short_code_hash, organisation_id, risk_level, sent_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (case_id, kind) DO NOTHING RETURNING id`,
      [s.caseId, s.kind, s.tokenHash, s.shortCodeHash, s.organisationId, s.riskLevel, s.sentAt, s.expiresAt],
    );
    return created?.id;
  }

  /** Within the caller's transaction: up to `limit` open cases reported by `reportedBy` with no mid-case survey yet, oldest first, locked (skipping those locked elsewhere). */
  lockDueForMidCaseSurvey(reportedBy: Date, limit: number, db: EntityManager): Promise<{ id: string }[]> {
    return db.query(
      `SELECT id FROM cases WHERE status = 'open' AND mid_case_survey_at IS NULL AND anonymised_at IS NULL AND reported_at <= $1
        ORDER BY reported_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [reportedBy, limit],
    );
  }

  /** The channel of each of these contacts. */
  contactChannels(contactIds: string[], db: EntityManager = this.db.manager): Promise<{ id: string; channel: string }[]> {
    return db.query('SELECT id, channel FROM contacts WHERE id = ANY($1::uuid[])', [contactIds]);
  }

  /** The case's reference and SPOC, and the first active supervisor of its lead organisation (null when none). */
  async caseForFollowUp(caseId: string, db: EntityManager = this.db.manager): Promise<{ reference: string; spoc_officer_id: string | null; supervisor_id: string | null }> {
    const [c] = await db.query(
      `SELECT c.reference, c.spoc_officer_id,
              (SELECT o.id FROM officers o WHERE o.organisation_id = c.lead_organisation_id AND o.role = 'supervisor' AND o.active
                ORDER BY o.created_at LIMIT 1) AS supervisor_id
         FROM cases c WHERE c.id = $1`,
      [caseId],
    );
    return c;
  }

  /** The organisation's name (the organisation must exist). */
  async organisationName(organisationId: string, db: EntityManager = this.db.manager): Promise<string> {
    const [organisation] = await db.query('SELECT name FROM organisations WHERE id = $1', [organisationId]);
    return organisation.name;
  }

  /** Whether there is an organisation with this id. */
  async organisationExists(organisationId: string, db: EntityManager = this.db.manager): Promise<boolean> {
    const [known] = await db.query('SELECT 1 FROM organisations WHERE id = $1', [organisationId]);
    return Boolean(known);
  }

  /** Surveys sent from `from` up to (not including) `to`, of one organisation or all (null): grouped by organisation, by risk level, and in total. */
  satisfaction(from: Date, to: Date, organisationId: string | null, db: EntityManager = this.db.manager): Promise<SatisfactionRow[]> {
    return db.query(
      `SELECT GROUPING(s.organisation_id, o.name) = 0 AS by_organisation, GROUPING(s.risk_level) = 0 AS by_risk,
              s.organisation_id, o.name AS organisation_name, s.risk_level,
              count(*) AS sent, count(s.answered_at) AS answered,
              avg(s.overall) AS mean_overall, avg(s.kept_informed) AS mean_kept_informed,
              count(*) FILTER (WHERE s.overall >= 4) AS satisfied, count(*) FILTER (WHERE s.overall <= 2) AS dissatisfied
         FROM surveys s JOIN organisations o ON o.id = s.organisation_id
        WHERE s.sent_at >= $1 AND s.sent_at < $2 AND ($3::uuid IS NULL OR s.organisation_id = $3)
        GROUP BY GROUPING SETS ((s.organisation_id, o.name), (s.risk_level), ())
        ORDER BY o.name, s.risk_level`,
      [from, to, organisationId],
    );
  }
}
