import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RiskLevel } from './questionnaire.js';

/** One assessment of a case; the answers (health, self-harm…) are ciphertext. */
@Entity('risk_assessments')
export class RiskAssessment {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('bytea') answersEnc!: Buffer;
  @Column('int') score!: number;
  @Column('text') level!: RiskLevel;
  @Column('boolean') vulnerable!: boolean;
  @Column('text') questionnaireVersion!: string;
  @Column('uuid') assessedBy!: string;
  @Column('timestamptz') assessedAt!: Date;
}
