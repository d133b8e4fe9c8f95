import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OfficerTask, type TaskKind } from './officer-task.entity.js';

/** The tasks slice's queries on `officer_tasks`. */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Closes every open staff task of `kind` about the bulletin with `status`, at `at`, by `officerId`; returns the tasks closed. */
  closeForBulletin(bulletinId: string, kind: TaskKind, status: 'done' | 'cancelled', at: Date, officerId: string | null, db: EntityManager): Promise<{ id: string }[]> {
    return db.query(
      `WITH closed AS (UPDATE officer_tasks SET status = $3, completed_at = $4, resolved_by = $5
                        WHERE bulletin_id = $1 AND kind = $2 AND status = 'open' AND case_id IS NULL RETURNING id)
       SELECT id FROM closed`,
      [bulletinId, kind, status, at, officerId],
    );
  }

  /**
   * Tasks with `status` on the cases the organisation leads (only `officerId`'s when given), soonest
   * due first; at most 500. Entities, no lock.
   */
  listForOrganisation(organisationId: string, status: string, officerId: string | null, db: EntityManager = this.db.manager): Promise<OfficerTask[]> {
    const q = db
      .createQueryBuilder(OfficerTask, 't')
      .innerJoin('cases', 'c', 'c.id = t.case_id')
      .where('c.lead_organisation_id = :org', { org: organisationId })
      .andWhere('t.status = :status', { status })
      .orderBy('t.due_at', 'ASC')
      .limit(500);
    if (officerId) q.andWhere('t.officer_id = :me', { me: officerId });
    return q.getMany();
  }

  /** Every task on the case, if the organisation leads it (else none), soonest due first. Entities, no lock. */
  forCaseOfOrganisation(caseId: string, organisationId: string, db: EntityManager = this.db.manager): Promise<OfficerTask[]> {
    return db
      .createQueryBuilder(OfficerTask, 't')
      .innerJoin('cases', 'c', 'c.id = t.case_id')
      .where('t.case_id = :caseId', { caseId })
      .andWhere('c.lead_organisation_id = :org', { org: organisationId })
      .orderBy('t.due_at', 'ASC')
      .getMany();
  }

  /**
   * The task, if it is on a case the organisation leads (staff tasks, on no case, are not found);
   * null otherwise. With `lock`, the task's row (not the case's) is locked FOR UPDATE until `db`'s
   * transaction ends.
   */
  findForOrganisation(id: string, organisationId: string, db: EntityManager, lock = false): Promise<OfficerTask | null> {
    const q = db
      .createQueryBuilder(OfficerTask, 't')
      .innerJoin('cases', 'c', 'c.id = t.case_id')
      .where('t.id = :id', { id })
      .andWhere('c.lead_organisation_id = :org', { org: organisationId });
    if (lock) q.setLock('pessimistic_write', undefined, ['t']);
    return q.getOne();
  }

  // For data-rights:

  /** Cancels the cases' open tasks, completed at `at`. */
  async cancelOpenForCases(caseIds: string[], at: Date, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE officer_tasks SET status = 'cancelled', completed_at = $2 WHERE case_id = ANY($1::uuid[]) AND status = 'open'`,
      [caseIds, at],
    );
  }

  /** Removes the quoted text from the cases' "read the victim's reply" tasks due on or before `dueBefore`. */
  async clearReplyBriefings(caseIds: string[], dueBefore: Date, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE officer_tasks SET briefing_enc = NULL
        WHERE case_id = ANY($1::uuid[]) AND kind = 'read_reply' AND due_at <= $2 AND briefing_enc IS NOT NULL`,
      [caseIds, dueBefore],
    );
  }

  /** Marks the case's open tasks of `kind` done at `at`; returns the tasks completed. */
  completeOpen(caseId: string, kind: TaskKind, at: Date, db: EntityManager): Promise<{ id: string }[]> {
    return db.query(
      `WITH done AS (UPDATE officer_tasks SET status = 'done', completed_at = $3 WHERE case_id = $1 AND kind = $2 AND status = 'open' RETURNING id)
       SELECT id FROM done`,
      [caseId, kind, at],
    );
  }

  /** As completeOpen, also saying who resolved them (`officerId`, null for the system); returns the tasks completed. */
  completeOpenResolvedBy(caseId: string, kind: TaskKind, at: Date, officerId: string | null, db: EntityManager): Promise<{ id: string }[]> {
    return db.query(
      `WITH done AS (UPDATE officer_tasks SET status = 'done', completed_at = $3, resolved_by = $4
                      WHERE case_id = $1 AND kind = $2 AND status = 'open' RETURNING id)
       SELECT id FROM done`,
      [caseId, kind, at, officerId],
    );
  }

  /**
   * Open tasks due before `until` on the organisation's cases (only `officerId`'s when given), soonest
   * first, with the case reference; at most 500.
   */
  dueForOrganisation(
    organisationId: string, until: Date, officerId: string | null, db: EntityManager = this.db.manager,
  ): Promise<{ id: string; case_id: string; reference: string; kind: TaskKind; due_at: Date }[]> {
    return db.query(
      `SELECT t.id, t.case_id, c.reference, t.kind, t.due_at FROM officer_tasks t JOIN cases c ON c.id = t.case_id
        WHERE c.lead_organisation_id = $1 AND t.status = 'open' AND t.due_at < $2 AND ($3::uuid IS NULL OR t.officer_id = $3)
        ORDER BY t.due_at LIMIT 500`,
      [organisationId, until, officerId],
    );
  }

  // For case-journey:

  /** Cancels the case's open tasks at `at`, except those of the `kept` kinds; returns each cancelled task's contact id (or null). */
  cancelOpenForCase(caseId: string, at: Date, kept: TaskKind[], db: EntityManager): Promise<{ contact_id: string | null }[]> {
    return db.query(
      `WITH cancelled AS (UPDATE officer_tasks SET status = 'cancelled', completed_at = $2 WHERE case_id = $1 AND status = 'open' AND kind <> ALL($3) RETURNING contact_id)
         SELECT contact_id FROM cancelled`,
      [caseId, at, kept],
    );
  }

  // For court:

  /** Marks the task done at `at` if it is still open (the special measures it asked about were applied for). */
  async completeOpenTask(taskId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query(`UPDATE officer_tasks SET status = 'done', completed_at = $2 WHERE id = $1 AND status = 'open'`, [taskId, at]);
  }
}
