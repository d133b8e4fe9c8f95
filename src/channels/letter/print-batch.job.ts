import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CronJob } from 'cron';
import { Settings } from '../../settings/settings.js';
import { LetterPost } from './letter-post.service.js';

/** Each weekday at PRINT_BATCH_TIME (London) the letters waiting are merged, one run per organisation's post room. */
@Injectable()
export class PrintBatchJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PrintBatchJob.name);
  private job?: CronJob;

  constructor(
    private readonly letters: LetterPost,
    @Inject(Settings) private readonly settings: Settings,
    @Inject('SCHEDULE_ENABLED') private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const [hour, minute] = this.settings.printBatchTime.split(':').map(Number);
    this.job = CronJob.from({
      cronTime: `${minute} ${hour} * * 1-5`,
      timeZone: 'Europe/London',
      onTick: () => void this.letters.runPrintBatch().catch((error) => this.logger.error({ err: error }, 'Print batch failed')),
      start: true,
    });
  }

  onApplicationShutdown(): void {
    void this.job?.stop();
  }
}
