import { eachInSavepoint } from '../database/each-in-savepoint.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgreementsService } from '../contacts/agreements.service.js';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { OfficerUpdates } from '../contacts/officer-updates.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { CaseIntakeService, type RiskChange } from '../cases/case-intake.service.js';
import { CaseProgressRepository } from '../cases/case-progress.repository.js';
import { CasesService } from '../cases/cases.service.js';
import { RiskLevelChanged } from '../cases/risk-level-changed.event.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import type { RiskLevel } from '../risk/questionnaire.js';
import { Settings } from '../settings/settings.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import type { EvidenceReviewDto } from './case-journey.dto.js';
import { EvidenceReview } from './case-journey.entities.js';
import { CaseJourneyRepository } from './case-journey.repository.js';
import { nextEvidenceReview } from './review-timing.js';

const BATCH = 200;

/**
 * Evidence reviews: due at the configured interval as a task for the SPOC. Recording one
 * re-assesses risk, tells the victim what will be done and why, and sets the next review; a
 * new risk level re-plans the update cadence and the review interval.
 */
@Injectable()
export class EvidenceReviews {
  private readonly logger = new Logger(EvidenceReviews.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly caseRecords: CaseProgressRepository,
    private readonly journey: CaseJourneyRepository,
    private readonly intake: CaseIntakeService,
    private readonly agreements: AgreementsService,
    private readonly planner: ContactPlanner,
    private readonly updates: OfficerUpdates,
    private readonly tasks: OfficerTasks,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /** On RiskLevelChanged (after the re-assessment is committed). */
  @OnEvent(RiskLevelChanged.event, { suppressErrors: false })
  onRiskLevelChanged({ caseId, change }: RiskLevelChanged): Promise<void> {
    return this.afterRiskChange(caseId, change);
  }

  /** Open cases get their first review date; reviews that have come due become SPOC tasks. */
  async raiseDueReviews(): Promise<number> {
    return this.db.transaction(async (db) => {
      const now = this.clock.now();
      const unscheduled = await this.journey.lockUnscheduledReviews(BATCH, db);
      for (const c of unscheduled) {
        await this.caseRecords.setNextEvidenceReview(c.id, this.dueAfter(c.last ?? c.reported_at, c.risk_level), db);
      }
      const due = await this.journey.lockDueReviews(now, BATCH, db);
      // Each case on its own: one that fails is logged with its id and the others still get their task.
      await eachInSavepoint(db, due, async (c, one) => {
        await this.tasks.create({
          caseId: c.id, officerId: c.spoc_officer_id, kind: 'evidence_review', dueAt: c.next_evidence_review_at,
          briefing: {
            purpose: 'evidence_review',
            whatToCover: `Review the evidence on ${c.reference} (returned diary sheets and anything logged since the last review) and re-assess the risk with the victim. Then record the review with POST /v1/cases/${c.id}/evidence-reviews: what will be done next and why is sent to the victim as an update.`,
          },
        }, one);
        await this.caseRecords.clearNextEvidenceReview(c.id, one);
      }, async (c, error) => this.logger.error({ err: error, caseId: c.id }, 'Evidence review task could not be raised'));
      return due.length;
    });
  }

  async record(caseId: string, dto: EvidenceReviewDto, caller: Caller) {
    const visible = await this.cases.visibleCase(caseId, caller);
    if (visible.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
    if (!(await this.agreements.find(caseId))) {
      throw InputError.of('id', 'agreement', 'Record a contact agreement first: the victim is told the outcome of the review');
    }
    const now = this.clock.now();
    const outcome = await this.db.transaction(async (db) => {
      const risk = await this.intake.reassess(caseId, dto.riskAssessment.answers, 'riskAssessment.answers', caller, db);
      const update = await this.updates.schedule(caseId, dto.action.trim(), db, { reason: dto.reason.trim(), afterReview: true });
      const review = await db.save(db.create(EvidenceReview, {
        caseId, reviewedAt: now, reviewedBy: caller.officerId, actionEnc: this.cipher.seal(dto.action.trim()), reasonEnc: this.cipher.seal(dto.reason.trim()),
        riskLevelBefore: risk.from, riskLevelAfter: risk.to, contactId: update.contactId,
      }));
      await this.tasks.completeOpen(caseId, 'evidence_review', now, db);
      const nextReviewDueAt = this.dueAfter(now, risk.to);
      await this.caseRecords.setNextEvidenceReview(caseId, nextReviewDueAt, db);
      await this.caseRecords.addEvent(db, {
        caseId, type: 'evidence_reviewed', at: now, officerId: caller.officerId,
        detail: { reviewId: review.id, riskLevelBefore: risk.from, riskLevelAfter: risk.to, contactId: update.contactId },
      });
      // The review, its update and the re-plan at the new cadence are one transaction.
      if (risk.from !== risk.to && (await this.agreements.applyRiskCadence(caseId, risk.to, db))) await this.planner.replan(caseId, db);
      return { review, risk, update, nextReviewDueAt };
    });
    return {
      ...this.view(outcome.review),
      update: { contactId: outcome.update.contactId, channel: outcome.update.channel, dueAt: outcome.update.dueAt },
      nextReviewDueAt: outcome.nextReviewDueAt,
    };
  }

  async list(caseId: string, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    const reviews = await this.db.manager.find(EvidenceReview, { where: { caseId }, order: { reviewedAt: 'ASC' } });
    await this.audit.record(caller, 'victim_data_read', { caseId, victimId: c.victimId, fields: ['evidenceReviews'] });
    return reviews.map((r) => this.view(r));
  }

  /** A re-assessment outside a review: the default cadence and the review interval follow the new level. */
  private async afterRiskChange(caseId: string, change: RiskChange): Promise<void> {
    await this.db.transaction(async (db: EntityManager) => {
      const c = await this.journey.lockReviewSchedule(caseId, db);
      if (c?.next_evidence_review_at) {
        const last = await this.journey.lastReviewAt(caseId, db);
        await this.caseRecords.setNextEvidenceReview(caseId, this.dueAfter(last ?? c.reported_at, change.to), db);
      }
      if (await this.agreements.applyRiskCadence(caseId, change.to, db)) await this.planner.replan(caseId, db);
    });
  }

  private dueAfter(from: Date, risk: RiskLevel): Date {
    return nextEvidenceReview(new Date(from), risk, this.settings.evidenceReview);
  }

  private view(r: EvidenceReview) {
    return {
      id: r.id, reviewedAt: r.reviewedAt, reviewedBy: r.reviewedBy, action: this.cipher.openOptional(r.actionEnc), reason: this.cipher.openOptional(r.reasonEnc),
      riskLevelBefore: r.riskLevelBefore, riskLevelAfter: r.riskLevelAfter, contactId: r.contactId,
    };
  }
}
