import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ROLES = ['officer', 'supervisor', 'comms', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A member of staff: a case officer (who may be a victim's SPOC), supervisor, comms or admin. */
@Entity('officers')
export class Officer {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') organisationId!: string;
  /** e.g. "PC"; kept apart from the name so discreet messages can leave it out. */
  @Column('text', { nullable: true }) rank!: string | null;
  /** The name without rank: "Alex Morgan". */
  @Column('text') name!: string;
  @Column('text') email!: string;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text') role!: Role;
  @Column('boolean', { default: true }) active!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
