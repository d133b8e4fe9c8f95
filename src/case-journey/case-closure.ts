import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ContactPlanner } from '../contacts/contact-planner.js';
import type { Caller } from '../auth/access.js';
import { formatLondonDate } from '../calendar/working-days.js';
import { caseReviewDetails } from '../case-review/case-review-details.js';
import { CaseProgressRepository } from '../cases/case-progress.repository.js';
import { CasesService } from '../cases/cases.service.js';
import { ClockService } from '../clock/clock.service.js';
import { ContactLog } from '../contacts/contact-log.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { SurveysService } from '../surveys/surveys.service.js';
import type { TaskKind } from '../tasks/officer-task.entity.js';
import { TasksRepository } from '../tasks/tasks.repository.js';
import type { CloseCaseDto } from './case-journey.dto.js';
import { CaseJourneyRepository } from './case-journey.repository.js';

/** Tasks a closure leaves open: a victim's text and a dissatisfied victim still need a person. */
const KEPT_AT_CLOSURE: TaskKind[] = ['read_reply', 'dissatisfied_victim'];

/**
 * Closing a case: the closure message (what was done, the ASB Case Review route, how to report
 * again) and the survey go to the victim; every other contact not yet made is cancelled.
 */
@Injectable()
export class CaseClosure {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly caseRecords: CaseProgressRepository,
    private readonly journey: CaseJourneyRepository,
    private readonly tasks: TasksRepository,
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
      const c = await this.journey.lockForClosure(caseId, db);
      if (c.status === 'closed') throw new ConflictException(`The case was already closed on ${formatLondonDate(c.closed_at!)}`);
      const now = this.clock.now();
      const closure = { outcome: dto.outcome.trim(), reason: dto.reason.trim() };
      await this.caseRecords.close(caseId, { at: now, by: caller.officerId, closureEnc: this.cipher.sealJson(closure) }, db);
      const cancelledContacts = await this.planner.cancelUnsent(caseId, db);
      const cancelledTasks = await this.tasks.cancelOpenForCase(caseId, now, KEPT_AT_CLOSURE, db);
      // Calls and visits waiting for an officer go with their tasks.
      const waitingCalls = cancelledTasks.map((t) => t.contact_id).filter((id): id is string => Boolean(id));
      await this.contacts.transitionMany(waitingCalls, 'cancelled', { reason: 'the case was closed' }, db);
      const message = await this.planner.planMessage(caseId, 'case_closure', { closure, caseReview: caseReviewDetails(this.settings) }, db);
      await this.surveys.send(caseId, 'closure', db);
      await this.caseRecords.addEvent(db, {
        caseId, type: 'case_closed', at: now, officerId: caller.officerId,
        detail: { cancelledContacts: cancelledContacts + waitingCalls.length, cancelledTasks: cancelledTasks.length, closureContactId: message?.id ?? null },
      });
    });
  }
}
