import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PROCEEDINGS_KINDS = ['criminal', 'civil'] as const;
export type ProceedingsKind = (typeof PROCEEDINGS_KINDS)[number];

/** Criminal or civil proceedings on a case, where the victim may give evidence. */
@Entity('court_proceedings')
export class CourtProceedings {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('text') kind!: ProceedingsKind;
  /** The court's name, e.g. "Northtown Magistrates' Court". */
  @Column('text') court!: string;
  /** The victim's consent to a Witness Service referral: null until recorded either way. */
  @Column('boolean', { nullable: true }) witnessServiceConsent!: boolean | null;
  @Column('timestamptz', { nullable: true }) consentRecordedAt!: Date | null;
  /** When the victim was told the Witness Service could help (no consent yet); offered once. */
  @Column('timestamptz', { nullable: true }) witnessServiceOfferedAt!: Date | null;
  /** The victim's support needs, sealed. */
  @Column('bytea', { nullable: true }) needsEnc!: Buffer | null;
  /** The SPOC's task to consider special measures for a vulnerable victim (made once). */
  @Column('uuid', { nullable: true }) specialMeasuresTaskId!: string | null;
  @Column('uuid') recordedBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** One hearing of the proceedings. The description ("trial") is sealed: officers may add names. */
@Entity('court_hearings')
export class CourtHearing {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('uuid') proceedingsId!: string;
  @Column('timestamptz') at!: Date;
  @Column('bytea', { nullable: true }) descriptionEnc!: Buffer | null;
}
