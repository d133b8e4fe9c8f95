import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A partner in the Community Safety Partnership: police force, council, housing provider. */
@Entity('organisations')
export class Organisation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') code!: string;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) website!: string | null;
  @Column('text', { array: true, nullable: true }) address!: string[] | null;
  /** Alphanumeric sender ID or number that SMS come from; the service default if unset. */
  @Column('text', { nullable: true }) smsSender!: string | null;
  /** A name that gives nothing away, shown in discreet messages if given. */
  @Column('text', { nullable: true }) discreetName!: string | null;
  /** A neutral SMS sender for discreet texts; the service's discreet sender if unset. */
  @Column('text', { nullable: true }) discreetSmsSender!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
