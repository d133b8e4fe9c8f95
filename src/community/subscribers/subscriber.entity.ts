import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type ChannelState = 'pending' | 'confirmed' | 'unsubscribed';
export type ConsentSource = 'web' | 'partner_site' | 'import';

/**
 * A resident who asked for neighbourhood news. Contact details are personal data: sealed, with
 * keyed hashes for finding a subscriber again. Each channel is opted in (double opt-in) and out
 * on its own.
 */
@Entity('subscribers')
export class Subscriber {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('bytea', { nullable: true }) emailEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) phoneEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) postcodeEnc!: Buffer | null;
  @Column('text', { nullable: true }) emailHash!: string | null;
  @Column('text', { nullable: true }) phoneHash!: string | null;
  /** `NN1 3`: enough to place them in neighbourhoods, not enough to find their door. */
  @Column('text') postcodeSector!: string;
  @Column('text', { nullable: true }) emailState!: ChannelState | null;
  @Column('text', { nullable: true }) smsState!: ChannelState | null;
  @Column('timestamptz', { nullable: true }) emailConfirmedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) smsConfirmedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) emailUnsubscribedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) smsUnsubscribedAt!: Date | null;
  /** When a confirmation was last sent on each channel (migration 1764410000000). */
  @Column('timestamptz', { nullable: true }) emailConfirmationSentAt!: Date | null;
  @Column('timestamptz', { nullable: true }) smsConfirmationSentAt!: Date | null;
  /** Why the last confirmation could not be sent (no personal data); cleared when one goes. */
  @Column('text', { nullable: true }) confirmationFailure!: string | null;
  @Column('text') consentSource!: ConsentSource;
  @Column('timestamptz') consentAt!: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

@Entity('neighbourhood_subscriptions')
export class NeighbourhoodSubscription {
  @PrimaryColumn('uuid') neighbourhoodId!: string;
  @PrimaryColumn('uuid') subscriberId!: string;
  @Column('timestamptz') subscribedAt!: Date;
}
