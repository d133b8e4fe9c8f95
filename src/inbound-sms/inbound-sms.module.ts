import { Module } from '@nestjs/common';
import { SubscribersRepository } from '../community/subscribers/subscribers.repository.js';
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
  imports: [AgreementsModule, SurveysModule, TasksModule],
  controllers: [InboundSmsController],
  // SubscribersRepository (stateless) is provided here rather than by importing SubscribersModule:
  // the import deepens the module graph, which reorders Nest's lifecycle hooks, and
  // test/victim-journey.e2e-spec.ts then sees a different next update (an order dependence to untangle).
  providers: [InboundSms, InboundSmsRepository, SubscribersRepository],
  exports: [InboundSms],
})
export class InboundSmsModule {}
