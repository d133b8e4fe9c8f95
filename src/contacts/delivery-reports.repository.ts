import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A delivery report kept because it came before its message id was on record. */
export interface EarlyReport {
  status: string;
  error_code: string | null;
}

/** Delivery reports' queries: reports kept early, the per-message-id lock, and bulletin texts' reports. */
@Injectable()
export class DeliveryReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The lock a report and the recording of its message id both take (per message id, held to the
   * end of the transaction `db`), in a fixed order so two batches cannot deadlock.
   */
  lock(providerMessageIds: string[], db: EntityManager): Promise<void> {
    return lockDeliveryReports(db, providerMessageIds);
  }

  /** Keeps (or replaces) a report received at `receivedAt` for a message id not on record yet. */
  async keepEarly(report: { providerMessageId: string; status: string; errorCode?: string | null }, receivedAt: Date, db: EntityManager): Promise<void> {
    await db.query(
      `INSERT INTO early_delivery_reports (provider_message_id, status, error_code, received_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (provider_message_id) DO UPDATE SET status = EXCLUDED.status, error_code = EXCLUDED.error_code, received_at = EXCLUDED.received_at`,
      [report.providerMessageId, report.status, report.errorCode ?? null, receivedAt],
    );
  }

  /** Removes and returns the report kept for the message id, if it was received since `since`. */
  async takeEarly(providerMessageId: string, since: Date, db: EntityManager): Promise<EarlyReport | undefined> {
    // TypeORM gives a DELETE's result as [rows, count].
    const [[early]] = await db.query(
      `DELETE FROM early_delivery_reports WHERE provider_message_id = $1 AND received_at >= $2 RETURNING status, error_code`,
      [providerMessageId, since],
    );
    return early;
  }

  /** Removes reports received before `before`; returns how many went. */
  async pruneEarly(before: Date, db: EntityManager): Promise<number> {
    const [, count] = await db.query(`DELETE FROM early_delivery_reports WHERE received_at < $1`, [before]);
    return count ?? 0;
  }

  // Bulletin texts share the status webhook; their table belongs to the community slice, which sits
  // above contacts, so these two statements live here.

  /** Whether a bulletin delivery has this provider message id. */
  async isBulletinText(providerMessageId: string, db: EntityManager): Promise<boolean> {
    const [known] = await db.query(`SELECT 1 FROM bulletin_deliveries WHERE provider_message_id = $1`, [providerMessageId]);
    return Boolean(known);
  }

  /** A bulletin text still sending or sent becomes `status` (delivered or failed, with the reason code). */
  async recordBulletinReport(providerMessageId: string, status: 'delivered' | 'failed', reason: string | null, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE bulletin_deliveries SET status = $2, failure_reason = $3, updated_at = now() WHERE provider_message_id = $1 AND status IN ('sending', 'sent')`,
      [providerMessageId, status, reason],
    );
  }
}

/**
 * The lock a report and the recording of its message id both take (per message id, held to the
 * end of the transaction), in a fixed order so two batches cannot deadlock. A function too, for
 * the bulletin fan-out, which records its texts' ids under the same lock.
 */
export async function lockDeliveryReports(db: EntityManager, providerMessageIds: string[]): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('delivery-report:' || sid)) FROM (SELECT DISTINCT unnest($1::text[]) AS sid ORDER BY 1) ids`, [providerMessageIds]);
}
