import { Injectable, Logger } from '@nestjs/common';

export type Work = () => Promise<number>;

/**
 * Periodic work that is due by the clock (evidence reviews, mid-case surveys, referrals,
 * retention). Each capability registers its work here; the dispatcher runs it all on its
 * tick, so it runs on every instance (each piece claims its rows) and the training clock
 * brings it forward with everything else. Registering here keeps modules free of cycles.
 */
@Injectable()
export class ScheduledWork {
  private readonly logger = new Logger(ScheduledWork.name);
  private readonly work = new Map<string, Work>();

  register(name: string, work: Work): void {
    this.work.set(name, work);
  }

  /** Runs every piece once, in registration order; one failing never stops the rest. */
  async runAll(): Promise<Record<string, number>> {
    const done: Record<string, number> = {};
    for (const [name, work] of this.work) {
      try {
        done[name] = await work();
      } catch (error) {
        this.logger.error({ err: error, work: name }, 'Scheduled work failed');
      }
    }
    return done;
  }
}
