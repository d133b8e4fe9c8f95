import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A case and its SPOC (null when it has none). */
export interface CaseAndSpoc {
  id: string;
  spoc_officer_id: string | null;
}

/** The inbound SMS slice's queries: whose case a text is about, and the texts kept. */
@Injectable()
export class InboundSmsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The most recently reported open case whose victim has the number with this keyed hash; undefined if none. */
  async latestOpenCase(phoneHash: string, db: EntityManager = this.db.manager): Promise<CaseAndSpoc | undefined> {
    const [found] = await db.query(
      `SELECT c.id, c.spoc_officer_id FROM cases c JOIN victims v ON v.id = c.victim_id
        WHERE v.phone_hash = $1 AND c.status = 'open' ORDER BY c.reported_at DESC LIMIT 1`,
      [phoneHash],
    );
    return found;
  }

  /** Keeps a text, its body sealed; false when one with this provider message id is already kept. */
  async insertMessage(caseId: string | null, fromHash: string, bodyEnc: Buffer, providerMessageId: string | null, receivedAt: Date, db: EntityManager): Promise<boolean> {
    const inserted = await db.query(
      `INSERT INTO inbound_messages (case_id, from_hash, body_enc, provider_message_id, received_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider_message_id) DO NOTHING RETURNING id`,
      [caseId, fromHash, bodyEnc, providerMessageId, receivedAt],
    );
    return inserted.length > 0;
  }

  /** Within the caller's transaction: every case not anonymised whose victim has this number, locked in id order. */
  lockCasesOfPhone(phoneHash: string, db: EntityManager): Promise<CaseAndSpoc[]> {
    return db.query(
      `SELECT c.id, c.spoc_officer_id FROM cases c JOIN victims v ON v.id = c.victim_id
        WHERE v.phone_hash = $1 AND c.anonymised_at IS NULL ORDER BY c.id FOR UPDATE OF c`,
      [phoneHash],
    );
  }
}
