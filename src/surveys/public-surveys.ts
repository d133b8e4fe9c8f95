import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { caseReviewDetails } from '../case-review/case-review-details.js';
import { ClockService } from '../clock/clock.service.js';
import { Settings } from '../settings/settings.js';
import { Survey } from './survey.entity.js';
import { SurveyAnswers } from './survey-answers.js';
import { SurveyFormDto } from './survey.dto.js';
import { hashSurveyToken, isWellFormedShortCode, isWellFormedToken } from './survey-token.js';
import { SurveysRepository } from './surveys.repository.js';

export type SurveyLink =
  | { state: 'unknown' }
  | { state: 'open' | 'answered' | 'expired'; survey: Survey; organisationName: string };

export type FormAnswer = { overall?: unknown; keptInformed?: unknown; comment?: unknown };

export type Submission =
  | SurveyLink
  | { state: 'invalid'; survey: Survey; organisationName: string; errors: Partial<Record<keyof SurveyFormDto, string>>; values: FormAnswer }
  | { state: 'recorded'; organisationName: string; dissatisfied: boolean; caseReview: ReturnType<typeof caseReviewDetails> | null };

/** The survey link a victim follows: what state it is in, and taking their answer once. */
@Injectable()
export class PublicSurveys {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly answers: SurveyAnswers,
    private readonly repository: SurveysRepository,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  async find(token: string, db: EntityManager = this.db.manager, lock = false): Promise<SurveyLink> {
    // The long token of a text or email link, or the short code printed on a letter.
    const column = isWellFormedToken(token) ? 'token_hash' : isWellFormedShortCode(token) ? 'short_code_hash' : null;
    if (!column) return { state: 'unknown' };
    const secret = column === 'token_hash' ? token : token.toUpperCase();
    const survey = await this.repository.findBySecretHash(column, hashSurveyToken(secret), db, lock);
    if (!survey) return { state: 'unknown' };
    const organisationName = await this.repository.organisationName(survey.organisationId, db);
    const state = survey.answeredAt ? 'answered' : survey.expiresAt <= this.clock.now() ? 'expired' : 'open';
    return { state, survey, organisationName };
  }

  /** Checks the answer and stores it if the link is still open; nothing is stored otherwise. */
  async submit(token: string, body: unknown): Promise<Submission> {
    return this.db.transaction(async (db) => {
      const link = await this.find(token, db, true);
      if (link.state !== 'open') return link;
      const values: FormAnswer = body && typeof body === 'object' && !Array.isArray(body) ? (body as FormAnswer) : {};
      const form = plainToInstance(SurveyFormDto, { overall: values.overall, keptInformed: values.keptInformed, comment: values.comment });
      const problems = await validate(form, { forbidUnknownValues: true });
      if (problems.length) {
        const errors = Object.fromEntries(problems.map((p) => [p.property, Object.values(p.constraints ?? {})[0]]));
        return { ...link, state: 'invalid', errors, values };
      }
      const recorded = await this.answers.record(link.survey, form, 'link', null, db);
      if (!recorded) return { ...link, state: 'answered' };
      const dissatisfied = form.overall <= 2;
      return { state: 'recorded', organisationName: link.organisationName, dissatisfied, caseReview: dissatisfied ? caseReviewDetails(this.settings) : null };
    });
  }
}
