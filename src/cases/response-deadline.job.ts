import { Injectable, OnModuleInit } from '@nestjs/common';
import { ScheduledWork } from '../contacts/scheduled-work.js';
import { CasesService } from './cases.service.js';

/**
 * Missed first-response deadlines go into the case history. Deadlines fall at close of
 * business (configurable), so the check runs hourly (at five past, London time, by the
 * service's clock, so the training clock brings it forward); each breach is noted only once.
 */
@Injectable()
export class ResponseDeadlineJob implements OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly scheduled: ScheduledWork,
  ) {}

  onModuleInit(): void {
    this.scheduled.registerAt('response deadlines', '5 * * * *', () => this.run());
  }

  run(): Promise<number> {
    return this.cases.noteMissedDeadlines();
  }
}
