import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROVIDER_RATE_LIMIT } from '../channels/channel.js';
import { Settings } from '../settings/settings.js';
import { ContactLog } from './contact-log.js';
import { ContactLogListeners } from './contact-log-listeners.js';
import { ContactLogRepository } from './contact-log.repository.js';
import { ContactRecipients } from './contact-recipients.js';
import { DeliveryReports } from './delivery-reports.js';
import { DeliveryReportsRepository } from './delivery-reports.repository.js';
import { ProviderRateLimiter } from './provider-rate-limiter.js';
import { dataSourceRunner } from './provider-rate.repository.js';

/**
 * The contact log is written by channels, tasks and the dispatcher alike. The providers' rate
 * limiter is here too, global, so the live transports apply it (PROVIDER_RATE_LIMIT).
 */
@Global()
@Module({
  providers: [
    ContactLog,
    ContactLogRepository,
    DeliveryReports,
    DeliveryReportsRepository,
    ContactLogListeners,
    ContactRecipients,
    {
      provide: ProviderRateLimiter,
      inject: [DataSource, Settings],
      useFactory: (db: DataSource, settings: Settings) =>
        new ProviderRateLimiter(dataSourceRunner(db), { twilio: settings.twilioMaxPerSecond, smtp: settings.smtpMaxPerSecond }),
    },
    { provide: PROVIDER_RATE_LIMIT, useExisting: ProviderRateLimiter },
  ],
  exports: [ContactLog, ContactLogRepository, DeliveryReports, DeliveryReportsRepository, ContactRecipients, ProviderRateLimiter, PROVIDER_RATE_LIMIT],
})
export class ContactLogModule {}
