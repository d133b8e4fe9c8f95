import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/access.js';
import { CasesService } from '../cases/cases.service.js';
import { pastInstant } from '../cases/past-instant.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import { TasksRepository } from '../tasks/tasks.repository.js';
import { addCaseEvent } from '../cases/cases.repository.js';
import { lockOpenCase } from '../cases/cases.repository.js';
import type { ApplySpecialMeasuresDto, DecideSpecialMeasuresDto } from './court.dto.js';
import { CourtMessages } from './court-messages.js';
import { applicationView } from './court-view.js';
import { CourtProceedings } from './proceedings.entity.js';
import { SpecialMeasuresApplication, type SpecialMeasuresOutcome } from './special-measures.entity.js';

/** Applications for special measures and the court's decisions; the victim is told each one. */
@Injectable()
export class SpecialMeasuresService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly messages: CourtMessages,
    private readonly clock: ClockService,
    private readonly tasks: TasksRepository,
  ) {}

  async apply(caseId: string, dto: ApplySpecialMeasuresDto, caller: Caller) {
    await this.cases.visibleCase(caseId, caller);
    const now = this.clock.now();
    const outcome = dto.outcome ?? 'pending';
    const decidedAt = decision(outcome, dto.decidedAt, now);
    const saved = await this.db.transaction(async (db) => {
      await lockOpenCase(db, caseId);
      const proceedings = await db.findOneBy(CourtProceedings, { id: dto.proceedingsId, caseId });
      if (!proceedings) throw InputError.of('proceedingsId', 'exists', 'proceedingsId does not name proceedings of this case');
      const application = await db.save(db.create(SpecialMeasuresApplication, {
        caseId, proceedingsId: proceedings.id, measures: dto.measures, witnessCategory: dto.witnessCategory, outcome, decidedAt, recordedBy: caller.officerId,
      }));
      await addCaseEvent(db, caseId, 'special_measures_recorded', now, caller.officerId, {
        applicationId: application.id, proceedingsId: proceedings.id, measures: application.measures, witnessCategory: application.witnessCategory, outcome,
      });
      await this.messages.specialMeasures(application, db);
      // Applying is what the SPOC was asked to consider: that task is done.
      if (proceedings.specialMeasuresTaskId) {
        await this.tasks.completeOpenTask(proceedings.specialMeasuresTaskId, now, db);
      }
      return application;
    });
    return applicationView(saved);
  }

  /** The court's decision; the victim is told when the outcome changes. */
  async decide(caseId: string, applicationId: string, dto: DecideSpecialMeasuresDto, caller: Caller) {
    await this.cases.visibleCase(caseId, caller);
    const now = this.clock.now();
    const decidedAt = decision(dto.outcome, dto.decidedAt, now);
    const saved = await this.db.transaction(async (db) => {
      await lockOpenCase(db, caseId);
      const application = await db.findOne(SpecialMeasuresApplication, { where: { id: applicationId, caseId }, lock: { mode: 'pessimistic_write' } });
      if (!application) throw new NotFoundException('No special measures application with this id on this case');
      const changed = application.outcome !== dto.outcome;
      application.outcome = dto.outcome;
      application.decidedAt = decidedAt;
      await db.save(application);
      if (changed) {
        await addCaseEvent(db, caseId, 'special_measures_decided', now, caller.officerId, {
          applicationId, proceedingsId: application.proceedingsId, outcome: dto.outcome,
        });
        await this.messages.specialMeasures(application, db);
      }
      return application;
    });
    return applicationView(saved);
  }
}

/** When the court decided: only for granted or refused, never in the future, now by default. */
function decision(outcome: SpecialMeasuresOutcome, decidedAt: string | undefined, now: Date): Date | null {
  if (outcome === 'pending') {
    if (decidedAt !== undefined) throw InputError.of('decidedAt', 'onlyWhenDecided', 'decidedAt is only given with outcome granted or refused');
    return null;
  }
  return pastInstant(decidedAt, 'decidedAt', now) ?? now;
}
