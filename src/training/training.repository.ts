import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A case of the victim with a phone number, as a simulated text may change it. */
export interface TextedCaseState {
  id: string;
  reference: string;
  /** The caller's organisation leads the case or has been shared it. */
  visible: boolean;
  /** Texts are among the agreed channels. */
  sms: boolean;
  /** Surveys answered. */
  answered: number;
  /** "Read the victim's reply" tasks. */
  replies: number;
}

/** Training mode's queries: what a simulated inbound text found and changed (reads only). */
@Injectable()
export class TrainingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every case of a victim with this phone hash, whether `organisationId` may see it, and what a text can change. */
  casesByPhoneHash(hash: string, organisationId: string, db: EntityManager = this.db.manager): Promise<TextedCaseState[]> {
    return db.query(
      `SELECT c.id, c.reference,
              (c.lead_organisation_id = $2 OR EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = c.id AND s.organisation_id = $2)) AS visible,
              COALESCE('sms' = ANY(a.channels), false) AS sms,
              (SELECT count(*)::int FROM surveys s WHERE s.case_id = c.id AND s.answered_at IS NOT NULL) AS answered,
              (SELECT count(*)::int FROM officer_tasks t WHERE t.case_id = c.id AND t.kind = 'read_reply') AS replies
         FROM cases c JOIN victims v ON v.id = c.victim_id LEFT JOIN contact_agreements a ON a.case_id = c.id
        WHERE v.phone_hash = $1`,
      [hash, organisationId],
    );
  }

  /** Each subscriber with this phone hash: id and text-message state. */
  subscribersByPhoneHash(hash: string, db: EntityManager = this.db.manager): Promise<{ id: string; sms_state: string }[]> {
    return db.query('SELECT id, sms_state FROM subscribers WHERE phone_hash = $1', [hash]);
  }

  /** The case an inbound text (by its provider message id) was recorded against, if it was recorded. */
  async inboundCaseId(providerMessageId: string, db: EntityManager = this.db.manager): Promise<{ case_id: string | null } | undefined> {
    const [recorded] = await db.query('SELECT case_id FROM inbound_messages WHERE provider_message_id = $1', [providerMessageId]);
    return recorded;
  }
}
