import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { formatLondonDate, LONDON, responseDeadline } from '../calendar/working-days.js';
import type { PlannedActionDto } from '../case-journey/case-journey.dto.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { CasesService } from '../cases/cases.service.js';
import { ClockService } from '../clock/clock.service.js';
import { FieldProblem, InputError } from '../http/input-error.js';
import { PartnershipService } from '../partnership/partnership.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { caseReviewDetails } from './case-review-details.js';
import type { CaseReviewDecisionDto, CaseReviewMeetingDto, CaseReviewOutcomeDto, CaseReviewRequestDto } from './case-review.dto.js';
import { CaseReview, OPEN_REVIEW_STATUSES, type ReviewStatus } from './case-review.entity.js';
import { CaseReviewsRepository } from './case-reviews.repository.js';

/**
 * The ASB Case Review, tracked (formerly the Community Trigger; Anti-social Behaviour, Crime and
 * Policing Act 2014 s.104, and the Home Office statutory guidance "Anti-social Behaviour, Crime
 * and Policing Act 2014: Anti-social behaviour powers", part 1.1): the request as received; the
 * threshold decision, told to the victim within CASE_REVIEW_DECISION_WORKING_DAYS working days
 * (the supervisor has a task due then); the review meeting with the partners who attended and
 * its recommendations as actions; and the outcome letter. Each step is in the case history.
 */
