import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronTime } from 'cron';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { ClockService } from '../clock/clock.service.js';
import { Dispatcher, type DispatchOptions } from '../contacts/dispatcher.js';
import { Schedule, type ScheduledJob } from './schedule.js';

/** London time for every calendar rule (print runs, deadlines at close of business). */
const TIME_ZONE = 'Europe/London';
/** How often a job set for a time of day looks at the service's clock to see whether that time has passed. */
const CALENDAR_CHECK_MS = 10_000;

/**
 * Runs the Schedule's jobs. With scheduling on, each job is an interval in @nestjs/schedule's
 * SchedulerRegistry under its own name: a periodic job every period; a job set for a time of
 * day checks every 10 s whether the service's clock has passed one of its times since it last
 * ran (or since start), so in live mode it runs at that time and in training the training clock
 * decides. A move of the training clock runs the same list at once (`clockMoved`). One job
 * failing is logged by name and never stops the others; a job never overlaps itself here.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(Scheduler.name);
  /** For jobs set for a time of day: the clock reading up to which each has been done. */
  private readonly doneUpTo = new Map<string, Date>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly schedule: Schedule,
    private readonly registry: SchedulerRegistry,
    private readonly dispatcher: Dispatcher,
    private readonly planner: ContactPlanner,
    private readonly clock: ClockService,
    @Inject('DISPATCH_OPTIONS') private readonly options: DispatchOptions,
  ) {
    for (const job of schedule.jobs) if ('at' in job.when) this.doneUpTo.set(job.name, clock.now());
  }

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return; // tests that drive jobs themselves
    for (const job of this.schedule.jobs) {
      const every = 'every' in job.when ? job.when.every : CALENDAR_CHECK_MS;
      this.registry.addInterval(job.name, setInterval(() => void this.runIfDue(job, {}), every));
    }
  }

  /**
   * Each job once, in the Schedule's order, if it is due: periodic jobs always, jobs set for a
   * time of day when the clock has passed one of their times. `since`: the clock reading before
   * the training clock moved, so a time of day the move jumped over counts as passed.
   * Returns what each job that ran did.
   */
  async runDue(since?: Date): Promise<Record<string, number>> {
    const done: Record<string, number> = {};
    for (const job of this.schedule.jobs) await this.runIfDue(job, { since, done, wait: true });
    return done;
  }

  /**
   * The training clock moved from `since`: new cases are planned (so the jobs see them), the
   * jobs now due run, then one dispatcher pass plans what they opened and sends what is due.
   * Returns the number of contacts claimed.
   */
  async clockMoved(since?: Date): Promise<number> {
    try {
      await this.planner.planNewCases();
    } catch (error) {
      this.logger.error({ err: error }, 'Planning before the scheduled work failed');
    }
    await this.runDue(since);
    return this.dispatcher.tick({ everything: true });
  }

  private async runIfDue(job: ScheduledJob, options: { since?: Date; done?: Record<string, number>; wait?: boolean }): Promise<void> {
    const under = this.running.get(job.name);
    if (under) {
      if (!options.wait) return; // the last run is still going
      await under;
    }
    if ('at' in job.when) {
      const upTo = this.doneUpTo.get(job.name)!;
      const from = options.since && options.since < upTo ? options.since : upTo;
      const now = this.clock.now();
      if (new CronTime(job.when.at, TIME_ZONE).getNextDateFrom(from).toJSDate().getTime() > now.getTime()) return;
      this.doneUpTo.set(job.name, now);
    }
    const run = this.run(job, options.done ?? {});
    this.running.set(job.name, run);
    try {
      await run;
    } finally {
      if (this.running.get(job.name) === run) this.running.delete(job.name);
    }
  }

  private async run(job: ScheduledJob, done: Record<string, number>): Promise<void> {
    try {
      done[job.name] = await job.run();
    } catch (error) {
      this.logger.error({ err: error, work: job.name }, 'Scheduled work failed');
    }
  }
}
