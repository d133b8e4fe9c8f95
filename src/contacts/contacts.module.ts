import { Module } from '@nestjs/common';
import { AgreementsModule } from './agreements.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { ContactsController } from './contacts.controller.js';
import { ContactSender } from './contact-sender.js';
import { DeliveryService } from './delivery.service.js';
import { MessageMerging } from './message-merging.js';
import { Dispatcher } from './dispatcher.js';
import { JobQueue } from './job-queue.js';
import { TwilioWebhookController } from './twilio-webhook.controller.js';

@Module({
  imports: [CasesModule, TasksModule, AgreementsModule],
  controllers: [ContactsController, TwilioWebhookController],
  providers: [
    DeliveryService,
    ContactSender,
    MessageMerging,
    Dispatcher,
    JobQueue,
  ],
  // The providers' rate limiter is global (ContactLogModule): the live transports apply it.
  exports: [DeliveryService, Dispatcher, JobQueue],
})
export class ContactsModule {}
