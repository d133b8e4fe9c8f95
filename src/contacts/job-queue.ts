import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PgBoss, type QueueOptions, type WorkOptions } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { Settings } from '../settings/settings.js';
import { transactionAdapter } from './job-queue.repository.js';

/** Whether this instance dispatches (scheduling on), and the database pg-boss keeps its queue in. */
export interface DispatchOptions {
  enabled: boolean;
  databaseUrl: string;
}

/**
 * The job queue (pg-boss, in the `pgboss` schema of the service's database), shared by the
 * dispatch engine's contact jobs and the bulletin fan-out. Started by the first that needs it
 * (each only when dispatching is on) and stopped when the application shuts down, after the
 * Dispatcher has let its pass under way finish (its beforeApplicationShutdown).
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private boss?: PgBoss;
  private starting?: Promise<PgBoss>;

  constructor(
    @Inject(Settings) private readonly settings: Settings,
    @Inject('DISPATCH_OPTIONS') private readonly options: DispatchOptions,
  ) {}

  /** Starts pg-boss once; later calls wait for the same start. */
  async start(): Promise<void> {
    this.starting ??= this.open();
    await this.starting;
  }

  private async open(): Promise<PgBoss> {
    const boss = new PgBoss({
      connectionString: this.options.databaseUrl,
      schema: 'pgboss',
      max: 4 + this.settings.dispatchConcurrency,
      application_name: 'asb-dispatch',
      superviseIntervalSeconds: 5,
      // The supervisor fails a job whose worker stopped beating (a crash) only on a queue's monitor
      // pass, which pg-boss spaces by monitorIntervalSeconds (60 by default): at 5, a crashed
      // worker's contacts are handed to a live one about 15 s after the crash, not a minute or more.
      monitorIntervalSeconds: 5,
      // A crashed instance reads as gone after three missed beats, and its jobs are retried.
      instanceHeartbeatSeconds: 5,
    });
    boss.on('error', (error) => this.logger.error({ err: error }, 'Queue error'));
    await boss.start();
    this.boss = boss;
    return boss;
  }

  /** Whether pg-boss runs on this instance (so jobs can be queued from it). */
  get running(): boolean {
    return Boolean(this.boss);
  }

  /** Creates `name` with its retry policy and works it on this instance: `handle` gets each batch's job data; a throw retries the batch. */
  async work<T extends object>(name: string, queue: QueueOptions, worker: WorkOptions, handle: (jobs: T[]) => Promise<void>): Promise<void> {
    const boss = this.started();
    await boss.createQueue(name, queue);
    // A queue an earlier version made takes this version's retry and expiry policy (pg-boss cannot change a queue's heartbeat).
    const { heartbeatSeconds: _heartbeat, ...changeable } = queue;
    await boss.updateQueue(name, changeable);
    await boss.work<T>(name, worker, async (jobs) => handle(jobs.map((job) => job.data)));
  }

  /** Jobs on `queue`, committed with the caller's transaction `db` or not at all. */
  async insert(queue: string, jobs: object[], db: EntityManager): Promise<void> {
    const boss = this.started();
    if (jobs.length) await boss.insert(queue, jobs.map((data) => ({ data })), { db: transactionAdapter(db) });
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    this.starting = undefined;
    await boss?.stop({ graceful: true, timeout: 10_000 }).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('This instance does not dispatch: no queue to put jobs on');
    return this.boss;
  }
}
