import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ContactChannel } from '../agreements/contact-channels.js';

export { CONTACT_CHANNELS, type ContactChannel } from '../agreements/contact-channels.js';
/**
 * GOV.UK Notify's words where they fit. `sending`: the seconds around a provider call;
 * `awaiting_print`: a letter waiting for the next print run; `awaiting_officer`: a call or visit
 * waiting for an officer's task.
 */
export type ContactStatus = 'scheduled' | 'queued' | 'sending' | 'awaiting_print' | 'awaiting_officer' | 'sent' | 'delivered' | 'failed' | 'cancelled';

/** Who a contact is for: the victim, or the Witness Service (a referral, src/court/witness-service-referrals.ts). */
export type ContactRecipient = 'victim' | 'witness_service';

export const CONTACT_STATUSES: ContactStatus[] = ['scheduled', 'queued', 'sending', 'awaiting_print', 'awaiting_officer', 'sent', 'delivered', 'failed', 'cancelled'];

/** One message or call to a victim: what for, on which channel, and what happened to it. */
@Entity('contacts')
export class Contact {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('text') purpose!: string;
  @Column('text') channel!: ContactChannel;
  /** The victim's agreement and safe times govern only the victim's own messages. */
  @Column('text', { default: 'victim' }) recipient!: ContactRecipient;
  @Column('text') status!: ContactStatus;
  @Column('boolean', { default: false }) discreet!: boolean;
  @Column('timestamptz') dueAt!: Date;
  /** Purpose-specific words (an officer's update, a survey link), sealed: they may be personal. */
  @Column('bytea', { nullable: true }) dataEnc!: Buffer | null;
  @Column('text', { nullable: true }) providerMessageId!: string | null;
  @Column('text', { nullable: true }) failureCode!: string | null;
  @Column('text', { nullable: true }) failureReason!: string | null;
  @Column('int', { default: 0 }) attempts!: number;
  /** When the first send was tried: temporary failures are retried for 24 hours from here. */
  @Column('timestamptz', { nullable: true }) firstAttemptAt!: Date | null;
  /** The contact on another channel that failed, which this one replaces. */
  @Column('uuid', { nullable: true }) replacesContactId!: string | null;
  /** When the SPOC was reminded to write this update. */
  @Column('timestamptz', { nullable: true }) remindedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
