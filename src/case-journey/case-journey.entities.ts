import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RiskLevel } from '../risk/questionnaire.js';

/** One version of the action plan agreed with the victim; the actions are sealed. */
@Entity('action_plans')
export class ActionPlan {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('int') version!: number;
  @Column('bytea', { nullable: true }) actionsEnc!: Buffer | null;
  @Column('timestamptz') agreedAt!: Date;
  @Column('uuid') agreedBy!: string;
}

export const EVIDENCE_KINDS = ['diary_sheets', 'photo', 'video', 'audio', 'document', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Evidence the victim returned (diary sheets, photos, recordings), logged against the case. */
@Entity('evidence_items')
export class EvidenceItem {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('text') kind!: EvidenceKind;
  @Column('timestamptz') receivedAt!: Date;
  @Column('bytea', { nullable: true }) descriptionEnc!: Buffer | null;
  @Column('uuid') recordedBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** A review of the evidence: what will be done and why (both told to the victim), and the risk. */
@Entity('evidence_reviews')
export class EvidenceReview {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('timestamptz') reviewedAt!: Date;
  @Column('uuid') reviewedBy!: string;
  @Column('bytea', { nullable: true }) actionEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) reasonEnc!: Buffer | null;
  @Column('text') riskLevelBefore!: RiskLevel;
  @Column('text') riskLevelAfter!: RiskLevel;
  @Column('uuid', { nullable: true }) contactId!: string | null;
}
