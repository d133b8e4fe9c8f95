import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ContactChannel } from './contact-channels.js';

export interface SafeWindows {
  sms?: { days: number[]; from: string; to: string } | null;
  phone?: { days: number[]; from: string; to: string } | null;
  email?: { days: number[]; from: string; to: string } | null;
  in_person?: { days: number[]; from: string; to: string } | null;
}

export interface Consent {
  channel: ContactChannel;
  givenAt: string;
}

/** How a victim has agreed to be contacted: channels in order, how often, when it is safe. */
@Entity('contact_agreements')
export class ContactAgreement {
  @PrimaryColumn('uuid') caseId!: string;
  @Column('text', { array: true }) channels!: ContactChannel[];
  @Column('int') cadenceEvery!: number;
  @Column('text') cadenceUnit!: 'days' | 'workingDays';
  /** Chosen by the victim (kept as agreed); false: left to us, it follows the risk level. */
  @Column('boolean') cadenceExplicit!: boolean;
  @Column('jsonb') safeWindows!: SafeWindows;
  @Column('boolean') discreet!: boolean;
  @Column('boolean') lettersToHome!: boolean;
  @Column('boolean') voicemailSafe!: boolean;
  @Column('boolean') largePrint!: boolean;
  @Column('jsonb') consents!: Consent[];
  @Column('uuid', { nullable: true }) recordedBy!: string | null;
  @Column('timestamptz') updatedAt!: Date;
}
