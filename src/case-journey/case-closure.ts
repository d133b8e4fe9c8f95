import { addCaseEvent } from '../cases/case-records.js';
import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ContactPlanner } from '../contacts/contact-planner.js';
import type { Caller } from '../auth/access.js';
import { formatLondonDate } from '../calendar/working-days.js';
import { caseReviewDetails } from '../case-review/case-review-details.js';
import { Case } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { ClockService } from '../clock/clock.service.js';
import { ContactLog } from '../contacts/contact-log.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { SurveysService } from '../surveys/surveys.service.js';
import type { CloseCaseDto } from './case-journey.dto.js';

/** Tasks a closure leaves open: a victim's text and a dissatisfied victim still need a person. */
const KEPT_AT_CLOSURE = ['read_reply', 'dissatisfied_victim'];

/**
 * Closing a case: the closure message (what was done, the ASB Case Review route, how to report
 * again) and the survey go to the victim; every other contact not yet made is cancelled.
 */
@Injectable()
export class CaseClosure {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly planner: ContactPlanner,
    private readonly contacts: ContactLog,
    private readonly surveys: SurveysService,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  async close(caseId: string, dto: CloseCaseDto, caller: Caller): Promise<void> {
    await this.cases.visibleCase(caseId, caller);
    await this.db.transaction(async (db) => {
      const [c] = await db.query('SELECT status, closed_at FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
      if (c.status === 'closed') throw new ConflictException(`The case was already closed on ${formatLondonDate(c.closed_at)}`);
      const now = this.clock.now();
      const closure = { outcome: dto.outcome.trim(), reason: dto.reason.trim() };
      await db.update(Case, { id: caseId }, {
        status: 'closed', closedAt: now, closedBy: caller.officerId, closureEnc: this.cipher.sealJson(closure),
        nextEvidenceReviewAt: null, caseReviewCheckPending: false,
      });
      const cancelledContacts = await this.planner.cancelUnsent(caseId, db);
      const cancelledTasks: { contact_id: string | null }[] = await db.query(
        `WITH cancelled AS (UPDATE officer_tasks SET status = 'cancelled', completed_at = $2 WHERE case_id = $1 AND status = 'open' AND kind <> ALL($3) RETURNING contact_id)
         SELECT contact_id FROM cancelled`,
        [caseId, now, KEPT_AT_CLOSURE],
      );
      // Calls and visits waiting for an officer go with their tasks.
      const waitingCalls = cancelledTasks.map((t) => t.contact_id).filter((id): id is string => Boolean(id));
      await this.contacts.transitionMany(waitingCalls, 'cancelled', { reason: 'the case was closed' }, db);
      const message = await this.planner.planMessage(caseId, 'case_closure', { closure, caseReview: caseReviewDetails(this.settings) }, db);
      await this.surveys.send(caseId, 'closure', db);
      await addCaseEvent(db, caseId, 'case_closed', now, caller.officerId, { cancelledContacts: cancelledContacts + waitingCalls.length, cancelledTasks: cancelledTasks.length, closureContactId: message?.id ?? null });
    });
  }
}
