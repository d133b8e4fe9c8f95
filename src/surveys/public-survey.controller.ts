import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.js';
import { formatLondonDate } from '../calendar/working-days.js';
import { pageHeaders } from '../http/page-headers.js';
import { PublicSurveys, type FormAnswer, type SurveyLink } from './public-surveys.js';
import type { Survey } from './survey.entity.js';
import { COMMENT_MAX } from './survey.dto.js';
import { SurveyPages, type ScoreQuestion, type SurveyFormPage } from './survey-pages.js';

const SATISFACTION = ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'];
const INFORMED = ['Very poorly', 'Poorly', 'Neither well nor poorly', 'Well', 'Very well'];

/** The survey a victim opens from their message: plain HTML that works without JavaScript. */
@ApiExcludeController()
@Public()
@Controller(['p/surveys', 'p/s'])
export class PublicSurveyController {
  constructor(
    private readonly surveys: PublicSurveys,
    private readonly pages: SurveyPages,
  ) {}

  @Get(':token')
  async form(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const link = await this.surveys.find(token);
    if (link.state !== 'open') return this.unavailable(res, link);
    pageHeaders(res, 200).send(this.pages.render('survey-form', this.title(link.survey), this.formPage(link.survey, link.organisationName, {}, {})));
  }

  @Post(':token')
  @ApiConsumes('application/x-www-form-urlencoded') // the page's form
  async answer(@Param('token') token: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const outcome = await this.surveys.submit(token, body);
    switch (outcome.state) {
      case 'invalid':
        pageHeaders(res, 400).send(
          this.pages.render('survey-form', this.title(outcome.survey), this.formPage(outcome.survey, outcome.organisationName, outcome.values, outcome.errors)),
        );
        return;
      case 'recorded':
        pageHeaders(res, 200).send(this.pages.render('survey-thanks', 'Thank you', outcome));
        return;
      default:
        return this.unavailable(res, outcome);
    }
  }

  private title(survey: Survey): string {
    return survey.kind === 'closure' ? 'How did we deal with your report?' : 'How are we dealing with your report?';
  }

  private formPage(survey: Survey, organisationName: string, values: FormAnswer, errors: Record<string, string | undefined>): SurveyFormPage {
    const closure = survey.kind === 'closure';
    const question = (name: ScoreQuestion['name'], legend: string, hint: string, labels: string[]): ScoreQuestion => ({
      name, legend, hint,
      error: errors[name] ?? null,
      options: labels.map((label, i) => ({ id: `${name}-${i + 1}`, value: i + 1, label, checked: String(values[name] ?? '').trim() === String(i + 1) })),
    });
    const questions = [
      question('overall', closure ? 'Overall, how satisfied are you with how we dealt with your report?' : 'Overall, how satisfied are you with how we are dealing with your report so far?',
        '1 means very dissatisfied and 5 means very satisfied.', SATISFACTION),
      question('keptInformed', closure ? 'How well did we keep you informed? (optional)' : 'How well are we keeping you informed? (optional)',
        '1 means very poorly and 5 means very well.', INFORMED),
    ];
    const summary = questions.filter((q) => q.error).map((q) => ({ href: `${q.name}-1`, message: q.error! }));
    if (errors.comment) summary.push({ href: 'comment', message: errors.comment });
    return {
      heading: this.title(survey),
      organisationName,
      errors: summary,
      questions,
      comment: { value: typeof values.comment === 'string' ? values.comment : '', error: errors.comment ?? null, maxLength: COMMENT_MAX },
    };
  }

  /** Unknown, answered or expired: said plainly, and nothing about the case. */
  private unavailable(res: Response, link: SurveyLink): void {
    const page =
      link.state === 'answered'
        ? { status: 409, heading: 'This survey has already been answered', paragraphs: ['Each survey link can be used once, and we already have the answers sent with this one. Thank you for taking part.'] }
        : link.state === 'expired'
          ? { status: 410, heading: 'This survey has closed', paragraphs: [`This survey closed on ${formatLondonDate(link.survey.expiresAt)}, so we can no longer take answers with this link.`] }
          : { status: 404, heading: 'We cannot find this survey', paragraphs: ['The link may be incomplete. Check you copied the whole link from the message we sent you.'] };
    pageHeaders(res, page.status).send(this.pages.render('survey-unavailable', page.heading, page));
  }
}
