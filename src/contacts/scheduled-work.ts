import { Injectable, Logger } from '@nestjs/common';
import { CronTime } from 'cron';
import { ClockService } from '../clock/clock.service.js';

export type Work = () => Promise<number>;

/** London time for every calendar rule (print runs, deadlines at close of business). */
const TIME_ZONE = 'Europe/London';

interface CalendarWork {
  times: CronTime;
  work: Work;
  /** The clock reading up to which this work has been done. */
  doneUpTo: Date;
}

/**
 * Periodic work that is due by the clock (evidence reviews, mid-case surveys, referrals,
 * retention), and work due at set times of day (the print run, the missed-deadline check).
 * Each capability registers its work here; the dispatcher runs it all on its tick, so it runs
 * on every instance (each piece claims its rows) and the training clock brings it forward with
 * everything else: a time of day passed by a clock move is work due. Registering here keeps
 * modules free of cycles.
 */
@Injectable()
export class ScheduledWork {
  private readonly logger = new Logger(ScheduledWork.name);
  private readonly work = new Map<string, Work>();
  private readonly calendar = new Map<string, CalendarWork>();

  constructor(private readonly clock: ClockService) {}

  register(name: string, work: Work): void {
    this.work.set(name, work);
  }

  /**
   * Work due at the times a cron expression names (`minute hour day month weekday`, London
   * time), e.g. `30 15 * * 1-5` for 15:30 each weekday. It runs once when the clock has passed
   * one or more of those times since it last ran (or since start).
   */
  registerAt(name: string, cron: string, work: Work): void {
    this.calendar.set(name, { times: new CronTime(cron, TIME_ZONE), work, doneUpTo: this.clock.now() });
  }

  /**
   * Runs every piece once, in registration order, then the calendar work that has fallen due;
   * one failing never stops the rest. `since`: the clock reading before the training clock
   * moved, so a time of day that the move jumped over counts as passed.
   */
  async runAll(since?: Date): Promise<Record<string, number>> {
    const done: Record<string, number> = {};
    for (const [name, work] of this.work) await this.run(name, work, done);
    const now = this.clock.now();
    for (const [name, entry] of this.calendar) {
      const from = since && since < entry.doneUpTo ? since : entry.doneUpTo;
      const next = entry.times.getNextDateFrom(from).toJSDate();
      if (next.getTime() > now.getTime()) continue;
      entry.doneUpTo = now;
      await this.run(name, entry.work, done);
    }
    return done;
  }

  private async run(name: string, work: Work, done: Record<string, number>): Promise<void> {
    try {
      done[name] = await work();
    } catch (error) {
      this.logger.error({ err: error, work: name }, 'Scheduled work failed');
    }
  }
}
