import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Caller } from '../auth/access.js';
import { ClockService } from '../clock/clock.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { OfficerTask, type TaskKind } from './officer-task.entity.js';
import { TasksRepository } from './tasks.repository.js';

/** Kinds of work about a bulletin or a member of staff, never about a case. */
export type StaffTaskKind = Extract<TaskKind, 'approve_bulletin' | 'bulletin_drafting_stopped'>;

/** What a staff task asks, in words for the officer; never a victim's details. */
export interface StaffTaskBriefing {
  purpose: StaffTaskKind;
  whatToCover: string;
}

/** One staff task as its officer sees it. */
export interface StaffTaskView {
  id: string;
  kind: StaffTaskKind;
  status: string;
  dueAt: Date;
  createdAt: Date;
  bulletinId: string | null;
  briefing: StaffTaskBriefing | null;
  completedAt: Date | null;
}

/**
 * Tasks for staff that are not about a case: a bulletin to approve (comms officers, supervisors),
 * a comms officer whose drafting was stopped (supervisors). They live in `officer_tasks` with no
 * case id and the organisation they are for, so the case task lists (which join cases) never show
 * them; each officer sees only their own, here.
 */
@Injectable()
export class StaffTasks {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
    private readonly repository: TasksRepository,
  ) {}

  /** One task for `officerId` of `organisationId`, due at `dueAt`, within the caller's transaction. */
  async create(
    task: { organisationId: string; officerId: string; kind: StaffTaskKind; dueAt: Date; bulletinId?: string | null; briefing: StaffTaskBriefing },
    db: EntityManager = this.db.manager,
  ): Promise<OfficerTask> {
    return db.save(db.create(OfficerTask, {
      caseId: null, contactId: null, organisationId: task.organisationId, officerId: task.officerId, bulletinId: task.bulletinId ?? null,
      kind: task.kind, status: 'open', dueAt: task.dueAt, briefingEnc: this.cipher.sealJson(task.briefing),
    }));
  }

  /** The caller's own staff tasks with `status` (default open), soonest due first; at most 200. */
  async mine(caller: Caller, status = 'open'): Promise<StaffTaskView[]> {
    const tasks = await this.db.manager.find(OfficerTask, {
      where: { caseId: IsNull(), officerId: caller.officerId, organisationId: caller.organisationId, status: status as OfficerTask['status'] },
      order: { dueAt: 'ASC' }, take: 200,
    });
    return tasks.map((t) => this.view(t));
  }

  /**
   * Closes every open task of `kind` about the bulletin: `done` when its work was done (the
   * bulletin approved), `cancelled` when it is no longer needed. Returns how many.
   */
  async closeForBulletin(bulletinId: string, kind: StaffTaskKind, status: 'done' | 'cancelled', officerId: string | null, db: EntityManager): Promise<number> {
    const closed = await this.repository.closeForBulletin(bulletinId, kind, status, this.clock.now(), officerId, db);
    return closed.length;
  }

  /** The caller marks one of their own staff tasks done. Not theirs → 404; not open → 409. */
  async complete(id: string, caller: Caller): Promise<StaffTaskView> {
    return this.db.transaction(async (db) => {
      const task = await db.findOne(OfficerTask, {
        where: { id, caseId: IsNull(), officerId: caller.officerId, organisationId: caller.organisationId }, lock: { mode: 'pessimistic_write' },
      });
      if (!task) throw new NotFoundException('No task of yours with this id');
      if (task.status !== 'open') throw new ConflictException(`The task is already ${task.status}`);
      await db.update(OfficerTask, { id }, { status: 'done', completedAt: this.clock.now(), resolvedBy: caller.officerId });
      return this.view(await db.findOneByOrFail(OfficerTask, { id }));
    });
  }

  private view(t: OfficerTask): StaffTaskView {
    return {
      id: t.id, kind: t.kind as StaffTaskKind, status: t.status, dueAt: t.dueAt, createdAt: t.createdAt, bulletinId: t.bulletinId,
      briefing: t.briefingEnc ? this.cipher.openJson<StaffTaskBriefing>(t.briefingEnc) : null, completedAt: t.completedAt,
    };
  }
}