@Injectable()
export class CaseReviews {
  constructor(
    private readonly reviews: CaseReviewsRepository,
    private readonly cases: CasesService,
    private readonly caseRecords: CasesRepository,
    private readonly partnership: PartnershipService,
    private readonly planner: ContactPlanner,
    private readonly tasks: OfficerTasks,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /** A request as it came in; one review at a time per case (another while one is open → 409). */
  async request(caseId: string, dto: CaseReviewRequestDto, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    if (c.anonymisedAt) throw new ConflictException('The case was anonymised: record the request on a new case');
    const now = this.clock.now();
    if (dto.receivedOn > this.today(now)) throw InputError.of('receivedOn', 'notFuture', 'receivedOn must be today or earlier');
    if (dto.applicant === 'on_behalf' && !dto.applicantDetails) {
      throw InputError.of('applicantDetails', 'requiredOnBehalf', 'applicantDetails must say who applied when the applicant is on_behalf');
    }
    // Received during the working day: the decision is due by close of business N working days on.
    const receivedAt = DateTime.fromISO(`${dto.receivedOn}T09:00`, { zone: LONDON }).toJSDate();
    const days = this.settings.caseReview.decisionWorkingDays;
    const decisionDueAt = responseDeadline(receivedAt, days, this.settings.closeOfBusiness).dueAt;
    const supervisors = (await this.partnership.listOfficers(c.leadOrganisationId)).filter((o) => o.role === 'supervisor' && o.active);
    return this.reviews.transaction(async (db) => {
      await this.reviews.lockCase(caseId, db); // one request at a time
      const open = await this.reviews.open(caseId, db);
      if (open) throw new ConflictException(`An ASB Case Review asked for on ${open.receivedOn} is still ${open.status.replace(/_/g, ' ')}`);
      const task = await this.tasks.create({
        caseId, officerId: supervisors[0]?.id ?? null, kind: 'case_review_decision', dueAt: decisionDueAt,
        briefing: {
          purpose: 'case_review_decision',
          whatToCover: `An ASB Case Review was asked for on ${formatLondonDate(receivedAt)}. Decide whether the threshold is met and record it with POST /v1/cases/${caseId}/case-review/decision by ${formatLondonDate(decisionDueAt)}: the victim is told of the decision.`,
        },
      }, db);
      const review = await this.reviews.insert({
        caseId, status: 'requested', receivedOn: dto.receivedOn, receivedVia: dto.receivedVia, applicant: dto.applicant,
        applicantEnc: dto.applicantDetails ? this.cipher.seal(dto.applicantDetails.trim()) : null,
        recordedBy: caller.officerId, recordedAt: now, decisionDueAt, decisionTaskId: task.id,
      }, db);
      await this.caseRecords.addEvent(db, { caseId, type: 'case_review_requested', at: now, officerId: caller.officerId, detail: {
        caseReviewId: review.id, receivedOn: dto.receivedOn, receivedVia: dto.receivedVia, applicant: dto.applicant, decisionDueAt, taskId: task.id,
      } });
      return this.view(review);
    });
  }

  /** The threshold decision (supervisors); the victim is told it, and the supervisor's task is done. */
  async decide(caseId: string, dto: CaseReviewDecisionDto, caller: Caller) {
    await this.cases.visibleCase(caseId, caller);
    return this.reviews.transaction(async (db) => {
      const review = await this.current(caseId, ['requested'], 'a threshold decision', db);
      const now = this.clock.now();
      const reason = dto.reason.trim();
      const message = await this.planner.planMessage(caseId, 'case_review_decision', {
        caseReviewDecision: { thresholdMet: dto.thresholdMet, reason, requestedOn: this.londonDate(review.receivedOn) },
        caseReview: caseReviewDetails(this.settings),
      }, db);
      const status: ReviewStatus = dto.thresholdMet ? 'accepted' : 'threshold_not_met';
      const changes: Partial<CaseReview> = {
        status, thresholdMet: dto.thresholdMet, decisionReasonEnc: this.cipher.seal(reason), decidedAt: now, decidedBy: caller.officerId,
        decisionContactId: message?.id ?? null, concludedAt: dto.thresholdMet ? null : now,
      };
      await this.reviews.update(review.id, changes, db);
      await this.tasks.completeWork(caseId, 'case_review_decision', caller.officerId, db);
      await this.caseRecords.addEvent(db, { caseId, type: 'case_review_decided', at: now, officerId: caller.officerId, detail: {
        caseReviewId: review.id, thresholdMet: dto.thresholdMet, withinDeadline: now <= review.decisionDueAt, contactId: message?.id ?? null,
      } });
      return this.view({ ...review, ...changes });
    });
  }

  /** The review meeting: the date, the partners who attended, and its recommendations as actions. */
  async meeting(caseId: string, dto: CaseReviewMeetingDto, caller: Caller) {
    await this.cases.visibleCase(caseId, caller);
    const now = this.clock.now();
    await this.checkMeeting(dto, now);
    return this.reviews.transaction(async (db) => {
      const review = await this.current(caseId, ['accepted'], 'a review meeting', db);
      const recommendations = dto.recommendations.map((r) => ({ what: r.what.trim(), who: r.who.toLowerCase(), by: r.by }));
      const changes: Partial<CaseReview> = {
        status: 'reviewed', meetingOn: dto.heldOn, meetingOrganisationIds: [...new Set(dto.organisationIds.map((id) => id.toLowerCase()))],
        recommendationsEnc: this.cipher.sealJson(recommendations),
      };
      await this.reviews.update(review.id, changes, db);
      await this.caseRecords.addEvent(db, { caseId, type: 'case_review_meeting_held', at: now, officerId: caller.officerId, detail: {
        caseReviewId: review.id, heldOn: dto.heldOn, organisationIds: changes.meetingOrganisationIds, recommendations: recommendations.length,
      } });
      return this.view({ ...review, ...changes });
    });
  }

  /** The outcome letter: what the review found and its recommendations, to the victim (by post when agreed). */
  async outcome(caseId: string, dto: CaseReviewOutcomeDto, caller: Caller) {
    await this.cases.visibleCase(caseId, caller);
    return this.reviews.transaction(async (db) => {
      const review = await this.current(caseId, ['reviewed'], 'the outcome letter', db);
      const now = this.clock.now();
      const outcome = dto.outcome.trim();
      const recommendations = review.recommendationsEnc ? this.cipher.openJson<PlannedActionDto[]>(review.recommendationsEnc) : [];
      const names = new Map((await this.partnership.findOrganisations(recommendations.filter((r) => r.who !== 'victim').map((r) => r.who))).map((o) => [o.id, o.name]));
      const message = await this.planner.planMessage(caseId, 'case_review_outcome', {
        caseReviewOutcome: {
          outcome,
          meetingOn: this.londonDate(review.meetingOn!),
          recommendations: recommendations.map((r) => ({ what: r.what, who: r.who === 'victim' ? 'You' : names.get(r.who) ?? 'A partner organisation', by: this.londonDate(r.by) })),
        },
      }, db, { channel: 'letter' });
      const changes: Partial<CaseReview> = { status: 'concluded', outcomeEnc: this.cipher.seal(outcome), outcomeContactId: message?.id ?? null, concludedAt: now };
      await this.reviews.update(review.id, changes, db);
      await this.caseRecords.addEvent(db, { caseId, type: 'case_review_concluded', at: now, officerId: caller.officerId, detail: { caseReviewId: review.id, contactId: message?.id ?? null } });
      return this.view({ ...review, ...changes });
    });
  }

  /** The case's reviews with their words (audited: they may describe people). */
  async forCase(caseId: string, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    const found = await this.reviews.forCase(caseId);
    await this.audit.record(caller, 'victim_data_read', { caseId, victimId: c.victimId, fields: ['caseReview'] });
    return found.map((r) => this.view(r));
  }

  /** Supervisors: their organisation's reviews, open (with decision deadlines) or finished. */
  async list(caller: Caller, status: 'open' | 'closed' = 'open') {
    const now = this.clock.now();
    return (await this.reviews.listForOrganisation(caller.organisationId, status === 'open')).map((r) => ({
      ...r, decisionOverdue: r.status === 'requested' && r.decisionDueAt.getTime() < now.getTime(),
    }));
  }

  private async current(caseId: string, expected: ReviewStatus[], step: string, db: EntityManager): Promise<CaseReview> {
    const review = await this.reviews.open(caseId, db);
    if (!review) throw new ConflictException('No ASB Case Review is open on this case: record the request first');
    if (!expected.includes(review.status)) throw new ConflictException(`The ASB Case Review is ${review.status.replace(/_/g, ' ')}: it is not waiting for ${step}`);
    return review;
  }

  private async checkMeeting(dto: CaseReviewMeetingDto, now: Date): Promise<void> {
    const problems: FieldProblem[] = [];
    if (dto.heldOn > this.today(now)) problems.push({ field: 'heldOn', rule: 'notFuture', message: 'heldOn must be today or earlier' });
    const ids = [...new Set([...dto.organisationIds, ...dto.recommendations.filter((r) => r.who !== 'victim').map((r) => r.who)].map((id) => id.toLowerCase()))];
    const known = new Set((await this.partnership.findOrganisations(ids)).map((o) => o.id));
    dto.organisationIds.forEach((id, i) => {
      if (!known.has(id.toLowerCase())) problems.push({ field: `organisationIds[${i}]`, rule: 'exists', message: `organisationIds[${i}] does not name a partner organisation` });
    });
    dto.recommendations.forEach((r, i) => {
      if (r.who !== 'victim' && !known.has(r.who.toLowerCase())) {
        problems.push({ field: `recommendations[${i}].who`, rule: 'exists', message: `recommendations[${i}].who does not name a partner organisation` });
      }
    });
    if (problems.length) throw new InputError(problems);
  }

  private view(r: CaseReview) {
    return {
      id: r.id, caseId: r.caseId, status: r.status, open: OPEN_REVIEW_STATUSES.includes(r.status),
      receivedOn: r.receivedOn, receivedVia: r.receivedVia, applicant: r.applicant,
      applicantDetails: r.applicantEnc ? this.cipher.open(r.applicantEnc) : null,
      recordedBy: r.recordedBy, recordedAt: r.recordedAt, decisionDueAt: r.decisionDueAt, decisionTaskId: r.decisionTaskId,
      decision: r.decidedAt
        ? { thresholdMet: r.thresholdMet, reason: r.decisionReasonEnc ? this.cipher.open(r.decisionReasonEnc) : null, decidedAt: r.decidedAt, decidedBy: r.decidedBy, contactId: r.decisionContactId }
        : null,
      meeting: r.meetingOn
        ? { heldOn: r.meetingOn, organisationIds: r.meetingOrganisationIds ?? [], recommendations: r.recommendationsEnc ? this.cipher.openJson<PlannedActionDto[]>(r.recommendationsEnc) : [] }
        : null,
      outcome: r.concludedAt && r.outcomeEnc ? { outcome: this.cipher.open(r.outcomeEnc), contactId: r.outcomeContactId, concludedAt: r.concludedAt } : null,
      concludedAt: r.concludedAt,
    };
  }

  private today(now: Date): string {
    return DateTime.fromJSDate(now, { zone: LONDON }).toISODate()!;
  }

  private londonDate(isoDate: string): string {
    return formatLondonDate(DateTime.fromISO(isoDate, { zone: LONDON }).set({ hour: 12 }).toJSDate());
  }
}
