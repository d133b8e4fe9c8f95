import { DynamicModule, Logger, Module } from '@nestjs/common';
import type twilio from 'twilio';
import { ClockService } from '../clock/clock.service.js';
import { Settings } from '../settings/settings.js';
import { EMAIL_TRANSPORT, PROVIDER_RATE_LIMIT, SMS_TRANSPORT, type EmailTransport, type ProviderRateLimit, type SmsTransport } from './channel.js';
import { OutboxEmailTransport } from './email/outbox-email.transport.js';
import { SmtpEmailTransport } from './email/smtp-email.transport.js';
import { LetterPost } from './letter/letter-post.service.js';
import { PrintBatchesController } from './letter/print-batches.controller.js';
import { PrintBatchesRepository } from './letter/print-batches.repository.js';
import { RateLimitedEmailTransport, RateLimitedSmsTransport } from './rate-limited-transports.js';
import { OutboxSmsTransport } from './sms/outbox-sms.transport.js';
import { senderCanReceiveReplies } from './sms/sms-sender.js';
import { TwilioSmsTransport } from './sms/twilio-sms.transport.js';

export interface ChannelOptions {
  /** Tests only: the twilio SDK's HTTP client, pointed at a local Twilio-compatible API. */
  twilioHttpClient?: InstanceType<typeof twilio.RequestClient>;
}

/** One transport per channel: the real providers in live mode, the outbox in training. */
@Module({})
export class ChannelsModule {
  static register(options: ChannelOptions): DynamicModule {
    return {
      module: ChannelsModule,
      global: true,
      controllers: [PrintBatchesController],
      providers: [
        {
          provide: SMS_TRANSPORT,
          inject: [Settings, ClockService, { token: PROVIDER_RATE_LIMIT, optional: true }],
          useFactory: (settings: Settings, clock: ClockService, limit?: ProviderRateLimit): SmsTransport => {
            if (!senderCanReceiveReplies(settings.twilioFrom)) {
              // Once, at start-up: the wording of every text depends on it (templates' canReply).
              new Logger('Sms').warn(
                `TWILIO_FROM "${settings.twilioFrom}" is an alphanumeric sender ID, which nobody can reply to: texts offer a link or a number to call instead of "reply STOP", "reply YES" or a survey digit. Set TWILIO_FROM to a Twilio phone number to receive replies.`,
              );
            }
            const live = settings.mode === 'live' ? settings.twilio : undefined;
            const transport = live
              ? new TwilioSmsTransport({
                  ...live,
                  statusCallback: `${settings.publicBaseUrl}/v1/webhooks/twilio/status`,
                  httpClient: options.twilioHttpClient,
                })
              : new OutboxSmsTransport(settings.outboxDir, () => clock.now());
            // Live: every text keeps within Twilio's per-second limit, whoever sends it (the outbox has no provider to spare).
            return live && limit ? new RateLimitedSmsTransport(transport, limit) : transport;
          },
        },
        {
          provide: EMAIL_TRANSPORT,
          inject: [Settings, ClockService, { token: PROVIDER_RATE_LIMIT, optional: true }],
          // Date headers from the service clock: in training, the rehearsal's time.
          useFactory: (settings: Settings, clock: ClockService, limit?: ProviderRateLimit): EmailTransport => {
            const now = () => clock.now();
            const live = settings.mode === 'live' ? settings.smtpUrl : undefined;
            const transport = live ? new SmtpEmailTransport(live, now) : new OutboxEmailTransport(settings.outboxDir, now);
            // Live: every email keeps within the SMTP provider's per-second limit, whoever sends it (the outbox has no provider to spare).
            return live && limit ? new RateLimitedEmailTransport(transport, limit) : transport;
          },
        },
        LetterPost,
        PrintBatchesRepository,
      ],
      exports: [SMS_TRANSPORT, EMAIL_TRANSPORT, LetterPost],
    };
  }
}
