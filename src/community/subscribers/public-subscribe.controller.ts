import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { Settings } from '../../settings/settings.js';
import { ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/access.js';
import { type FieldProblem, InputError } from '../../http/input-error.js';
import { pageHeaders } from '../../http/page-headers.js';
import { SubscribeLimits } from '../../public-limits/public-limits.guard.js';
import { TooManyRequests } from '../../public-limits/too-many-requests.js';
import { NeighbourhoodsService } from '../neighbourhoods/neighbourhoods.service.js';
import { SubscribeDto } from './subscribe.dto.js';
import { SubscriberPages } from './subscriber-pages.js';
import { readSubscription, type TypedValues } from './subscription-request.js';
import { type LinkOutcome, Subscriptions } from './subscriptions.service.js';

const FORM = '/p/subscribe';
const EMPTY: TypedValues = { email: '', phone: '', postcode: '', neighbourhoodId: '' };

/**
 * Residents ask for neighbourhood news here: a plain HTML form that works without JavaScript,
 * and the same address taking JSON from partners' websites. Confirmation links land here too.
 */
@ApiTags('subscribers')
@Public()
@Controller('p/subscribe')
export class PublicSubscribeController {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly neighbourhoods: NeighbourhoodsService,
    private readonly pages: SubscriberPages,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  @Get()
  @ApiExcludeEndpoint()
  async form(@Res() res: Response): Promise<void> {
    pageHeaders(res, 200).send(await this.formPage(EMPTY, []));
  }

  @Post()
  @SubscribeLimits()
  @ApiOperation({
    summary: 'Subscribe a resident to neighbourhood news (for partners\' websites)',
    description: 'JSON gets 202 {status: "pending", channels}; nothing is sent to them until they confirm (a link by email, a YES reply by text). The response is the same whether or not they were already subscribed. ' +
      'Limits (429 with Retry-After): SUBSCRIBE_PER_ADDRESS_HOUR per client address, SUBSCRIBE_PER_HOUR from everyone. Once SUBSCRIBE_SMS_DAILY_CAP confirmation texts have gone today, ' +
      'a phone number with an email address is left out (202 with smsDailyCapReached: true and a message; the resident confirms by email), and a phone number alone is a 429 asking for an email address.',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: SubscribeDto })
  async subscribe(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const json = Boolean(req.is('application/json'));
    const { request, typed, problems } = readSubscription(body, json, this.settings.mode);
    if (json) {
      if (!request) throw new InputError(problems);
      res.status(202).json(await this.subscriptions.subscribe(request, 'partner_site'));
      return;
    }
    if (!request) {
      pageHeaders(res, 400).send(await this.formPage(typed, problems));
      return;
    }
    try {
      const { channels, smsDailyCapReached } = await this.subscriptions.subscribe(request, 'web');
      pageHeaders(res, 200).send(this.pages.check({ email: channels.includes('email'), sms: channels.includes('sms') && !smsDailyCapReached, smsDailyCapReached: smsDailyCapReached === true, formLink: FORM }));
    } catch (error) {
      if (error instanceof TooManyRequests && error.reached === 'smsCap') {
        // A phone number alone, with no texts left today: the form again, asking for an email address.
        const problem = { field: 'email', rule: 'smsDailyCap', message: error.message };
        pageHeaders(res, 429).set('Retry-After', String(error.retryAfterSeconds)).send(await this.formPage(typed, [problem]));
        return;
      }
      if (!(error instanceof InputError)) throw error;
      pageHeaders(res, 400).send(await this.formPage(typed, error.problems));
    }
  }

  /** Mail scanners open links, so opening one only shows a button; the POST confirms. */
  @Get('confirm/:token')
  @ApiExcludeEndpoint()
  async confirmPage(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const outcome = await this.subscriptions.confirmationState(token);
    if (outcome === 'done') pageHeaders(res, 200).send(this.pages.confirm());
    else this.confirmed(res, outcome);
  }

  @Post('confirm/:token')
  @ApiConsumes('application/x-www-form-urlencoded') // the page's button
  @ApiExcludeEndpoint()
  async confirm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    this.confirmed(res, await this.subscriptions.confirmEmail(token));
  }

  private confirmed(res: Response, outcome: LinkOutcome): void {
    const page = {
      done: { status: 200, heading: 'You are subscribed', paragraphs: ['We will email you news about your neighbourhood. Every email has a link to unsubscribe.'] },
      already: { status: 200, heading: 'You are subscribed', paragraphs: ['You have already confirmed. We will email you news about your neighbourhood. Every email has a link to unsubscribe.'] },
      gone: { status: 410, heading: 'This link no longer works', paragraphs: ['This email address has been unsubscribed. To get news again, fill in the form.'], link: { href: FORM, text: 'Get news about your neighbourhood' } },
      unknown: { status: 404, heading: 'We cannot find this link', paragraphs: ['The link may be incomplete. Check you copied the whole link from the email we sent you.'] },
    }[outcome];
    pageHeaders(res, page.status).send(this.pages.message(page));
  }

  private async formPage(typed: TypedValues, problems: FieldProblem[]): Promise<string> {
    const error = (field: string) => problems.find((p) => p.field === field)?.message ?? null;
    const choices = await this.neighbourhoods.choices();
    return this.pages.form({
      errors: problems.filter((p) => p.field in EMPTY).map((p) => ({ href: p.field, message: p.message })),
      email: { value: typed.email, error: error('email') },
      phone: { value: typed.phone, error: error('phone') },
      postcode: { value: typed.postcode, error: error('postcode') },
      neighbourhoodId: { error: error('neighbourhoodId') },
      neighbourhoods: choices.map((n) => ({ ...n, selected: n.id === typed.neighbourhoodId })),
    });
  }
}
