import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Request } from 'express';
import { Public } from '../auth/access.js';
import { DeliveryReports, type DeliveryReport } from './delivery-reports.js';
import { DeliveryReportsRepository } from './delivery-reports.repository.js';
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
    private readonly repository: DeliveryReportsRepository,
  ) {}

  /** A bulletin text's report; whether the id was a bulletin's. */
  private async bulletinReport(report: DeliveryReport, db: EntityManager): Promise<boolean> {
    const { providerMessageId: sid, status } = report;
    const next = status === 'delivered' ? 'delivered' : 'failed';
    // The code only, as for every bulletin failure (bulletin-fan-out.ts).
    const reason = next === 'failed' ? twilioErrorClass(report.errorCode ?? undefined).code.replace('twilio_unknown', `twilio_${status}`) : null;
    if (!(await this.repository.isBulletinText(sid, db))) return false;
    await this.repository.recordBulletinReport(sid, next, reason, db);
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
