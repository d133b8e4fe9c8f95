import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CourtHearing } from './proceedings.entity.js';

/** A vulnerable victim's proceedings with no special measures application and no task yet. */
export interface Unconsidered {
  id: string;
  case_id: string;
  spoc_officer_id: string | null;
  kind: string;
  court: string;
  next_hearing: Date | null;
}

/** A pending referral whose contact has an outcome the referral has not followed yet. */
export interface ReferralOutcome {
  id: string;
  caseId: string;
  proceedingsId: string;
  contactStatus: 'sent' | 'delivered' | 'cancelled';
  providerMessageId: string | null;
  /** When the contact was first recorded sent (or delivered). */
  sentAt: Date | null;
}

/** A referral as the proceedings view shows it, with the attempts of its contact. */
export interface ReferralRow {
  id: string;
  proceedingsId: string;
  status: string;
  dueBy: Date;
  attempts: number;
  sentAt: Date | null;
  providerMessageId: string | null;
  failureReason: string | null;
  contactId: string | null;
}

/** The court slice's queries: hearings, special measures reminders and Witness Service referrals. */
@Injectable()
export class CourtRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Hearings of the proceedings after `now`, soonest first. */
  upcomingHearings(proceedingsId: string, now: Date, db: EntityManager = this.db.manager): Promise<CourtHearing[]> {
    return db.query(
      `SELECT id, case_id AS "caseId", proceedings_id AS "proceedingsId", at, description_enc AS "descriptionEnc"
         FROM court_hearings WHERE proceedings_id = $1 AND at > $2 ORDER BY at`,
      [proceedingsId, now],
    );
  }

  /** Deletes the proceedings' hearings after `now` (they are being replaced). */
  async deleteHearingsAfter(proceedingsId: string, now: Date, db: EntityManager): Promise<void> {
    await db.query('DELETE FROM court_hearings WHERE proceedings_id = $1 AND at > $2', [proceedingsId, now]);
  }

  /**
   * Up to `limit` proceedings of open vulnerable cases with no application and no task (or just
   * `proceedingsId`), oldest first, each locked (skipping those another pass holds); next_hearing
   * is the first hearing after `now`.
   */
  lockUnconsidered(now: Date, proceedingsId: string | null, limit: number, db: EntityManager): Promise<Unconsidered[]> {
    return db.query(
      `SELECT p.id, p.case_id, c.spoc_officer_id, p.kind, p.court,
              (SELECT min(h.at) FROM court_hearings h WHERE h.proceedings_id = p.id AND h.at > $1) AS next_hearing
         FROM court_proceedings p JOIN cases c ON c.id = p.case_id
        WHERE c.vulnerable AND c.status = 'open' AND p.special_measures_task_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM special_measures_applications a WHERE a.proceedings_id = p.id)
          AND ($2::uuid IS NULL OR p.id = $2)
        ORDER BY p.created_at LIMIT $3 FOR UPDATE OF p SKIP LOCKED`,
      [now, proceedingsId, limit],
    );
  }

  /** Records the SPOC's task to consider special measures on the proceedings. */
  async setSpecialMeasuresTask(proceedingsId: string, taskId: string, db: EntityManager): Promise<void> {
    await db.query('UPDATE court_proceedings SET special_measures_task_id = $2 WHERE id = $1', [proceedingsId, taskId]);
  }

  /**
   * A pending referral for the proceedings, made now or brought back from `cancelled` (its old
   * contact and outcome forgotten); undefined when one is already pending, sent or failed.
   * `dueBy` is the latest it may go.
   */
  async planReferral(caseId: string, proceedingsId: string, dueBy: Date, now: Date, db: EntityManager): Promise<{ id: string } | undefined> {
    const [made] = await db.query(
      `INSERT INTO witness_service_referrals AS r (case_id, proceedings_id, status, due_by, created_at, updated_at)
       VALUES ($1, $2, 'pending', $3, $4, $4)
       ON CONFLICT (proceedings_id) DO UPDATE SET status = 'pending', due_by = $3, updated_at = $4,
         contact_id = NULL, sent_at = NULL, provider_message_id = NULL, failure_code = NULL, failure_reason = NULL
        WHERE r.status = 'cancelled'
       RETURNING id`,
      [caseId, proceedingsId, dueBy, now],
    );
    return made;
  }

  /** Names the contact that carries the referral. */
  async attachContact(referralId: string, contactId: string, db: EntityManager): Promise<void> {
    await db.query('UPDATE witness_service_referrals SET contact_id = $2 WHERE id = $1', [referralId, contactId]);
  }

  /** Whether the proceedings' referral has gone to the Witness Service. */
  async isReferred(proceedingsId: string, db: EntityManager = this.db.manager): Promise<boolean> {
    const [referred] = await db.query(`SELECT id FROM witness_service_referrals WHERE proceedings_id = $1 AND status = 'sent'`, [proceedingsId]);
    return Boolean(referred);
  }

  /** The proceedings' pending referral and its contact, locked until the transaction ends. */
  async lockPending(proceedingsId: string, db: EntityManager): Promise<{ id: string; contactId: string | null } | undefined> {
    const [pending] = await db.query(
      `SELECT id, contact_id AS "contactId" FROM witness_service_referrals WHERE proceedings_id = $1 AND status = 'pending' FOR UPDATE`,
      [proceedingsId],
    );
    return pending;
  }

  /** Cancels a pending referral; returns whether it was pending. */
  async markCancelled(referralId: string, now: Date, db: EntityManager): Promise<boolean> {
    const cancelled: { id: string }[] = await db.query(
      `WITH cancelled AS (UPDATE witness_service_referrals SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status = 'pending' RETURNING id)
       SELECT id FROM cancelled`,
      [referralId, now],
    );
    return cancelled.length > 0;
  }

  /** The referral a contact carries (its id and proceedings), if any. */
  async referralOfContact(contactId: string, db: EntityManager = this.db.manager): Promise<{ id: string; proceedingsId: string } | undefined> {
    const [referral] = await db.query(
      `SELECT id, proceedings_id AS "proceedingsId" FROM witness_service_referrals WHERE contact_id = $1`,
      [contactId],
    );
    return referral;
  }

  /** Up to `limit` pending referrals whose contact was sent, delivered or cancelled (ids and cases only, unlocked), oldest first. */
  referralsToFollowUp(limit: number, db: EntityManager = this.db.manager): Promise<{ id: string; caseId: string }[]> {
    return db.query(
      `SELECT r.id, r.case_id AS "caseId" FROM witness_service_referrals r JOIN contacts k ON k.id = r.contact_id
        WHERE r.status = 'pending' AND k.status IN ('sent', 'delivered', 'cancelled')
        ORDER BY r.created_at LIMIT $1`,
      [limit],
    );
  }

  /** The referral with its contact's outcome, locked, if it is still pending with one (else another pass has it). */
  async lockOutcome(referralId: string, db: EntityManager): Promise<ReferralOutcome | undefined> {
    const [row] = await db.query(
      `SELECT r.id, r.case_id AS "caseId", r.proceedings_id AS "proceedingsId", k.status AS "contactStatus", k.provider_message_id AS "providerMessageId",
              (SELECT min(e.at) FROM contact_events e WHERE e.contact_id = k.id AND e.status IN ('sent', 'delivered')) AS "sentAt"
         FROM witness_service_referrals r JOIN contacts k ON k.id = r.contact_id
        WHERE r.id = $1 AND r.status = 'pending' AND k.status IN ('sent', 'delivered', 'cancelled')
        FOR UPDATE OF r SKIP LOCKED`,
      [referralId],
    );
    return row;
  }

  /** Records the referral as gone, as its contact was, at `sentAt` with the provider's id. */
  async markSent(referralId: string, sentAt: Date, providerMessageId: string | null, now: Date, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE witness_service_referrals SET status = 'sent', sent_at = $2, provider_message_id = $3, failure_code = NULL, failure_reason = NULL, updated_at = $4
        WHERE id = $1`,
      [referralId, sentAt, providerMessageId, now],
    );
  }

  /** Records the pending referral carried by `contactId` as failed for good; returns it, if it was pending. */
  async markFailed(contactId: string, code: string | null, reason: string | null, now: Date, db: EntityManager): Promise<{ id: string; caseId: string } | undefined> {
    const [failed] = await db.query(
      `WITH failed AS (UPDATE witness_service_referrals SET status = 'failed', failure_code = $2, failure_reason = $3, updated_at = $4
                        WHERE contact_id = $1 AND status = 'pending' RETURNING id, case_id)
       SELECT id, case_id AS "caseId" FROM failed`,
      [contactId, code, reason, now],
    );
    return failed;
  }

  /** Holds the case (FOR SHARE) to the end of the transaction: planning the victim's notice needs it. */
  async holdCase(caseId: string, db: EntityManager): Promise<void> {
    await db.query('SELECT id FROM cases WHERE id = $1 FOR SHARE', [caseId]);
  }

  /** The case's SPOC (an officer id), or null. */
  async spocOf(caseId: string, db: EntityManager = this.db.manager): Promise<string | null> {
    const [c] = await db.query('SELECT spoc_officer_id FROM cases WHERE id = $1', [caseId]);
    return c?.spoc_officer_id ?? null;
  }

  /** The case's referrals (one per proceedings), with the attempts of each one's contact. */
  referralsOfCase(caseId: string, db: EntityManager = this.db.manager): Promise<ReferralRow[]> {
    return db.query(
      `SELECT r.id, r.proceedings_id AS "proceedingsId", r.status, r.due_by AS "dueBy", COALESCE(k.attempts, 0) AS attempts, r.sent_at AS "sentAt",
              r.provider_message_id AS "providerMessageId", r.failure_reason AS "failureReason", r.contact_id AS "contactId"
         FROM witness_service_referrals r LEFT JOIN contacts k ON k.id = r.contact_id WHERE r.case_id = $1`,
      [caseId],
    );
  }
}
