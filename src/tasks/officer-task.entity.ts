import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const TASK_KINDS = [
  'phone', 'in_person', 'check_contact_details', 'write_update', 'read_reply',
  'evidence_review', 'consider_special_measures', 'dissatisfied_victim', 'case_review_decision', 'agree_contact',
  // Staff tasks, about a bulletin or a member of staff rather than a case (no case id):
  'approve_bulletin', 'bulletin_drafting_stopped',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export type TaskStatus = 'open' | 'done' | 'unsuccessful' | 'cancelled' | 'dismissed';
export const TASK_OUTCOMES = ['reached', 'no_answer', 'left_no_message', 'visited', 'not_in'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/**
 * Work for an officer: a call or visit that a contact became, or contact details to check; or a
 * staff task (a bulletin to approve), which has no case but names the organisation it is for.
 */
@Entity('officer_tasks')
export class OfficerTask {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Null only for staff tasks, which name `organisationId` instead. */
  @Column('uuid', { nullable: true }) caseId!: string | null;
  @Column('uuid', { nullable: true }) bulletinId!: string | null;
  @Column('uuid', { nullable: true }) organisationId!: string | null;
  @Column('uuid', { nullable: true }) contactId!: string | null;
  @Column('uuid', { nullable: true }) officerId!: string | null;
  @Column('text') kind!: TaskKind;
  @Column('text') status!: TaskStatus;
  @Column('timestamptz') dueAt!: Date;
  /** What to cover and the victim's safe times: sealed, it is about the victim. */
  @Column('bytea', { nullable: true }) briefingEnc!: Buffer | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { nullable: true }) completedAt!: Date | null;
  /** Who completed or dismissed it by hand (null when its work was done elsewhere, or by the system). */
  @Column('uuid', { nullable: true }) resolvedBy!: string | null;
  /** The note on completion or the reason for dismissal: sealed, it may be about the victim. */
  @Column('bytea', { nullable: true }) resolutionEnc!: Buffer | null;
}

@Entity('task_attempts')
export class TaskAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid') taskId!: string;
  @Column('timestamptz') at!: Date;
  @Column('uuid') officerId!: string;
  @Column('text') outcome!: TaskOutcome;
  @Column('bytea', { nullable: true }) noteEnc!: Buffer | null;
}
