import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ReferralStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/**
 * One referral of the victim to the Witness Service, per proceedings: the referral's own facts.
 * The email itself (with the referral form attached) is a contact to the Witness Service, sent
 * by the dispatcher with its retries; the referral's status follows that contact's. It holds no
 * personal data itself: the form is drawn when the email is written.
 */
@Entity('witness_service_referrals')
export class WitnessServiceReferral {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('uuid') proceedingsId!: string;
  /** The contact that carries the referral email; null only before it is made. */
  @Column('uuid', { nullable: true }) contactId!: string | null;
  @Column('text') status!: ReferralStatus;
  /** One working day after the proceedings or the consent were recorded. */
  @Column('timestamptz') dueBy!: Date;
  @Column('timestamptz', { nullable: true }) sentAt!: Date | null;
  @Column('text', { nullable: true }) providerMessageId!: string | null;
  @Column('text', { nullable: true }) failureCode!: string | null;
  @Column('text', { nullable: true }) failureReason!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
