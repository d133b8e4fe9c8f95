import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A member of staff to give a task and an email. */
export interface StaffContact {
  id: string;
  name: string;
  email: string;
}

/** A delivery row claimed for sending, with the subscriber's sealed address and current state on its channel. */
export interface ClaimedDelivery {
  id: string;
  channel: 'email' | 'sms';
  attempts: number;
  subscriber_id: string;
  email_enc: Buffer | null;
  phone_enc: Buffer | null;
  state: string | null;
}

/** What became of one delivery: its new status, the provider's message id, and the failure code. */
export interface DeliveryOutcome {
  id: string;
  status: 'sent' | 'delivered' | 'failed' | 'queued' | 'skipped';
  providerMessageId: string | null;
  reason: string | null;
}

/** One recipient's delivery, as the API shows it (never their details). */
export interface DeliveryRow {
  subscriberId: string;
  channel: string;
  status: string;
  failureReason: string | null;
  attempts: number;
  updatedAt: Date;
}

/** Counts of a bulletin's deliveries by status, and of recipients unsubscribed since it went. */
export interface DeliveryProgress {
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
  skipped: number;
  unsubscribedSince: number;
}

/** The bulletins slice's queries: who approves a bulletin, the refusals of personal details, and the fan-out's deliveries. */
@Injectable()
export class BulletinsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The organisation's active comms officers and supervisors, but for `excludedIds`, by name. */
  approvers(organisationId: string, excludedIds: string[], db: EntityManager = this.db.manager): Promise<StaffContact[]> {
    return db.query(
      `SELECT id, name, email FROM officers
        WHERE organisation_id = $1 AND active AND role IN ('comms', 'supervisor') AND id <> ALL($2::uuid[]) ORDER BY name`,
      [organisationId, excludedIds],
    );
  }

  /** The organisation's active supervisors but `exceptOfficerId`, by name. */
  supervisors(organisationId: string, exceptOfficerId: string, db: EntityManager = this.db.manager): Promise<StaffContact[]> {
    return db.query(
      `SELECT id, name, email FROM officers WHERE organisation_id = $1 AND role = 'supervisor' AND active AND id <> $2 ORDER BY name`,
      [organisationId, exceptOfficerId],
    );
  }

  /** Within the caller's transaction: one officer's refusals are recorded one at a time (held until it ends). */
  async lockRefusals(officerId: string, db: EntityManager): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('asb:bulletin-refusals:' || $1))`, [officerId]);
  }

  /** The officer's name (the officer must exist). */
  async officerName(officerId: string, db: EntityManager = this.db.manager): Promise<string> {
    const [{ name }] = await db.query('SELECT name FROM officers WHERE id = $1', [officerId]);
    return name;
  }

  /** When the officer's bulletin content was refused, for `operations`, after `from` up to `to`, oldest first. */
  async refusals(officerId: string, from: Date, to: Date, operations: string[], db: EntityManager = this.db.manager): Promise<Date[]> {
    const rows: { at: Date }[] = await db.query(
      `SELECT at FROM audit_entries WHERE officer_id = $1 AND action = 'bulletin_content_refused' AND at > $2 AND at <= $3
          AND detail->>'operation' = ANY($4::text[]) ORDER BY at`,
      [officerId, from, to, operations],
    );
    return rows.map((r) => r.at);
  }

  /** Up to 10 approved bulletins whose send time is at or before `now`, soonest first. */
  dueIds(now: Date, db: EntityManager = this.db.manager): Promise<{ id: string }[]> {
    return db.query(
      `SELECT id FROM bulletins WHERE status = 'approved' AND send_at <= $1 ORDER BY send_at LIMIT 10`, [now],
    );
  }

  /** Marks `sent` at `now` every sending bulletin with no delivery still queued or sending. */
  async markFinishedSent(now: Date, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE bulletins b SET status = 'sent', completed_at = $1 WHERE status = 'sending'
        AND NOT EXISTS (SELECT 1 FROM bulletin_deliveries d WHERE d.bulletin_id = b.id AND d.status IN ('queued', 'sending'))`,
      [now],
    );
  }

  /** Within the caller's transaction: locks the bulletin if approved and due by `now` (skipping one locked elsewhere); undefined if not. */
  async lockDue(bulletinId: string, now: Date, db: EntityManager): Promise<{ id: string; neighbourhood_ids: string[] } | undefined> {
    const [bulletin] = await db.query(
      `SELECT id, neighbourhood_ids FROM bulletins WHERE id = $1 AND status = 'approved' AND send_at <= $2 FOR UPDATE SKIP LOCKED`, [bulletinId, now],
    );
    return bulletin;
  }

  /** One INSERT … SELECT: a queued delivery per confirmed channel of each subscriber to any of `neighbourhoodIds`, in subscriber order. */
  async insertDeliveries(bulletinId: string, now: Date, neighbourhoodIds: string[], db: EntityManager): Promise<void> {
    await db.query(
      `INSERT INTO bulletin_deliveries (bulletin_id, subscriber_id, channel, status, updated_at)
       SELECT $1, s.id, ch.channel, 'queued', $2
         FROM subscribers s CROSS JOIN LATERAL (VALUES ('email', s.email_state), ('sms', s.sms_state)) AS ch(channel, state)
        WHERE ch.state = 'confirmed'
          AND EXISTS (SELECT 1 FROM neighbourhood_subscriptions ns WHERE ns.subscriber_id = s.id AND ns.neighbourhood_id = ANY($3::uuid[]))
        ORDER BY s.id
       ON CONFLICT DO NOTHING`,
      [bulletinId, now, neighbourhoodIds],
    );
  }

  /** The bulletin's delivery ids, lowest and highest (bigint as text; null when none), and how many there are. */
  async deliveryRange(bulletinId: string, db: EntityManager = this.db.manager): Promise<{ first: string | null; last: string | null; n: number }> {
    const [range] = await db.query(
      'SELECT min(id) AS first, max(id) AS last, count(*)::int AS n FROM bulletin_deliveries WHERE bulletin_id = $1', [bulletinId],
    );
    return range;
  }

  /** Marks the bulletin sending, fanned out at `at` to `recipients` deliveries. */
  async markSending(bulletinId: string, at: Date, recipients: number, db: EntityManager): Promise<void> {
    await db.query(`UPDATE bulletins SET status = 'sending', fanned_out_at = $2, recipients = $3 WHERE id = $1`, [bulletinId, at, recipients]);
  }

  /** The bulletin's status; undefined if there is no such bulletin. */
  async status(bulletinId: string, db: EntityManager = this.db.manager): Promise<string | undefined> {
    const [bulletin] = await db.query('SELECT status FROM bulletins WHERE id = $1', [bulletinId]);
    return bulletin?.status;
  }

  /** Claims the bulletin's queued or sending deliveries with ids `fromId`..`toId` (one more attempt each, at `now`), with each subscriber's sealed address and state. */
  claimDeliveries(bulletinId: string, fromId: string, toId: string, now: Date, db: EntityManager): Promise<ClaimedDelivery[]> {
    return db.query(
      `WITH claimed AS (
         UPDATE bulletin_deliveries d SET status = 'sending', attempts = d.attempts + 1, updated_at = $4
           FROM subscribers s
          WHERE s.id = d.subscriber_id AND d.bulletin_id = $1 AND d.id BETWEEN $2 AND $3 AND d.status IN ('queued', 'sending')
          RETURNING d.id, d.channel, d.attempts, d.subscriber_id, s.email_enc, s.phone_enc,
                    CASE d.channel WHEN 'email' THEN s.email_state ELSE s.sms_state END AS state)
       SELECT * FROM claimed`,
      [bulletinId, fromId, toId, now],
    );
  }

  /** One UPDATE for the batch: each delivery's status, provider message id and failure code, at `now`. */
  async recordOutcomes(outcomes: DeliveryOutcome[], now: Date, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE bulletin_deliveries d SET status = u.status, provider_message_id = u.pid, failure_reason = u.reason, updated_at = $1
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS u(id, status, pid, reason) WHERE d.id = u.id`,
      [now, outcomes.map((o) => o.id), outcomes.map((o) => o.status), outcomes.map((o) => o.providerMessageId), outcomes.map((o) => o.reason)],
    );
  }

  /** Takes the delivery reports that arrived before the message ids `sids` were recorded and applies them (the failure code only), at `now`. */
  async applyEarlyReports(sids: string[], now: Date, db: EntityManager): Promise<void> {
    await db.query(
      `WITH early AS (DELETE FROM early_delivery_reports WHERE provider_message_id = ANY($2::text[]) RETURNING provider_message_id, status, error_code)
       UPDATE bulletin_deliveries d
          SET status = CASE WHEN early.status = 'delivered' THEN 'delivered' ELSE 'failed' END,
              failure_reason = CASE WHEN early.status = 'delivered' THEN NULL ELSE 'twilio_' || COALESCE(early.error_code, early.status) END,
              updated_at = $1
         FROM early WHERE d.provider_message_id = early.provider_message_id AND d.status IN ('sending', 'sent')`,
      [now, sids],
    );
  }

  /** Skips, at `now`, the bulletin's deliveries still queued. */
  async skipQueued(bulletinId: string, now: Date, db: EntityManager): Promise<void> {
    await db.query(`UPDATE bulletin_deliveries SET status = 'skipped', updated_at = $2 WHERE bulletin_id = $1 AND status = 'queued'`, [bulletinId, now]);
  }

  /** A page of the bulletin's deliveries in id order, of one status or any (`status` null). */
  deliveries(bulletinId: string, status: string | null, limit: number, offset: number, db: EntityManager = this.db.manager): Promise<DeliveryRow[]> {
    return db.query(
      `SELECT subscriber_id AS "subscriberId", channel, status, failure_reason AS "failureReason", attempts, updated_at AS "updatedAt"
         FROM bulletin_deliveries WHERE bulletin_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id LIMIT $3 OFFSET $4`,
      [bulletinId, status, limit, offset],
    );
  }

  /** The bulletin's deliveries counted by status, and the recipients who unsubscribed from their channel after `fannedOutAt`. */
  async progress(bulletinId: string, fannedOutAt: Date, db: EntityManager = this.db.manager): Promise<DeliveryProgress> {
    const [row] = await db.query(
      `SELECT count(*) FILTER (WHERE d.status = 'queued')::int AS queued,
              count(*) FILTER (WHERE d.status = 'sending')::int AS sending,
              count(*) FILTER (WHERE d.status = 'sent')::int AS sent,
              count(*) FILTER (WHERE d.status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE d.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE d.status = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE (d.channel = 'email' AND s.email_unsubscribed_at > $2) OR (d.channel = 'sms' AND s.sms_unsubscribed_at > $2))::int AS "unsubscribedSince"
         FROM bulletin_deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE d.bulletin_id = $1`,
      [bulletinId, fannedOutAt],
    );
    return row;
  }
}
