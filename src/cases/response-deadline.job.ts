import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { CasesService } from './cases.service.js';

/**
 * Missed first-response deadlines go into the case history. Deadlines fall at close of
 * business (configurable), so the check runs hourly; each breach is noted only once.
 */
@Injectable()
export class ResponseDeadlineJob {
  constructor(private readonly cases: CasesService) {}

  @Cron('5 * * * *', { name: 'response-deadlines', timeZone: 'Europe/London' })
  async run(): Promise<void> {
    await this.cases.noteMissedDeadlines();
  }
}
