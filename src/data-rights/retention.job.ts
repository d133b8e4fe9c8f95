import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { LetterPost } from '../channels/letter/letter-post.service.js';
import { DataSource, EntityManager } from 'typeorm';
import { formatLondonDate } from '../calendar/working-days.js';
import { ClockService } from '../clock/clock.service.js';
import { Settings } from '../settings/settings.js';
import { AnonymisationRepository } from './anonymisation.repository.js';
import { Anonymiser } from './anonymiser.js';
import { DataRightsRepository } from './data-rights.repository.js';
import { removeOutboxCopies } from './outbox-copies.js';

/** Cases handled per transaction, so locks are short and a large backlog still moves. */
const BATCH = 100;

/**
 * Retention (UK GDPR storage limitation). Once per day of the service's clock:
 * - message bodies of closed cases are removed once the message is `messageBodyYears` old
 *   (counted from when it was sent or received, not from closure: a long case's early
 *   messages go sooner, and by `messageBodyYears` after closure none are left);
 * - closed cases are anonymised `closedCaseYears` after closure.
 * A case with a court hearing still to come keeps its data. It runs as a scheduled job (src/scheduling/schedule.ts)
 * (and so whenever the training clock moves), on every instance: each claims its cases with
 * FOR UPDATE SKIP LOCKED. On a day it has already run it costs nothing.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);
  private lastRunDay: string | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly anonymiser: Anonymiser,
    private readonly repository: AnonymisationRepository,
    private readonly dataRights: DataRightsRepository,
    private readonly letters: LetterPost,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /** The work the tick runs: the whole pass on the first tick of each (London) day, else nothing. */
  async runDaily(): Promise<number> {
    const now = this.clock.now();
    const day = formatLondonDate(now);
    if (day === this.lastRunDay) return 0;
    const done = await this.run(now);
    this.lastRunDay = day; // only once the pass has finished: a failed one is tried again on the next tick
    return done;
  }

  /** One full pass; returns the number of cases changed. */
  async run(now: Date): Promise<number> {
    const { closedCaseYears, messageBodyYears } = this.settings.retention;
    const anonymiseClosedBefore = DateTime.fromJSDate(now, { zone: 'Europe/London' }).minus({ years: closedCaseYears }).toJSDate();
    const bodiesSentBefore = DateTime.fromJSDate(now, { zone: 'Europe/London' }).minus({ years: messageBodyYears }).toJSDate();
    const anonymised = await this.inBatches((db, seen) => this.anonymiseBatch(db, seen, anonymiseClosedBefore, now));
    const cleared = await this.inBatches((db, seen) => this.removeBodiesBatch(db, seen, bodiesSentBefore, now));
    // A print run holds every letter in it, whatever case: its files (and the outbox's copies) go once it has long been printed.
    const printBatches = await this.letters.removeExpiredRuns(now);
    if (anonymised || cleared || printBatches) this.logger.log({ anonymised, messageBodiesRemoved: cleared, printBatchFilesRemoved: printBatches }, 'Retention applied');
    return anonymised + cleared;
  }

  private async anonymiseBatch(db: EntityManager, seen: string[], closedBefore: Date, now: Date) {
    const claimed = await this.repository.claimForAnonymisation(closedBefore, seen, BATCH, db);
    const held = await this.dataRights.casesWithHearingsAfter(claimed, now, db);
    const due = claimed.filter((id) => !held.has(id));
    const { contactIds } = await this.anonymiser.anonymise(db, due, now, 'retention', null);
    return { claimed, changed: due.length, contactIds };
  }

  private async removeBodiesBatch(db: EntityManager, seen: string[], sentBefore: Date, now: Date) {
    // Closed long enough that nothing can be left, or holding a message old enough to go.
    const claimed = await this.repository.claimForBodyRemoval(sentBefore, seen, BATCH, db);
    const held = await this.dataRights.casesWithHearingsAfter(claimed, now, db);
    const due = claimed.filter((id) => !held.has(id));
    const { removed, complete, contactIds } = await this.anonymiser.removeMessageBodies(db, due, sentBefore, now);
    return { claimed, changed: new Set([...removed.keys(), ...complete]).size, contactIds };
  }

  /** Batches in their own transactions until none is left; cases looked at and left stay skipped. */
  private async inBatches(
    work: (db: EntityManager, seen: string[]) => Promise<{ claimed: string[]; changed: number; contactIds: string[] }>,
  ): Promise<number> {
    const seen: string[] = [];
    let changed = 0;
    for (;;) {
      const batch = await this.db.transaction((db) => work(db, seen));
      await removeOutboxCopies(this.settings.outboxDir, batch.contactIds);
      seen.push(...batch.claimed);
      changed += batch.changed;
      if (batch.claimed.length < BATCH) return changed;
    }
  }
}
