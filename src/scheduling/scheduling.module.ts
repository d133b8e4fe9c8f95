import { Module } from '@nestjs/common';
import { AgreementsModule } from '../contacts/agreements.module.js';
import { CaseJourneyModule } from '../case-journey/case-journey.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { BulletinsModule } from '../community/bulletins/bulletins.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { CourtModule } from '../court/court.module.js';
import { DataRightsModule } from '../data-rights/data-rights.module.js';
import { PublicLimitsModule } from '../public-limits/public-limits.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { Schedule } from './schedule.js';
import { Scheduler } from './scheduler.js';

/** The periodic jobs (schedule.ts) and what runs them (scheduler.ts). Sits above every slice whose work it calls. */
@Module({
  imports: [AgreementsModule, CaseJourneyModule, CasesModule, BulletinsModule, ContactsModule, CourtModule, DataRightsModule, PublicLimitsModule, SurveysModule],
  providers: [Schedule, Scheduler],
  exports: [Scheduler],
})
export class SchedulingModule {}
