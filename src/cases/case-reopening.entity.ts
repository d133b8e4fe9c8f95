import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A closed case opened again because the victim says it has started again; the reason is sealed. */
@Entity('case_reopenings')
export class CaseReopening {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('timestamptz') reopenedAt!: Date;
  @Column('uuid') reopenedBy!: string;
  @Column('timestamptz') previouslyClosedAt!: Date;
  @Column('bytea', { nullable: true }) reasonEnc!: Buffer | null;
}
