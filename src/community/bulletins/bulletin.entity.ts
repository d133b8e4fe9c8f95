import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BulletinContent } from './bulletin-content.js';

export const BULLETIN_TYPES = ['newsletter', 'street_briefing', 'leaflet'] as const;
export type BulletinType = (typeof BULLETIN_TYPES)[number];
export type BulletinStatus = 'draft' | 'approved' | 'sending' | 'sent' | 'cancelled';

/** Neighbourhood news: drafted by comms, approved by someone else, then sent and printed. */
@Entity('bulletins')
export class Bulletin {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') type!: BulletinType;
  @Column('uuid', { array: true }) neighbourhoodIds!: string[];
  /** Public words, checked for victims' details before they can be approved. */
  @Column('jsonb') content!: BulletinContent;
  @Column('text') status!: BulletinStatus;
  @Column('uuid') draftedBy!: string;
  /** When it was sent for approval, and by whom; cleared by a change. */
  @Column('timestamptz', { nullable: true }) submittedAt!: Date | null;
  @Column('uuid', { nullable: true }) submittedBy!: string | null;
  @Column('uuid', { nullable: true }) approvedBy!: string | null;
  @Column('timestamptz', { nullable: true }) approvedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) sendAt!: Date | null;
  @Column('timestamptz', { nullable: true }) fannedOutAt!: Date | null;
  @Column('int', { nullable: true }) recipients!: number | null;
  @Column('timestamptz', { nullable: true }) completedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped';

/** One bulletin to one subscriber on one channel. */
@Entity('bulletin_deliveries')
export class BulletinDelivery {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid') bulletinId!: string;
  @Column('uuid') subscriberId!: string;
  @Column('text') channel!: 'email' | 'sms';
  @Column('text') status!: DeliveryStatus;
  @Column('text', { nullable: true }) providerMessageId!: string | null;
  @Column('text', { nullable: true }) failureReason!: string | null;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('timestamptz') updatedAt!: Date;
}
