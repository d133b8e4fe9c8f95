import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const RECEIVED_VIA = ['phone', 'email', 'letter', 'online', 'in_person'] as const;
export type ReceivedVia = (typeof RECEIVED_VIA)[number];
export const APPLICANTS = ['victim', 'on_behalf'] as const;
export type Applicant = (typeof APPLICANTS)[number];

/**
 * Where a review stands: `requested` (threshold decision due), `threshold_not_met` (the victim
 * was told; finished), `accepted` (a review meeting to hold), `reviewed` (the meeting made its
 * recommendations; the outcome letter to send), `concluded` (the outcome letter went).
 */
export const REVIEW_STATUSES = ['requested', 'threshold_not_met', 'accepted', 'reviewed', 'concluded'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const OPEN_REVIEW_STATUSES: ReviewStatus[] = ['requested', 'accepted', 'reviewed'];

/**
 * An ASB Case Review (formerly the Community Trigger; Anti-social Behaviour, Crime and Policing
 * Act 2014 s.104, and the Home Office statutory guidance for frontline professionals) asked for
 * on a case: the request, the threshold decision, the review meeting, its recommendations and
 * the outcome told to the victim. Words that may describe people are sealed.
 */
@Entity('case_reviews')
export class CaseReview {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') caseId!: string;
  @Column('text') status!: ReviewStatus;
  @Column('date') receivedOn!: string;
  @Column('text') receivedVia!: ReceivedVia;
  @Column('text') applicant!: Applicant;
  /** Who applied on the victim's behalf and how they are related (sealed). */
  @Column('bytea', { nullable: true }) applicantEnc!: Buffer | null;
  @Column('uuid') recordedBy!: string;
  @Column('timestamptz') recordedAt!: Date;
  @Column('timestamptz') decisionDueAt!: Date;
  @Column('uuid', { nullable: true }) decisionTaskId!: string | null;
  @Column('boolean', { nullable: true }) thresholdMet!: boolean | null;
  @Column('bytea', { nullable: true }) decisionReasonEnc!: Buffer | null;
  @Column('timestamptz', { nullable: true }) decidedAt!: Date | null;
  @Column('uuid', { nullable: true }) decidedBy!: string | null;
  @Column('uuid', { nullable: true }) decisionContactId!: string | null;
  @Column('date', { nullable: true }) meetingOn!: string | null;
  @Column('uuid', { array: true, nullable: true }) meetingOrganisationIds!: string[] | null;
  /** The meeting's recommendations as actions: [{what, who, by}] (sealed). */
  @Column('bytea', { nullable: true }) recommendationsEnc!: Buffer | null;
  @Column('bytea', { nullable: true }) outcomeEnc!: Buffer | null;
  @Column('uuid', { nullable: true }) outcomeContactId!: string | null;
  @Column('timestamptz', { nullable: true }) concludedAt!: Date | null;
}
