import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CaseEventType =
  | 'case_opened'
  | 'incident_reported'
  | 'risk_assessed'
  | 'spoc_changed'
  | 'lead_organisation_changed'
  | 'shared'
  | 'unshared'
  | 'first_response_recorded'
  | 'response_deadline_missed'
  | 'case_closed'
  | 'action_plan_agreed'
  | 'diary_sheets_sent'
  | 'evidence_logged'
  | 'evidence_reviewed'
  | 'case_review_eligible'
  | (string & {}); // court support, surveys and retention add their own

/** The case history. `detail` never holds personal data: ids, levels and dates only. */
@Entity('case_events')
export class CaseEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid') caseId!: string;
  @Column('text') type!: CaseEventType;
  @Column('timestamptz') at!: Date;
  @Column('uuid', { nullable: true }) officerId!: string | null;
  @Column('jsonb', { default: {} }) detail!: Record<string, unknown>;
}
