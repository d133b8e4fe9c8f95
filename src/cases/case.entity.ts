import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RiskLevel } from '../risk/questionnaire.js';

export type CaseStatus = 'open' | 'closed';

/** An ASB case: one victim, a lead organisation, a SPOC, and the response deadline. */
@Entity('cases')
export class Case {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') reference!: string;
  @Column('uuid') victimId!: string;
  @Column('uuid') leadOrganisationId!: string;
  @Column('uuid', { nullable: true }) spocOfficerId!: string | null;
  @Column('text') status!: CaseStatus;
  @Column('text') riskLevel!: RiskLevel;
  @Column('boolean') vulnerable!: boolean;
  @Column('boolean') repeatVictim!: boolean;
  @Column('timestamptz') reportedAt!: Date;
  @Column('date') receivedOn!: string;
  @Column('timestamptz') responseDueAt!: Date;
  @Column('timestamptz', { nullable: true }) respondedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) responseBreachNotedAt!: Date | null;
  @Column('uuid') createdBy!: string;
  /** When the victim's contact agreement was first recorded; nothing goes to them before. */
  @Column('timestamptz', { nullable: true }) contactAgreedAt!: Date | null;
  /** When the acknowledgement and introduction were planned; null until the dispatcher has. */
  @Column('timestamptz', { nullable: true }) contactPlannedAt!: Date | null;
  /** Set while an agreed update is late (a holding update went out instead); for supervisors. */
  @Column('timestamptz', { nullable: true }) updateOverdueSince!: Date | null;
  /** Why the contact plan could not be made (no personal data), until the agreement is recorded again. */
  @Column('text', { nullable: true }) contactProblem!: string | null;
  @Column('timestamptz', { nullable: true }) contactProblemAt!: Date | null;
  @Column('timestamptz', { nullable: true }) closedAt!: Date | null;
  @Column('uuid', { nullable: true }) closedBy!: string | null;
  /** The outcome and reason given at closure, sealed: they may describe people. */
  @Column('bytea', { nullable: true }) closureEnc!: Buffer | null;
  /** When the victim was told they may ask for an ASB Case Review (told once). */
  @Column('timestamptz', { nullable: true }) caseReviewNotifiedAt!: Date | null;
  /** A complaint was recorded since eligibility for a Case Review was last checked. */
  @Column('boolean', { default: false }) caseReviewCheckPending!: boolean;
  @Column('timestamptz', { nullable: true }) midCaseSurveyAt!: Date | null;
  @Column('timestamptz', { nullable: true }) nextEvidenceReviewAt!: Date | null;
  /** Retention: personal data removed; the case still counts in reports. */
  @Column('timestamptz', { nullable: true }) anonymisedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) bodiesRemovedAt!: Date | null;
  /** An earlier case this one follows on from (logged when the earlier one could not be reopened). */
  @Column('uuid', { nullable: true }) linkedCaseId!: string | null;
  /** When the SLA clock last started, if not at the report: a reopening starts it again. */
  @Column('timestamptz', { nullable: true }) responseClockFrom!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
