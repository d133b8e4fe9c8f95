import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CATEGORIES = ['personal', 'nuisance', 'environmental'] as const;
export type Category = (typeof CATEGORIES)[number];

/** One report of ASB. The description and full postcode are ciphertext; the district is not. */
@Entity('incidents')
export class Incident {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('uuid') victimId!: string;
  @Column('bytea', { nullable: true }) descriptionEnc!: Buffer | null;
  @Column('text') category!: Category;
  @Column('boolean') hateMotivated!: boolean;
  @Column('bytea', { nullable: true }) postcodeEnc!: Buffer | null;
  @Column('text') postcodeDistrict!: string;
  @Column('timestamptz', { nullable: true }) occurredAt!: Date | null;
  @Column('timestamptz') reportedAt!: Date;
  @Column('uuid') recordedBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
