import type { EntityManager } from 'typeorm';

/** What a task's outcome does to the call or visit waiting on it: a move to a final status, or a note in its timeline. */
export type TaskContactChange =
  | { status: 'delivered' | 'cancelled'; reason: string }
  | { status: 'failed'; reason: string; failureCode: string }
  | { note: string };

/**
 * A task's outcome touches the contact (call or visit) waiting on it. Emitted by OfficerTasks
 * inside the transaction that records the outcome (`db`) and awaited: the contact log (in
 * src/contacts, a layer above tasks) makes the change there, so the task and its contact commit
 * together or not at all; a listener's throw reaches the caller.
 */
export class TaskContactOutcome {
  static readonly event = 'task.contact-outcome';
  constructor(
    readonly contactId: string,
    readonly change: TaskContactChange,
    readonly db: EntityManager,
  ) {}
}
