import { addCaseEvent } from '../cases/cases.repository.js';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ContactPlanner } from '../contacts/contact-planner.js';
import type { Caller } from '../auth/access.js';
import { formatLondonDate } from '../calendar/working-days.js';
import { caseReviewDetails } from '../case-review/case-review-details.js';
import { CaseProgressRepository } from '../cases/case-progress.repository.js';
import { CasesService } from '../cases/cases.service.js';
import { ClockService } from '../clock/clock.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { AnsweredVia, Survey } from './survey.entity.js';
import { SurveysRepository } from './surveys.repository.js';
import { SurveysService } from './surveys.service.js';

export interface SurveyAnswer {
  overall: number;
  keptInformed?: number | null;
  comment?: string | null;
}

const KIND_WORDS = { mid_case: 'mid-case', closure: 'closure' } as const;

/** A victim's answer to a survey, by link, SMS reply or a reply slip an officer types in. */
@Injectable()
export class SurveyAnswers {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: SurveysRepository,
    private readonly caseRecords: CaseProgressRepository,
    private readonly surveys: SurveysService,
    private readonly cases: CasesService,
    private readonly planner: ContactPlanner,
    private readonly tasks: OfficerTasks,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /**
   * Stores the answer if the survey has not been answered (single use, even when two answers
   * race), notes it in the case history and, for an unhappy victim (1 or 2 overall), plans the
   * ASB Case Review information and asks a supervisor to follow up. Returns false if already answered.
   */
  async record(survey: Survey, answer: SurveyAnswer, via: AnsweredVia, officerId: string | null, db: EntityManager): Promise<boolean> {
    const now = this.clock.now();
    const comment = answer.comment?.trim() || null;
    const stored = await this.repository.recordAnswer(survey.id, {
      answeredAt: now, answeredVia: via, answeredBy: officerId,
      overall: answer.overall, keptInformed: answer.keptInformed ?? null, commentEnc: this.cipher.sealOptional(comment),
    }, db);
    if (!stored) return false;
    const detail = { surveyId: survey.id, kind: survey.kind, overall: answer.overall, keptInformed: answer.keptInformed ?? null, via };
    await addCaseEvent(db, survey.caseId, 'survey_answered', now, officerId, detail);
    if (answer.overall <= 2) await this.followUpDissatisfied(survey, { ...answer, comment }, db);
    return true;
  }

  /** A reply slip or phone answer typed in by an officer: the named survey, or the case's latest unanswered one. */
  async recordForOfficer(caseId: string, input: SurveyAnswer & { surveyId?: string }, caller: Caller) {
    await this.cases.visibleCase(caseId, caller);
    const survey = await this.db.transaction(async (db) => {
      const surveys = await this.repository.lockForCase(caseId, input.surveyId, db);
      if (surveys.length === 0) {
        throw new NotFoundException(input.surveyId ? 'This case has no survey with this surveyId' : 'No survey has been sent for this case');
      }
      // A returned slip may arrive after the link has expired; it is still the victim's answer.
      const pending = surveys.find((s) => !s.answeredAt);
      if (!pending) {
        const last = surveys[0];
        throw new ConflictException(
          input.surveyId
            ? `This survey was already answered on ${formatLondonDate(last.answeredAt!)} (by ${last.answeredVia}); a survey is answered once`
            : 'Every survey sent for this case has already been answered; a survey is answered once',
        );
      }
      await this.record(pending, input, 'officer', caller.officerId, db);
      return db.findOneByOrFail(Survey, { id: pending.id });
    });
    return this.surveys.view(survey);
  }

  /**
   * The survey a text from this number answers: unanswered and unexpired, sent by SMS (not in
   * discreet wording, which does not ask for a number), on the victim's latest case with one,
   * open or closed. Locks the survey's row until `db`'s transaction ends.
   */
  async pendingBySms(fromHash: string, db: EntityManager): Promise<Survey | null> {
    return this.repository.lockPendingBySms(fromHash, this.clock.now(), db);
  }

  private async followUpDissatisfied(survey: Survey, answer: SurveyAnswer, db: EntityManager): Promise<void> {
    const now = this.clock.now();
    const told = await this.planner.planMessage(survey.caseId, 'case_review_information', { caseReview: caseReviewDetails(this.settings) }, db);
    if (told) await this.caseRecords.markCaseReviewNotifiedFirst(survey.caseId, now, db);
    const c = await this.repository.caseForFollowUp(survey.caseId, db);
    const scores = `overall ${answer.overall} out of 5` + (answer.keptInformed ? `, kept informed ${answer.keptInformed} out of 5` : '');
    const said = answer.comment ? ` They wrote: "${answer.comment}"` : '';
    await this.tasks.create({
      caseId: survey.caseId, officerId: c.supervisor_id ?? c.spoc_officer_id, kind: 'dissatisfied_victim', dueAt: now,
      briefing: {
        purpose: 'dissatisfied_victim',
        whatToCover:
          `The victim on case ${c.reference} is not satisfied: ${scores} in the ${KIND_WORDS[survey.kind]} survey.${said} ` +
          `Review the case, contact the victim to understand why, and check they know how to ask for an ASB Case Review (the information has been ${told ? 'sent to them' : 'held back: there is no agreed way to reach them'}).`,
      },
    }, db);
  }
}
