import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgreementsService } from './agreements.service.js';
import { ContactPlanner, windowFor } from './contact-planner.js';
import { isWithinSafeWindow, nextSafeInstant, type SafeWindow } from '../agreements/contact-timing.js';
import { ClockService } from '../clock/clock.service.js';
import { Settings } from '../settings/settings.js';
import { ContactLog } from './contact-log.js';
import { ContactLogRepository } from './contact-log.repository.js';
import { DeliveryService } from './delivery.service.js';
import { JobQueue, type DispatchOptions } from './job-queue.js';
import { ProviderRateLimiter } from './provider-rate-limiter.js';

export const DISPATCH_QUEUE = 'dispatch';
const CLAIM_BATCH = 1000;
const TICK_MS = 1000;
/**
 * Contacts per job batch a worker takes (50 before issue 13). Larger batches mean fewer pg-boss
 * fetches, completes and statements per contact; `npm run bench:dispatch` prints the effect (see
 * the README's benchmarks). Sends to live providers stay within DeliveryService.sendBudgetMs, well
 * inside the job's expireInSeconds.
 */
const JOB_BATCH = 200;

export type { DispatchOptions } from './job-queue.js';

/**
 * The dispatch engine. Each tick plans new cases, reminds SPOCs, and claims due contacts
 * (FOR UPDATE SKIP LOCKED) onto the job queue (JobQueue, pg-boss) in the same transaction;
 * workers on every instance then render and send them. The contacts table stays the source of
 * truth. The periodic jobs around it are declared in src/scheduling/schedule.ts.
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Dispatcher.name);
  private started = false;
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private lastReminder = 0;
  private startedAt: Date | null = null;
  private lastClaimAt: Date | null = null;
  private lastFailure: { stage: string; at: Date; message: string } | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: ContactLog,
    private readonly claims: ContactLogRepository,
    private readonly delivery: DeliveryService,
    private readonly queue: JobQueue,
    private readonly planner: ContactPlanner,
    private readonly agreements: AgreementsService,
    private readonly limiter: ProviderRateLimiter,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
    @Inject('DISPATCH_OPTIONS') private readonly options: DispatchOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.enabled) await this.start();
  }

  /** Before the job queue stops (its onApplicationShutdown): the pass under way finishes first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    this.delivery.resume();
    await this.queue.start();
    // A job whose worker stops sending heartbeats (a crash) comes back within seconds; the
    // contact itself decides whether it may be sent again (see DeliveryService).
    // Each worker sends one contact at a time, so a crash can leave at most
    // DISPATCH_CONCURRENCY sends with an unknown outcome.
    await this.queue.work<{ contactId: string }>(
      DISPATCH_QUEUE,
      // Expiry is the backstop for a worker that hangs; crashes are found by the heartbeat. It is
      // far beyond DeliveryService.sendBudgetMs, so a batch is never retried while it still sends.
      { retryLimit: 10, retryDelay: 1, expireInSeconds: 900, heartbeatSeconds: 10 },
      { batchSize: JOB_BATCH, localConcurrency: this.settings.dispatchConcurrency, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true },
      async (jobs) => {
        await this.sendBatch(jobs.map((job) => job.contactId));
      },
    );
    this.started = true;
    this.startedAt = new Date();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    void this.tick();
  }

  async stop(): Promise<void> {
    this.delivery.wrapUp();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // Let a pass under way finish while the database is still there (bounded).
    for (const deadline = Date.now() + 10_000; this.ticking && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    this.started = false;
    await this.queue.stop();
  }

  /**
   * One pass of the engine; also what the training clock triggers (with `everything`, so
   * reminders run at once). Never overlaps itself. The periodic jobs around it are declared in
   * src/scheduling/schedule.ts.
   */
  async tick(options: { everything?: boolean } = {}): Promise<number> {
    if (this.ticking) {
      if (!options.everything) return 0;
      // The training clock moved: wait for the pass under way, then run one at the new time.
      while (this.ticking) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.ticking = true;
    try {
      // Each stage on its own: one that fails is logged and the others still run.
      await this.stage('plan new cases', () => this.planner.planNewCases());
      if (options.everything || Date.now() - this.lastReminder > 60_000) {
        this.lastReminder = Date.now();
        await this.stage('remind SPOCs', () => this.planner.remindSpocs());
        await this.stage('prune rate limits', () => this.limiter.prune());
      }
      if (!this.dispatching) return 0; // planning only: this instance does not dispatch
      let claimed = 0;
      const ok = await this.stage('claim due contacts', async () => {
        for (let n = CLAIM_BATCH; n === CLAIM_BATCH; claimed += n) n = await this.claimDue();
      });
      if (ok) this.lastClaimAt = new Date();
      return claimed;
    } finally {
      this.ticking = false;
    }
  }

  /** Runs one stage of a tick; a failure is logged (no personal data) and reported as false. */
  private async stage(name: string, work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      this.lastFailure = { stage: name, at: new Date(), message: error instanceof Error ? error.message : String(error) };
      this.logger.error({ err: error, stage: name }, 'Dispatch stage failed');
      return false;
    }
  }

  /**
   * For /health: whether this instance dispatches, when it last claimed due contacts (real
   * time), and its last failure.
   */
  status(): { dispatching: boolean; startedAt: Date | null; lastClaimAt: Date | null; lastFailure: { stage: string; at: Date; message: string } | null } {
    return { dispatching: this.dispatching, startedAt: this.startedAt, lastClaimAt: this.lastClaimAt, lastFailure: this.lastFailure };
  }

  /** Whether this instance dispatches (runs the dispatch workers). */
  get dispatching(): boolean {
    return this.started && this.queue.running;
  }

  /** Due contacts become queued and get a job, atomically: a crash leaves both or neither. */
  private async claimDue(): Promise<number> {
    return this.db.transaction(async (db) => {
      const now = this.clock.now();
      const claimed = await this.claims.claimDue(now, CLAIM_BATCH, db);
      if (claimed.length) {
        await this.queue.insert(DISPATCH_QUEUE, claimed.map((c) => ({ contactId: c.id })), db);
      }
      return claimed.length;
    });
  }

  /**
   * A worker's batch: contacts outside their safe time wait; the rest go, each within the
   * provider's rate (applied by the transport). A contact that cannot be prepared (an agreement the planner cannot use) is
   * failed with the reason and its case flagged for the SPOC; the rest of the batch goes on.
   */
  async sendBatch(contactIds: string[]): Promise<void> {
    const found = await this.contacts.findMany(contactIds);
    const agreements = await this.agreements.findMany([...new Set(found.map((c) => c.caseId))]);
    const now = this.clock.now();
    // Each contact's window is checked; the same window at the same instant is worked out once.
    const open = new Map<SafeWindow | null, boolean>();
    const ready = [];
    for (const contact of found) {
      if (!['queued', 'sending'].includes(contact.status)) continue;
      try {
        // The victim's safe times govern only messages to the victim (not a Witness Service referral).
        const window = contact.recipient === 'victim' ? windowFor(agreements.get(contact.caseId) ?? null, contact.channel) : null;
        let safe = window === null ? true : open.get(window);
        if (safe === undefined && window !== null) open.set(window, (safe = isWithinSafeWindow(now, window)));
        if (!safe && window !== null) {
          await this.contacts.transition(contact.id, 'scheduled', { reason: 'outside the safe contact times', dueAt: nextSafeInstant(now, window) }, this.db.manager);
          continue;
        }
        if (await this.planner.prepareForSending(contact)) ready.push(contact);
      } catch (error) {
        await this.failUnpreparable(contact.id, contact.caseId, error);
      }
    }
    // Each text and email keeps within its provider's rate in the transport itself (rate-limited-transports.ts).
    await this.delivery.deliverBatch(ready);
  }

  private async failUnpreparable(contactId: string, caseId: string, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    try {
      await this.db.transaction(async (db) => {
        await this.contacts.transition(contactId, 'failed', { reason: `Could not be prepared: ${reason}`, failureCode: 'agreement_unusable' }, db);
        await this.planner.flagContactProblem(caseId, error, db);
      });
    } catch (recordError) {
      this.logger.error({ err: recordError, contactId }, 'Could not record a contact that failed to prepare');
    }
  }
}
