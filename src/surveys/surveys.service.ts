import { eachInSavepoint } from '../database/each-in-savepoint.js';
import { addCaseEvent } from '../cases/cases.repository.js';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { formatLondonDate, LONDON } from '../calendar/working-days.js';
import { CaseProgressRepository } from '../cases/case-progress.repository.js';
import { CasesService } from '../cases/cases.service.js';
import { ClockService } from '../clock/clock.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { Survey, type SurveyKind } from './survey.entity.js';
import { hashSurveyToken, newShortCode, newSurveyToken } from './survey-token.js';
import { SurveysRepository } from './surveys.repository.js';

const DAY_MS = 86_400_000;

/** Sends satisfaction surveys: at closure (called by the closing code) and once mid-case, by the clock. */
@Injectable()
export class SurveysService {
  private readonly logger = new Logger(SurveysService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: SurveysRepository,
    private readonly caseRecords: CaseProgressRepository,
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
    const c = await this.repository.surveyCase(caseId, db);
    if (!c) throw new NotFoundException('No case with this id');
    const now = this.clock.now();
    const token = newSurveyToken();
    const shortCode = newShortCode();
    // Open until the end of the day the message names, London time.
    const expiresAt = DateTime.fromJSDate(now, { zone: LONDON }).plus({ days: this.settings.surveyExpiryDays }).endOf('day').toJSDate();
    const createdId = await this.repository.insert({
      caseId, kind, tokenHash: hashSurveyToken(token), shortCodeHash: hashSurveyToken(shortCode), organisationId: c.lead_organisation_id, riskLevel: c.risk_level, sentAt: now, expiresAt,
    }, db);
    if (!createdId) return;
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
    if (contact) await db.update(Survey, { id: createdId }, { contactId: contact.id });
    await addCaseEvent(db, caseId, 'survey_sent', now, null, { surveyId: createdId, kind, channel: contact?.channel ?? null });
  }

  /**
   * Open cases reported more than `midCaseSurveyDays` ago get their mid-case survey, once.
   * Cases are claimed, so every instance may run this; one case failing does not hold up the rest.
   */
  async sendMidCaseSurveys(limit = 100): Promise<number> {
    const now = this.clock.now();
    const threshold = new Date(now.getTime() - this.settings.midCaseSurveyDays * DAY_MS);
    return this.db.transaction(async (db) => {
      const due = await this.repository.lockDueForMidCaseSurvey(threshold, limit, db);
      return eachInSavepoint(db, due, async ({ id }, one) => {
        await this.send(id, 'mid_case', one);
        await this.caseRecords.markMidCaseSurveySent(id, now, one);
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
    const rows = await this.repository.contactChannels(ids);
    return new Map(rows.map((r) => [r.id, r.channel]));
  }
}
