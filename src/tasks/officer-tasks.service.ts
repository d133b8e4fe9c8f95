import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../auth/access.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { OfficerTask, TaskAttempt, TaskKind, TaskOutcome } from './officer-task.entity.js';
import { TaskContactOutcome, type TaskContactChange } from './task-contact-outcome.event.js';
import { TasksRepository } from './tasks.repository.js';

/** After this many unsuccessful calls or visits the contact is handed to the next channel. */
export const MAX_UNSUCCESSFUL_ATTEMPTS = 3;
const SUCCESSFUL: TaskOutcome[] = ['reached', 'visited'];

export interface TaskBriefing {
  purpose: string;
  /** Discreet contacts: what the officer must not say, to the victim or anyone who answers. */
  warning?: string;
  whatToCover: string;
  safeTimes?: string;
  voicemailSafe?: boolean;
  phone?: string | null;
  address?: string[] | null;
}

/** Calls and visits that contacts become, and other work for officers, with their outcomes. */
@Injectable()
export class OfficerTasks {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
    private readonly tasks: TasksRepository,
    private readonly cases: CasesRepository,
    private readonly events: EventEmitter2,
  ) {}

  async create(
    task: { caseId: string; contactId?: string; officerId: string | null; kind: TaskKind; dueAt: Date; briefing: TaskBriefing },
    db: EntityManager,
  ): Promise<OfficerTask> {
    return db.save(
      db.create(OfficerTask, {
        caseId: task.caseId,
        contactId: task.contactId ?? null,
        officerId: task.officerId,
        kind: task.kind,
        status: 'open',
        dueAt: task.dueAt,
        briefingEnc: this.cipher.sealJson(task.briefing),
      }),
    );
  }

  /** Completes every open task of `kind` on the case (the work it asked for is done); returns how many. */
  async completeOpen(caseId: string, kind: TaskKind, at: Date, db: EntityManager): Promise<number> {
    return (await this.tasks.completeOpen(caseId, kind, at, db)).length;
  }

  /** Open tasks for the caller's organisation, soonest first; `mine` narrows to the caller's own. */
  async list(caller: Caller, filters: { status?: string; mine?: boolean }) {
    const tasks = await this.tasks.listForOrganisation(caller.organisationId, filters.status ?? 'open', filters.mine ? caller.officerId : null);
    return Promise.all(tasks.map((t) => this.view(t)));
  }

  /**
   * Open tasks due before `until` on the caller's organisation's cases (`mine`: the caller's own),
   * soonest first, with the case reference: a work list, so no briefing is opened. At most 500.
   */
  async dueList(caller: Caller, filters: { mine: boolean; until: Date }) {
    const rows = await this.tasks.dueForOrganisation(caller.organisationId, filters.until, filters.mine ? caller.officerId : null);
    return rows.map((r) => ({ id: r.id, caseId: r.case_id, reference: r.reference, kind: r.kind, dueAt: r.due_at }));
  }

  /** Every task on one case the caller's organisation leads, soonest first (the console's case page). */
  async forCase(caseId: string, caller: Caller) {
    const tasks = await this.tasks.forCaseOfOrganisation(caseId, caller.organisationId);
    return Promise.all(tasks.map((t) => this.view(t)));
  }

  async get(id: string, caller: Caller) {
    return this.view(await this.visible(id, caller, this.db.manager));
  }

  /** One call or visit. Reached/visited completes the contact; the third failure hands it on. */
  async recordAttempt(id: string, caller: Caller, outcome: TaskOutcome, note: string | undefined) {
    await this.db.transaction(async (db) => {
      const task = await this.visible(id, caller, db, true);
      if (task.status !== 'open') throw InputError.of('id', 'taskOpen', `The task is already ${task.status}`);
      const expected: TaskOutcome[] = task.kind === 'in_person' ? ['visited', 'not_in'] : ['reached', 'no_answer', 'left_no_message'];
      if (task.kind !== 'check_contact_details' && !expected.includes(outcome)) {
        throw InputError.of('outcome', 'isIn', `outcome must be one of: ${expected.join(', ')}`);
      }
      const now = this.clock.now();
      await db.insert(TaskAttempt, { taskId: id, at: now, officerId: caller.officerId, outcome, noteEnc: note ? this.cipher.seal(note) : null });
      if (SUCCESSFUL.includes(outcome) || task.kind === 'check_contact_details') {
        await db.update(OfficerTask, { id }, { status: 'done', completedAt: now });
        if (task.contactId) await this.toContact(task.contactId, { status: 'delivered', reason: outcome }, db);
        return;
      }
      const failures = await db.count(TaskAttempt, { where: { taskId: id } });
      if (task.contactId) await this.toContact(task.contactId, { note: `attempt ${failures}: ${outcome}` }, db);
      if (failures >= MAX_UNSUCCESSFUL_ATTEMPTS) {
        await db.update(OfficerTask, { id }, { status: 'unsuccessful', completedAt: now });
        if (task.contactId) {
          await this.toContact(task.contactId, {
            status: 'failed',
            reason: `${MAX_UNSUCCESSFUL_ATTEMPTS} unsuccessful attempts`,
            failureCode: 'unreachable',
          }, db);
        }
      }
    });
    return this.get(id, caller);
  }

  /**
   * The officer says the task is done (`complete`, with an optional note) or no longer needed
   * (`dismiss`, with a reason): no call outcome is invented. A call or visit waiting on the
   * task is completed with it, or cancelled when the task is dismissed. Recorded in the case
   * history (ids and kind; the note and reason are sealed on the task). Not open → 409.
   */
  async resolve(id: string, caller: Caller, how: 'complete' | 'dismiss', words: string | undefined) {
    await this.db.transaction(async (db) => {
      const task = await this.visible(id, caller, db, true); // on a case: staff tasks are not visible here
      if (task.status !== 'open') throw new ConflictException(`The task is already ${task.status}`);
      const now = this.clock.now();
      const status = how === 'complete' ? 'done' : 'dismissed';
      const text = words?.trim();
      await db.update(OfficerTask, { id }, {
        status, completedAt: now, resolvedBy: caller.officerId, resolutionEnc: text ? this.cipher.seal(text) : null,
      });
      if (task.contactId) {
        const reason = how === 'complete' ? 'the officer completed the task' : 'the officer dismissed the task';
        await this.toContact(task.contactId, { status: how === 'complete' ? 'delivered' : 'cancelled', reason }, db);
      }
      await this.cases.addEvent(db, {
        caseId: task.caseId!, type: how === 'complete' ? 'task_completed' : 'task_dismissed', at: now, officerId: caller.officerId, detail: { taskId: id, kind: task.kind },
      });
    });
    return this.get(id, caller);
  }

  /**
   * The work a task asked for was done another way (an update written, a decision recorded):
   * the case's open tasks of that kind are completed, within the caller's transaction, and the
   * case history says so. Returns how many were completed.
   */
  async completeWork(caseId: string, kind: TaskKind, officerId: string | null, db: EntityManager): Promise<number> {
    const now = this.clock.now();
    const done = await this.tasks.completeOpenResolvedBy(caseId, kind, now, officerId, db);
    for (const { id } of done) await this.cases.addEvent(db, { caseId, type: 'task_completed', at: now, officerId, detail: { taskId: id, kind, byTheWork: true } });
    return done.length;
  }

  /** The contact log (a layer above) moves or notes the waiting call or visit, in this transaction. */
  private async toContact(contactId: string, change: TaskContactChange, db: EntityManager): Promise<void> {
    await this.events.emitAsync(TaskContactOutcome.event, new TaskContactOutcome(contactId, change, db));
  }

  private async visible(id: string, caller: Caller, db: EntityManager, lock = false): Promise<OfficerTask> {
    const task = await this.tasks.findForOrganisation(id, caller.organisationId, db, lock);
    if (!task) throw new NotFoundException('No task with this id');
    return task;
  }

  private async view(task: OfficerTask) {
    const attempts = await this.db.manager.find(TaskAttempt, { where: { taskId: task.id }, order: { at: 'ASC' } });
    return {
      id: task.id,
      caseId: task.caseId,
      contactId: task.contactId,
      officerId: task.officerId,
      kind: task.kind,
      status: task.status,
      dueAt: task.dueAt,
      briefing: task.briefingEnc ? this.cipher.openJson<TaskBriefing>(task.briefingEnc) : null,
      attempts: attempts.map((a) => ({ at: a.at, officerId: a.officerId, outcome: a.outcome, note: a.noteEnc ? this.cipher.open(a.noteEnc) : null })),
      completedAt: task.completedAt,
      resolvedBy: task.resolvedBy,
      resolution: task.resolutionEnc ? this.cipher.open(task.resolutionEnc) : null,
    };
  }
}
