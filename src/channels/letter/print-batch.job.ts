import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ScheduledWork } from '../../contacts/scheduled-work.js';
import { Settings } from '../../settings/settings.js';
import { LetterPost } from './letter-post.service.js';

/**
 * Each weekday at PRINT_BATCH_TIME (London) the letters waiting are merged, one run per
 * organisation's post room. Due by the service's clock, so moving the training clock past that
 * time makes the run.
 */
@Injectable()
export class PrintBatchJob implements OnModuleInit {
  constructor(
    private readonly letters: LetterPost,
    private readonly scheduled: ScheduledWork,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  onModuleInit(): void {
    const [hour, minute] = this.settings.printBatchTime.split(':').map(Number);
    this.scheduled.registerAt('print run', `${minute} ${hour} * * 1-5`, async () => (await this.letters.runPrintBatch()).length);
  }
}
