import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TaskKind } from './officer-task.entity.js';

/** The tasks slice's queries on `officer_tasks`. */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Closes every open staff task of `kind` about the bulletin with `status`, at `at`, by `officerId`; returns the tasks closed. */
  closeForBulletin(bulletinId: string, kind: TaskKind, status: 'done' | 'cancelled', at: Date, officerId: string | null, db: EntityManager = this.db.manager): Promise<{ id: string }[]> {
    return db.query(
      `WITH closed AS (UPDATE officer_tasks SET status = $3, completed_at = $4, resolved_by = $5
                        WHERE bulletin_id = $1 AND kind = $2 AND status = 'open' AND case_id IS NULL RETURNING id)
       SELECT id FROM closed`,
      [bulletinId, kind, status, at, officerId],
    );
  }

  // For court:

  /** Marks the task done at `at` if it is still open (the special measures it asked about were applied for). */
  async completeOpenTask(taskId: string, at: Date, db: EntityManager): Promise<void> {
    await db.query(`UPDATE officer_tasks SET status = 'done', completed_at = $2 WHERE id = $1 AND status = 'open'`, [taskId, at]);
  }
}
