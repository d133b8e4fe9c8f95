import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A case made visible to a partner organisation other than the lead. */
@Entity('case_shares')
export class CaseShare {
  @PrimaryColumn('uuid') caseId!: string;
  @PrimaryColumn('uuid') organisationId!: string;
  @Column('uuid') sharedBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) sharedAt!: Date;
}
