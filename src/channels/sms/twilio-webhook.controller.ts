import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Request } from 'express';
import { Public } from '../../auth/access.js';
import { ContactLog } from '../../contacts/contact-log.js';
import { InputError } from '../../http/input-error.js';
import { Settings } from '../../settings/settings.js';
import { verifyTwilioRequest } from './twilio-signature.js';

/**
 * Twilio's delivery reports. Twilio posts its own form fields (dozens, changing over time), so
 * the body is not held to a DTO; it is trusted only after its signature checks out.
 */
@ApiExcludeController()
@Controller('v1/webhooks/twilio')
export class TwilioWebhookController {
  constructor(
    @Inject(Settings) private readonly settings: Settings,
    private readonly contacts: ContactLog,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** A bulletin text's report (or nothing we know of, which is ignored). */
  private async bulletinReport(sid: string, status: string): Promise<void> {
    const next = status === 'delivered' ? 'delivered' : status === 'undelivered' || status === 'failed' ? 'failed' : null;
    if (!next) return;
    await this.db.query(
      `UPDATE bulletin_deliveries SET status = $2, failure_reason = $3, updated_at = now() WHERE provider_message_id = $1 AND status IN ('sending', 'sent')`,
      [sid, next, next === 'failed' ? `Twilio reported the message ${status}` : null],
    );
  }

  @Post('status')
  @Public()
  @HttpCode(204)
  async status(@Req() request: Request, @Body() body: Record<string, string>): Promise<void> {
    verifyTwilioRequest(this.settings, request, body);
    const sid = body.MessageSid;
    const status = body.MessageStatus;
    if (!sid) throw InputError.of('MessageSid', 'required', 'MessageSid is required');
    if (!status) throw InputError.of('MessageStatus', 'required', 'MessageStatus is required');
    const contact = await this.contacts.findByProviderMessageId(sid);
    if (!contact) return this.bulletinReport(sid, status);
    if (status === 'delivered') {
      await this.contacts.transition(contact.id, 'delivered', { reason: 'delivered to the handset' });
    } else if (status === 'undelivered' || status === 'failed') {
      const code = body.ErrorCode ? `twilio_${body.ErrorCode}` : `twilio_${status}`;
      await this.contacts.transition(contact.id, 'failed', { reason: `Twilio reported the message ${status}`, failureCode: code });
    }
  }
}
