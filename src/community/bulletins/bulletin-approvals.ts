import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../../auth/access.js';
import { addWorkingDaysAt } from '../../calendar/working-days.js';
import { ClockService } from '../../clock/clock.service.js';
import { StaffTasks } from '../../tasks/staff-tasks.service.js';
import type { Bulletin } from './bulletin.entity.js';
import { BulletinsRepository } from './bulletins.repository.js';
import { StaffNotices } from './staff-notices.js';

export interface Approver {
  id: string;
  name: string;
  email: string;
}

/**
 * Asking for approval: every active comms officer and supervisor of the sender's organisation
 * other than the bulletin's author and the sender (whom the approval rule allows) gets a task,
 * due in one working day, and an email. Approving completes the tasks; a change or a cancellation
 * cancels them.
 */
@Injectable()
export class BulletinApprovals {
  constructor(
    private readonly tasks: StaffTasks,
    private readonly notices: StaffNotices,
    private readonly clock: ClockService,
    private readonly repository: BulletinsRepository,
  ) {}

  /** Within the caller's transaction: the approvers' tasks. Returns the approvers, to email once committed. */
  async ask(b: Bulletin, caller: Caller, db: EntityManager): Promise<Approver[]> {
    const approvers: Approver[] = await this.repository.approvers(caller.organisationId, [b.draftedBy, caller.officerId], db);
    const dueAt = addWorkingDaysAt(this.clock.now(), 1);
    for (const approver of approvers) {
      await this.tasks.create({
        organisationId: caller.organisationId, officerId: approver.id, kind: 'approve_bulletin', dueAt, bulletinId: b.id,
        briefing: { purpose: 'approve_bulletin', whatToCover: this.words(b).join(' ') },
      }, db);
    }
    return approvers;
  }

  /** The email to each approver (after the tasks are committed). */
  async tell(b: Bulletin, approvers: Approver[]): Promise<void> {
    if (approvers.length === 0) return;
    await this.notices.send(approvers, { key: `bulletin-approval-${b.id}-${this.clock.now().getTime()}`, subject: 'A bulletin is waiting for your approval', paragraphs: this.words(b) });
  }

  /** The approval is given or no longer wanted: the open approval tasks are closed. */
  async close(bulletinId: string, status: 'done' | 'cancelled', officerId: string | null, db: EntityManager): Promise<void> {
    await this.tasks.closeForBulletin(bulletinId, 'approve_bulletin', status, officerId, db);
  }

  private words(b: Bulletin): string[] {
    const type = b.type.replace('_', ' ');
    return [
      `A ${type}, "${b.content.headline}", has been sent for your approval.`,
      `Read it and approve it in the console, or with POST /v1/bulletins/${b.id}/approve. It must be approved by someone other than the person who wrote it.`,
    ];
  }
}
