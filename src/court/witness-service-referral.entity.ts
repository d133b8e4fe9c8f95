import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ReferralStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/**
 * One referral of the victim to the Witness Service, per proceedings: an email with the referral
 * form attached. It holds no personal data itself: the form is drawn when it is sent.
 */
@Entity('witness_service_referrals')
export class WitnessServiceReferral {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('uuid') proceedingsId!: string;
  @Column('text') status!: ReferralStatus;
  /** One working day after the proceedings or the consent were recorded. */
  @Column('timestamptz') dueBy!: Date;
  @Column('timestamptz') nextAttemptAt!: Date;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('timestamptz', { nullable: true }) firstAttemptAt!: Date | null;
  @Column('timestamptz', { nullable: true }) sentAt!: Date | null;
  @Column('text', { nullable: true }) providerMessageId!: string | null;
  @Column('text', { nullable: true }) failureCode!: string | null;
  @Column('text', { nullable: true }) failureReason!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
