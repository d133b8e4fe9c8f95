import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pageHeaders } from '../http/page-headers.js';
import { PageTemplates } from '../templates/page-templates.js';
import { TooManyRequests, whenToTryAgain } from './too-many-requests.js';

const SAMPLES = { 'too-many-requests': [{ heading: 'h', paragraphs: ['p'], whenToTry: 'in 5 minutes' }] };

const PAGES = {
  client: { heading: 'Sorry, too many requests', paragraphs: ['We have had too many requests from your internet connection in the last hour.'] },
  everyone: { heading: 'Sorry, the service is busy', paragraphs: ['Too many people are asking for neighbourhood news right now.'] },
  smsCap: { heading: 'Sorry, we cannot send texts today', paragraphs: ['We cannot send any more confirmation texts today. Give an email address to confirm by email instead.'] },
};

/**
 * Limits reached on public routes: a 429 with `Retry-After`, as a GOV.UK-style page where a
 * browser asked for HTML, and as JSON where JSON was sent or asked for.
 */
@Catch(TooManyRequests)
export class TooManyRequestsFilter implements ExceptionFilter {
  private readonly pages = PageTemplates.load(SAMPLES); // a broken page stops start-up

  catch(error: TooManyRequests, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    res.set('Retry-After', String(error.retryAfterSeconds));
    if (req.is('application/json') || req.accepts(['html', 'json']) === 'json') {
      res.status(429).json(error.getResponse());
      return;
    }
    const page = PAGES[error.reached];
    pageHeaders(res, 429).send(this.pages.page('too-many-requests', page.heading, { ...page, whenToTry: whenToTryAgain(error.retryAfterSeconds) }));
  }
}
