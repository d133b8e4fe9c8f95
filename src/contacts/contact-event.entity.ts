import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The status timeline of a contact: each change, when, and why. No personal data. */
@Entity('contact_events')
export class ContactEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid') contactId!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') status!: string;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('jsonb', { default: {} }) detail!: Record<string, unknown>;
}
