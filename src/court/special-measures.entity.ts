import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SPECIAL_MEASURES = [
  'screens', 'live_link', 'evidence_in_private', 'removal_of_wigs_and_gowns',
  'video_recorded_evidence', 'intermediary', 'communication_aids',
] as const;
export type SpecialMeasure = (typeof SPECIAL_MEASURES)[number];
export const WITNESS_CATEGORIES = ['vulnerable', 'intimidated'] as const;
export type WitnessCategory = (typeof WITNESS_CATEGORIES)[number];
export const OUTCOMES = ['pending', 'granted', 'refused'] as const;
export type SpecialMeasuresOutcome = (typeof OUTCOMES)[number];

/** An application to the court for special measures so the victim can give their best evidence. */
@Entity('special_measures_applications')
export class SpecialMeasuresApplication {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('uuid') proceedingsId!: string;
  @Column('text', { array: true }) measures!: SpecialMeasure[];
  @Column('text') witnessCategory!: WitnessCategory;
  @Column('text') outcome!: SpecialMeasuresOutcome;
  @Column('timestamptz', { nullable: true }) decidedAt!: Date | null;
  @Column('uuid') recordedBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
