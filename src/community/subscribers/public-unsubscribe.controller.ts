import { Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/access.js';
import { pageHeaders } from '../../http/page-headers.js';
import { SubscriberPages } from './subscriber-pages.js';
import { Subscriptions } from './subscriptions.service.js';

const NOT_FOUND = {
  heading: 'We cannot find this link',
  paragraphs: ['The link may be incomplete. Check you copied the whole link from the email we sent you.'],
};

/**
 * The unsubscribe link in every bulletin email. Opening it shows one button; the POST is also
 * RFC 8058 one-click unsubscribe (`List-Unsubscribe=One-Click`), which mail providers send
 * without anyone opening the page.
 */
@ApiExcludeController()
@Public()
@Controller('p/unsubscribe')
export class PublicUnsubscribeController {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly pages: SubscriberPages,
  ) {}

  @Get(':token')
  async page(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const { outcome, sms } = await this.subscriptions.unsubscribeState(token);
    if (outcome === 'unknown') pageHeaders(res, 404).send(this.pages.message(NOT_FOUND));
    else if (outcome === 'already') pageHeaders(res, 200).send(this.pages.unsubscribed({ sms, formLink: '/p/subscribe' }));
    else pageHeaders(res, 200).send(this.pages.unsubscribeForm({ sms }));
  }

  @Post(':token')
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data') // the page's button; RFC 8058 one-click
  async unsubscribe(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const { outcome, sms } = await this.subscriptions.unsubscribeEmail(token);
    if (outcome === 'unknown') pageHeaders(res, 404).send(this.pages.message(NOT_FOUND));
    else pageHeaders(res, 200).send(this.pages.unsubscribed({ sms, formLink: '/p/subscribe' }));
  }
}
