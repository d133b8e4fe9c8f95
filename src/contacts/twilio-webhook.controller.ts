import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Request } from 'express';
import { Public } from '../auth/access.js';
import { DeliveryReports, type DeliveryReport } from './delivery-reports.js';
import { InputError } from '../http/input-error.js';
import { Settings } from '../settings/settings.js';
import { twilioErrorClass } from '../channels/sms/twilio-error-codes.js';
import { verifyTwilioRequest } from '../channels/sms/twilio-signature.js';

/**
 * Twilio's delivery reports. Twilio posts its own form fields (dozens, changing over time), so
 * the body is not held to a DTO; it is trusted only after its signature checks out.
 */
@ApiExcludeController()
@ApiConsumes('application/x-www-form-urlencoded') // as Twilio posts its webhooks
@Controller('v1/webhooks/twilio')
export class TwilioWebhookController {
  constructor(
    @Inject(Settings) private readonly settings: Settings,
    private readonly reports: DeliveryReports,
  ) {}

  /** A bulletin text's report; whether the id was a bulletin's. */
  private async bulletinReport(report: DeliveryReport, db: EntityManager): Promise<boolean> {
    const { providerMessageId: sid, status } = report;
    const next = status === 'delivered' ? 'delivered' : 'failed';
    // The code only, as for every bulletin failure (bulletin-fan-out.ts).
    const reason = next === 'failed' ? twilioErrorClass(report.errorCode ?? undefined).code.replace('twilio_unknown', `twilio_${status}`) : null;
    const [known] = await db.query(`SELECT 1 FROM bulletin_deliveries WHERE provider_message_id = $1`, [sid]);
    if (!known) return false;
    await db.query(
      `UPDATE bulletin_deliveries SET status = $2, failure_reason = $3, updated_at = now() WHERE provider_message_id = $1 AND status IN ('sending', 'sent')`,
      [sid, next, reason],
    );
    return true;
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
    await this.reports.receive({ providerMessageId: sid, status, errorCode: body.ErrorCode || null }, (report, db) => this.bulletinReport(report, db));
  }
}
