import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { CasesService } from './cases.service.js';

/** After close of business each day, missed first-response deadlines go into case history. */
@Injectable()
export class ResponseDeadlineJob {
  constructor(private readonly cases: CasesService) {}

  @Cron('5 17 * * *', { name: 'response-deadlines', timeZone: 'Europe/London' })
  async run(): Promise<void> {
    await this.cases.noteMissedDeadlines();
  }
}
