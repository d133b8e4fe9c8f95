import { Module } from '@nestjs/common';
import { SubscribersModule } from '../community/subscribers/subscribers.module.js';
import { AgreementsModule } from '../contacts/agreements.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { InboundSmsController } from './inbound-sms.controller.js';
import { InboundSmsRepository } from './inbound-sms.repository.js';
import { InboundSms } from './inbound-sms.service.js';

/**
 * Texts people send to the partnership's number (Twilio's inbound webhook, or the training form):
 * STOP and HELP for victims and subscribers, survey answers, YES to confirm a neighbourhood
 * subscription, and anything else kept on the case for its SPOC. It sits above contacts, surveys
 * and community because it hands each reply to the slice that owns it.
 */
@Module({
  imports: [AgreementsModule, SubscribersModule, SurveysModule, TasksModule],
  controllers: [InboundSmsController],
  providers: [InboundSms, InboundSmsRepository],
  exports: [InboundSms],
})
export class InboundSmsModule {}
