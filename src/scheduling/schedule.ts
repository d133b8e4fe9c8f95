import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken } from '@nestjs/throttler';
import { CaseReviewNotices } from '../case-review/case-review-notices.js';
import { EvidenceReviews } from '../case-journey/evidence-reviews.js';
import { CasesService } from '../cases/cases.service.js';
import { LetterPost } from '../channels/letter/letter-post.service.js';
import { BulletinFanOut } from '../community/bulletins/bulletin-fan-out.js';
import { SpecialMeasuresReminders } from '../court/special-measures-reminders.js';
import { WitnessServiceReferrals } from '../court/witness-service-referrals.js';
import { RetentionJob } from '../data-rights/retention.job.js';
import type { PostgresThrottlerStorage } from '../public-limits/request-counters.js';
import { Settings } from '../settings/settings.js';
import { SurveysService } from '../surveys/surveys.service.js';

/** How often a periodic job runs: a period, or the times of day it falls due (London time). */
export type When =
  | { every: number }
  /** A cron expression, `minute hour day month weekday`, read in London time: `30 15 * * 1-5` is 15:30 each weekday. */
  | { at: string };

/** One periodic job: its name (in logs and SchedulerRegistry), when it runs, and the call it makes. */
export interface ScheduledJob {
  name: string;
  when: When;
  /** Returns how many things it did (for logs and tests). Each job claims its own rows (FOR UPDATE SKIP LOCKED), so it may run on every instance. */
  run(): Promise<number>;
}

const SECONDS = 1000;

/**
 * Every periodic job the service runs, in the order one pass runs them. A job's times are read
 * by the service's clock, so in training a move of the training clock brings them forward
 * (see Scheduler). The dispatch engine's own one-second tick (plan, remind, claim) is the
 * Dispatcher's; these are the jobs around it.
 */
@Injectable()
export class Schedule {
  readonly jobs: readonly ScheduledJob[];

  constructor(
    referrals: WitnessServiceReferrals,
    specialMeasures: SpecialMeasuresReminders,
    surveys: SurveysService,
    evidenceReviews: EvidenceReviews,
    caseReviewNotices: CaseReviewNotices,
    retention: RetentionJob,
    bulletins: BulletinFanOut,
    @Inject(getStorageToken()) requestCounters: PostgresThrottlerStorage,
    cases: CasesService,
    letters: LetterPost,
    @Inject(Settings) settings: Settings,
  ) {
    const [hour, minute] = settings.printBatchTime.split(':').map(Number);
    this.jobs = [
      // Referrals to the Witness Service whose email (a contact, sent by the dispatcher) has gone: the victim is told.
      { name: 'court:witness-service-referrals', when: { every: 10 * SECONDS }, run: () => referrals.followUp() },
      // Vulnerable or intimidated witnesses with proceedings: the SPOC is reminded, once per proceedings, to consider special measures
      // (Youth Justice and Criminal Evidence Act 1999, Part II).
      { name: 'court:consider-special-measures', when: { every: 10 * SECONDS }, run: () => specialMeasures.remindDue() },
      // Open cases reported more than MID_CASE_SURVEY_DAYS ago get their mid-case survey, once.
      { name: 'mid-case surveys', when: { every: 10 * SECONDS }, run: () => surveys.sendMidCaseSurveys() },
      // Open cases get their first review date; reviews that have come due become SPOC tasks.
      { name: 'evidence reviews', when: { every: 10 * SECONDS }, run: () => evidenceReviews.raiseDueReviews() },
      // After each new complaint: has the victim reached the ASB Case Review threshold? (ASB, Crime and Policing Act 2014, s.104)
      { name: 'case review eligibility', when: { every: 10 * SECONDS }, run: () => caseReviewNotices.checkNewComplaints() },
      // Retention: the whole pass on the first run of each London day, else nothing.
      { name: 'retention', when: { every: 10 * SECONDS }, run: () => retention.runDaily() },
      // Approved bulletins whose time has come are fanned out onto the bulletin queue.
      { name: 'bulletin fan-out', when: { every: 10 * SECONDS }, run: () => bulletins.fanOutDue() },
      // Expired public-route request counters are deleted.
      { name: 'expired request counters', when: { every: 10 * SECONDS }, run: () => requestCounters.removeExpired() },
      // Missed first-response deadlines go into the case history, once each. Deadlines fall at
      // close of business (configurable), so the check runs hourly, at five past.
      { name: 'response deadlines', when: { at: '5 * * * *' }, run: () => cases.noteMissedDeadlines() },
      // Each weekday at PRINT_BATCH_TIME the letters waiting are merged, one run per post room.
      { name: 'print run', when: { at: `${minute} ${hour} * * 1-5` }, run: async () => (await letters.runPrintBatch()).length },
    ];
  }
}
