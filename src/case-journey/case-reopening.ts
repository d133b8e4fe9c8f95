import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgreementsService } from '../contacts/agreements.service.js';
import { ContactPlanner } from '../contacts/contact-planner.js';
import type { Caller } from '../auth/access.js';
import { CaseProgressRepository } from '../cases/case-progress.repository.js';
import { CasesService } from '../cases/cases.service.js';
import { Settings } from '../settings/settings.js';
import { nextEvidenceReview } from './review-timing.js';

/**
 * Reopening a closed case when the victim says "it has started again": the SLA clock starts
 * again (a new first-response deadline by risk, in working days), the update cadence and
 * evidence reviews start again, the closure message and survey not yet sent are cancelled, the
 * victim is told (`case_reopened`), and the reopening with its
 * reason goes in the case history. Further incidents can then be added. A case that cannot be
 * reopened (anonymised, or closed too long ago) is answered with a 409 saying to log a new case
 * with `linkedCaseId`.
 */
@Injectable()
export class CaseReopenings {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly caseRecords: CaseProgressRepository,
    private readonly agreements: AgreementsService,
    private readonly planner: ContactPlanner,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  async reopen(caseId: string, reason: string, caller: Caller): Promise<void> {
    await this.db.transaction(async (db) => {
      const reopened = await this.cases.reopen(caseId, reason, caller, db);
      const now = reopened.at;
      // "We have closed your case" and the closure survey must not follow the news that it is reopened.
      const cancelledContacts = await this.planner.cancelClosureMessages(caseId, db);
      await this.caseRecords.restartEvidenceReviews(caseId, nextEvidenceReview(now, reopened.riskLevel, this.settings.evidenceReview), db);
      // The message reads the new deadline from the case ("we will contact you by …").
      const message = await this.planner.planMessage(caseId, 'case_reopened', {}, db);
      const agreement = await this.agreements.find(caseId, db);
      const nextUpdate = agreement ? await this.planner.planNextUpdate(caseId, agreement, now, db) : null;
      await this.caseRecords.addEvent(db, {
        caseId, type: 'case_reopened', at: now, officerId: caller.officerId,
        detail: {
          reopeningId: reopened.reopeningId,
          previouslyClosedAt: reopened.previouslyClosedAt,
          responseDueAt: reopened.responseDueAt,
          contactId: message?.id ?? null,
          nextUpdateDueAt: nextUpdate?.dueAt ?? null,
          cancelledContacts,
        },
      });
    });
  }
}
