import { Body, Controller, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import twilio from 'twilio';
import { Public } from '../auth/access.js';
import { InboundSms } from './inbound-sms.service.js';
import { verifyTwilioRequest } from '../channels/sms/twilio-signature.js';
import { Settings } from '../settings/settings.js';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Texts from victims to the partnership's number, signed by Twilio. */
@ApiExcludeController()
@ApiConsumes('application/x-www-form-urlencoded') // as Twilio posts its webhooks
@Controller('v1/webhooks/twilio')
export class InboundSmsController {
  constructor(
    @Inject(Settings) private readonly settings: Settings,
    private readonly inbound: InboundSms,
  ) {}

  @Post('inbound')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  async receive(@Req() request: Request, @Body() body: Record<string, string>): Promise<string> {
    verifyTwilioRequest(this.settings, request, body);
    const reply = await this.inbound.receive(body.From ?? '', body.Body ?? '', body.MessageSid);
    if (!reply) return EMPTY_TWIML;
    const response = new twilio.twiml.MessagingResponse();
    response.message(reply);
    return response.toString();
  }
}
