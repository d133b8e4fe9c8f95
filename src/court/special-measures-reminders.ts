import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { formatLondonDate } from '../calendar/working-days.js';
import { ClockService } from '../clock/clock.service.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { addCaseEvent } from '../cases/cases.repository.js';
import { addWorkingDaysAt } from '../calendar/working-days.js';
import { CourtRepository } from './court.repository.js';

/**
 * A vulnerable victim with proceedings and no special measures application: the SPOC is asked,
 * once per proceedings, to consider applying. Runs when proceedings are recorded and as scheduled
 * work, which finds cases that became vulnerable later.
 */
@Injectable()
export class SpecialMeasuresReminders {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: CourtRepository,
    private readonly tasks: OfficerTasks,
    private readonly clock: ClockService,
  ) {}

  /** The scheduled pass (src/scheduling/schedule.ts): every case that needs a reminder, in one transaction. */
  remindDue(): Promise<number> {
    return this.db.transaction((db) => this.remind(db));
  }

  /** Tasks for every such proceedings (or just `proceedingsId`); returns how many were made. */
  async remind(db: EntityManager, proceedingsId?: string, limit = 200): Promise<number> {
    const now = this.clock.now();
    const due = await this.repository.lockUnconsidered(now, proceedingsId ?? null, limit, db);
    for (const p of due) {
      const hearing = p.next_hearing ? ` The next hearing is on ${formatLondonDate(p.next_hearing)}.` : '';
      const task = await this.tasks.create({
        caseId: p.case_id, officerId: p.spoc_officer_id, kind: 'consider_special_measures', dueAt: addWorkingDaysAt(now, 1),
        briefing: {
          purpose: 'special_measures',
          whatToCover: `The victim is vulnerable and is a witness in ${p.kind} proceedings at ${p.court}, with no application for special measures.${hearing} `
            + `Consider with them whether to apply for special measures (screens, a live link, an intermediary and so on), and record the application with POST /v1/cases/${p.case_id}/special-measures.`,
        },
      }, db);
      await this.repository.setSpecialMeasuresTask(p.id, task.id, db);
      await addCaseEvent(db, p.case_id, 'special_measures_task_created', now, null, { proceedingsId: p.id, taskId: task.id });
    }
    return due.length;
  }
}
