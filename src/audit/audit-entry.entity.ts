import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every action the audit log records. */
export const AUDIT_ACTIONS = [
  'victim_data_read', 'victim_data_created', 'victim_data_changed', 'subject_access', 'victim_data_erased',
  'print_batch_downloaded', 'officer_deactivated', 'api_key_issued', 'api_key_revoked',
  'console_signed_in', 'console_signed_out', 'console_sign_in_failed', 'password_link_issued',
  'bulletin_content_refused', 'organisation_changed', 'officer_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who read or changed a victim's data, and when. Names the fields, never their values. */
@Entity('audit_entries')
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('timestamptz') at!: Date;
  @Column('uuid') officerId!: string;
  @Column('uuid') organisationId!: string;
  @Column('text') action!: AuditAction;
  @Column('uuid', { nullable: true }) caseId!: string | null;
  @Column('uuid', { nullable: true }) victimId!: string | null;
  @Column('text', { array: true, default: [] }) fields!: string[];
  /** Ids of what was acted on (a print batch, an officer, an API key): never personal data. */
  @Column('jsonb', { default: {} }) detail!: Record<string, string>;
}
