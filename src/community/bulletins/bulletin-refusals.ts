import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Caller } from '../../auth/access.js';
import { formatLondonTime } from '../bulletin-content/bulletin-view.js';
import { ClockService } from '../../clock/clock.service.js';
import { InputError } from '../../http/input-error.js';
import { TooManyRequests } from '../../public-limits/too-many-requests.js';
import { StaffTasks } from '../../tasks/staff-tasks.service.js';
import type { WordsFinding } from '../bulletin-content/bulletin-words-check.js';
import { personalDetailsProblem } from '../bulletin-content/victim-data-matcher.js';
import { BulletinsRepository } from './bulletins.repository.js';
import { StaffNotices, type StaffNotice } from './staff-notices.js';

/** Refused drafts and changes an officer may have in an hour; one more stops their drafting. */
export const REFUSALS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;
/** Counted: what the officer wrote. A refused approval is audited but not counted: an approver does not write. */
const COUNTED = ['draft', 'update'];

export type RefusedOperation = 'draft' | 'update' | 'approve' | 'submit';

/**
 * Personal details in a bulletin are refused with one answer whatever was found (so the refusal
 * tells nobody who is a victim), and every refusal is audited: the officer, the bulletin, the
 * fields and the kind of detail, never the words. More than REFUSALS_PER_HOUR refused drafts or
 * changes in an hour stop the officer's drafting until the hour is over (429, Retry-After) and
 * their organisation's supervisors are told (a task and an email). Counted from the audit log,
 * so the count survives restarts.
 */
@Injectable()
export class BulletinRefusals {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly tasks: StaffTasks,
    private readonly notices: StaffNotices,
    private readonly clock: ClockService,
    private readonly repository: BulletinsRepository,
  ) {}

  /** 429 with Retry-After while the caller's drafting is stopped; else nothing. */
  async assertMayDraft(caller: Caller): Promise<void> {
    const seconds = await this.stoppedFor(caller.officerId, this.db.manager);
    if (seconds > 0) throw this.stopped(seconds);
  }

  /**
   * Records the refusal and throws: the 400 naming each field (`content.<field>`, rule
   * `personalDetails`, the same words for every kind), or the 429 when this refusal stops the
   * caller's drafting.
   */
  async refuse(caller: Caller, operation: RefusedOperation, bulletinId: string | null, findings: WordsFinding[]): Promise<never> {
    const fields = findings.map((f) => `content.${f.field}`);
    const classes = findings.map((f) => `content.${f.field}=${f.classes.join(',')}`).join(';');
    const outcome = await this.db.transaction(async (db) => {
      // One officer's refusals one at a time, so exactly one crosses the limit.
      await this.repository.lockRefusals(caller.officerId, db);
      await this.audit.record(caller, 'bulletin_content_refused', {
        fields, detail: { ...(bulletinId ? { bulletinId } : {}), operation, rule: 'personalDetails', classes },
      }, db);
      const recent = COUNTED.includes(operation) ? await this.recent(caller.officerId, db) : [];
      if (recent.length !== REFUSALS_PER_HOUR + 1) return { recent, tell: null };
      const name = await this.repository.officerName(caller.officerId, db);
      const notice = this.notice(caller.officerId, name, recent);
      return { recent, tell: { notice, supervisors: await this.tellSupervisors(caller, notice.paragraphs.join(' '), db) } };
    });
    if (outcome.recent.length <= REFUSALS_PER_HOUR) throw new InputError(fields.map(personalDetailsProblem));
    if (outcome.tell) await this.notices.send(outcome.tell.supervisors, outcome.tell.notice);
    throw this.stopped(this.secondsLeft(outcome.recent));
  }

  /** Seconds until the officer may draft again; 0 when they may now. */
  private async stoppedFor(officerId: string, db: EntityManager): Promise<number> {
    const recent = await this.recent(officerId, db);
    return recent.length > REFUSALS_PER_HOUR ? this.secondsLeft(recent) : 0;
  }

  /** Until the refusal that took the count over the limit is an hour old. */
  private secondsLeft(recent: Date[]): number {
    const crossing = recent[recent.length - REFUSALS_PER_HOUR - 1];
    return Math.max(1, Math.ceil((crossing.getTime() + HOUR_MS - this.clock.now().getTime()) / 1000));
  }

  /** The officer's counted refusals in the last hour, oldest first. */
  private async recent(officerId: string, db: EntityManager): Promise<Date[]> {
    return this.repository.refusals(officerId, new Date(this.clock.now().getTime() - HOUR_MS), this.clock.now(), COUNTED, db);
  }

  private stopped(seconds: number): TooManyRequests {
    return new TooManyRequests(seconds, 'client',
      `Too many bulletins were refused for holding personal details in the last hour, so you cannot draft or change bulletins for ${Math.ceil(seconds / 60)} minutes. Your supervisor has been told.`);
  }

  /** A task for each active supervisor of the caller's organisation; returns them for the email. */
  private async tellSupervisors(caller: Caller, whatToCover: string, db: EntityManager) {
    const supervisors = await this.repository.supervisors(caller.organisationId, caller.officerId, db);
    for (const supervisor of supervisors) {
      await this.tasks.create({
        organisationId: caller.organisationId, officerId: supervisor.id, kind: 'bulletin_drafting_stopped', dueAt: this.clock.now(),
        briefing: { purpose: 'bulletin_drafting_stopped', whatToCover },
      }, db);
    }
    return supervisors;
  }

  private notice(officerId: string, name: string, recent: Date[]): StaffNotice {
    const until = new Date(this.clock.now().getTime() + this.secondsLeft(recent) * 1000);
    return {
      key: `bulletin-drafting-stopped-${officerId}-${recent[recent.length - 1].getTime()}`,
      subject: 'A comms officer\'s bulletin drafting has been stopped',
      paragraphs: [
        `More than ${REFUSALS_PER_HOUR} bulletins drafted or changed by ${name} were refused in the last hour for holding personal details (names, phone numbers, email addresses or home addresses), so they cannot draft or change bulletins until ${formatLondonTime(until)}.`,
        `The audit log lists each refusal: which bulletin and field, never the words (GET /v1/audit?officerId=${officerId}). Please talk to them about keeping personal details out of bulletins.`,
      ],
    };
  }
}
