import { Module } from '@nestjs/common';
import { AgreementsModule } from '../contacts/agreements.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { CourtController } from './court.controller.js';
import { CourtMessages } from './court-messages.js';
import { CourtRepository } from './court.repository.js';
import { ProceedingsService } from './proceedings.service.js';
import { ReferralEmail } from './referral-email.js';
import { ReferralForms } from './referral-form-data.js';
import { SpecialMeasuresReminders } from './special-measures-reminders.js';
import { SpecialMeasuresService } from './special-measures.service.js';
import { WitnessServiceReferrals } from './witness-service-referrals.js';

/** Support for victims who are witnesses in court: hearing dates, the Witness Service, special measures. */
@Module({
  imports: [CasesModule, AgreementsModule, TasksModule],
  controllers: [CourtController],
  providers: [CourtRepository, CourtMessages, ProceedingsService, SpecialMeasuresService, ReferralEmail, ReferralForms, WitnessServiceReferrals, SpecialMeasuresReminders],
  exports: [WitnessServiceReferrals, SpecialMeasuresReminders],
})
export class CourtModule {}
