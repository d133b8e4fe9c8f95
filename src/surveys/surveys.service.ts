import { eachInSavepoint } from '../database/each-in-savepoint.js';
import { addCaseEvent } from '../cases/case-records.js';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { formatLondonDate, LONDON } from '../calendar/working-days.js';
import { CasesService } from '../cases/cases.service.js';
import { ClockService } from '../clock/clock.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { Survey, type SurveyKind } from './survey.entity.js';
import { hashSurveyToken, newShortCode, newSurveyToken } from './survey-token.js';

const DAY_MS = 86_400_000;

/** Sends satisfaction surveys: at closure (called by the closing code) and once mid-case, by the clock. */
@Injectable()
export class SurveysService {
  private readonly logger = new Logger(SurveysService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly planner: ContactPlanner,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /**
   * Sends the case's survey of this kind, in the caller's transaction: a new single-use link
   * on the victim's first agreed channel. A case gets one survey of each kind; a second call
   * does nothing.
   */
  async send(caseId: string, kind: SurveyKind, db: EntityManager): Promise<void> {
    const [c] = await db.query(
      `SELECT c.lead_organisation_id, c.risk_level, c.status, o.phone AS lead_phone
         FROM cases c JOIN organisations o ON o.id = c.lead_organisation_id WHERE c.id = $1`,
      [caseId],
    );
    if (!c) throw new NotFoundException('No case with this id');
    const now = this.clock.now();
    const token = newSurveyToken();
    const shortCode = newShortCode();
    // Open until the end of the day the message names, London time.
    const expiresAt = DateTime.fromJSDate(now, { zone: LONDON }).plus({ days: this.settings.surveyExpiryDays }).endOf('day').toJSDate();
    const [created] = await db.query(
      `INSERT INTO surveys (case_id, kind, token_hash, short_code_hash, organisation_id, risk_level, sent_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (case_id, kind) DO NOTHING RETURNING id`,
      [caseId, kind, hashSurveyToken(token), hashSurveyToken(shortCode), c.lead_organisation_id, c.risk_level, now, expiresAt],
    );
    if (!created) return;
    // Letters print the short link (typed by hand); texts and emails carry the long one. The
    // wording follows the case's state (an open case is being dealt with, not dealt with), and
    // answering by phone goes to the feedback line, never to the officer being rated.
    const survey = {
      link: `${this.settings.publicBaseUrl}/p/surveys/${token}`,
      shortLink: `${this.settings.publicBaseUrl}/p/s/${shortCode}`,
      expiresOn: formatLondonDate(expiresAt),
      caseOpen: c.status === 'open',
      feedbackPhone: this.settings.surveyFeedbackPhone ?? c.lead_phone ?? null,
    };
    const contact = await this.planner.planMessage(caseId, 'satisfaction_survey', { survey }, db);
    if (contact) await db.update(Survey, { id: created.id }, { contactId: contact.id });
    await addCaseEvent(db, caseId, 'survey_sent', now, null, { surveyId: created.id, kind, channel: contact?.channel ?? null });
  }

  /**
   * Open cases reported more than `midCaseSurveyDays` ago get their mid-case survey, once.
   * Cases are claimed, so every instance may run this; one case failing does not hold up the rest.
   */
  async sendMidCaseSurveys(limit = 100): Promise<number> {
    const now = this.clock.now();
    const threshold = new Date(now.getTime() - this.settings.midCaseSurveyDays * DAY_MS);
    return this.db.transaction(async (db) => {
      const due: { id: string }[] = await db.query(
        `SELECT id FROM cases WHERE status = 'open' AND mid_case_survey_at IS NULL AND anonymised_at IS NULL AND reported_at <= $1
          ORDER BY reported_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [threshold, limit],
      );
      return eachInSavepoint(db, due, async ({ id }, one) => {
        await this.send(id, 'mid_case', one);
        await one.query('UPDATE cases SET mid_case_survey_at = $2 WHERE id = $1', [id, now]);
      }, async ({ id }, error) => {
        this.logger.error({ err: error, caseId: id }, 'Mid-case survey could not be sent');
        await this.planner.flagContactProblem(id, error, db);
      });
    });
  }

  /** The case's surveys for its officers: scores, how and when answered; never the token. */
  async listForCase(caseId: string, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    const surveys = await this.db.manager.find(Survey, { where: { caseId }, order: { sentAt: 'ASC' } });
    if (surveys.some((s) => s.commentEnc)) {
      await this.audit.record(caller, 'victim_data_read', { caseId, victimId: c.victimId, fields: ['survey.comment'] });
    }
    const channels = await this.contactChannels(surveys);
    return surveys.map((s) => this.view(s, channels.get(s.contactId ?? '') ?? null));
  }

  view(s: Survey, channel: string | null = null) {
    const now = this.clock.now();
    return {
      id: s.id,
      caseId: s.caseId,
      kind: s.kind,
      status: s.answeredAt ? 'answered' : s.expiresAt <= now ? 'expired' : 'pending',
      channel,
      contactId: s.contactId,
      sentAt: s.sentAt,
      expiresAt: s.expiresAt,
      riskLevel: s.riskLevel,
      organisationId: s.organisationId,
      answeredAt: s.answeredAt,
      answeredVia: s.answeredVia,
      answeredBy: s.answeredBy,
      overall: s.overall,
      keptInformed: s.keptInformed,
      comment: this.cipher.openOptional(s.commentEnc),
    };
  }

  private async contactChannels(surveys: Survey[]): Promise<Map<string, string>> {
    const ids = surveys.map((s) => s.contactId).filter((id): id is string => Boolean(id));
    if (ids.length === 0) return new Map();
    const rows: { id: string; channel: string }[] = await this.db.query('SELECT id, channel FROM contacts WHERE id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((r) => [r.id, r.channel]));
  }
}
