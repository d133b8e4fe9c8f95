import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgreementsModule } from './agreements.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { Settings } from '../settings/settings.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ContactsController } from './contacts.controller.js';
import { DeliveryService } from './delivery.service.js';
import { MessageMerging } from './message-merging.js';
import { Dispatcher } from './dispatcher.js';
import { JobQueue } from './job-queue.js';
import { ProviderRateLimiter } from './provider-rate-limiter.js';
import { TwilioWebhookController } from './twilio-webhook.controller.js';

@Module({
  imports: [CasesModule, TasksModule, AgreementsModule],
  controllers: [ContactsController, TwilioWebhookController],
  providers: [
    DeliveryService,
    MessageMerging,
    Dispatcher,
    JobQueue,
    {
      provide: ProviderRateLimiter,
      inject: [DataSource, Settings],
      useFactory: (db: DataSource, settings: Settings) =>
        new ProviderRateLimiter({ query: (text, params) => db.query(text, params) }, { twilio: settings.twilioMaxPerSecond, smtp: settings.smtpMaxPerSecond }),
    },
  ],
  exports: [DeliveryService, Dispatcher, JobQueue, ProviderRateLimiter],
})
export class ContactsModule {}
