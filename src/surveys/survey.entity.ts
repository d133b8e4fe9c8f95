import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RiskLevel } from '../risk/questionnaire.js';

export const SURVEY_KINDS = ['mid_case', 'closure'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export type AnsweredVia = 'link' | 'sms' | 'officer';

/** A satisfaction survey sent to a victim: once mid-case, once at closure; answered once. */
@Entity('surveys')
export class Survey {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('text') kind!: SurveyKind;
  /** SHA-256 of the link's token; the token itself is never stored. */
  @Column('bytea') tokenHash!: Buffer;
  /** The short code printed on a letter, hashed like the token. */
  @Column('bytea', { nullable: true }) shortCodeHash!: Buffer | null;
  /** The case's lead organisation when the survey was sent, for reporting. */
  @Column('uuid') organisationId!: string;
  @Column('text') riskLevel!: RiskLevel;
  @Column('uuid', { nullable: true }) contactId!: string | null;
  @Column('timestamptz') sentAt!: Date;
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) answeredAt!: Date | null;
  @Column('text', { nullable: true }) answeredVia!: AnsweredVia | null;
  /** The officer who typed in a returned reply slip. */
  @Column('uuid', { nullable: true }) answeredBy!: string | null;
  @Column('smallint', { nullable: true }) overall!: number | null;
  @Column('smallint', { nullable: true }) keptInformed!: number | null;
  /** The victim's own words, sealed. */
  @Column('bytea', { nullable: true }) commentEnc!: Buffer | null;
}
