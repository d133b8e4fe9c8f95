import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Channels with these states keep a subscriber's postcode; once none has, it is deleted too. */
const LIVE = `('pending', 'confirmed')`;

/** A subscriber as subscribing sees it: hashes, states and when each confirmation was last sent. */
export interface SubscriberRow {
  id: string;
  email_hash: string | null;
  phone_hash: string | null;
  email_state: string | null;
  sms_state: string | null;
  email_confirmation_sent_at: Date | null;
  sms_confirmation_sent_at: Date | null;
}

/** A new subscriber's sealed details, keyed hashes and channel states (null: no such channel). */
export interface NewSubscriber {
  emailEnc: Buffer | null;
  phoneEnc: Buffer | null;
  postcodeEnc: Buffer;
  emailHash: string | null;
  phoneHash: string | null;
  sector: string;
  emailState: 'pending' | null;
  smsState: 'pending' | null;
  consentSource: string;
  consentAt: Date;
}

/** Fresh consent for an existing subscriber: per channel, whether it was asked for and its new sealed detail and hash. */
export interface RefreshedConsent {
  email: boolean;
  emailEnc: Buffer | null;
  emailHash: string | null;
  sms: boolean;
  phoneEnc: Buffer | null;
  phoneHash: string | null;
  postcodeEnc: Buffer;
  sector: string;
  consentSource: string;
  consentAt: Date;
}

/** One imported person, sealed: confirmed on each channel they have, with their consent time. */
export type ImportedSubscriber = Pick<NewSubscriber, 'emailEnc' | 'phoneEnc' | 'postcodeEnc' | 'emailHash' | 'phoneHash' | 'sector' | 'consentAt'>;

/** A known subscriber's keyed hashes and channel states. */
export interface SubscriberStates {
  email_hash: string | null;
  phone_hash: string | null;
  email_state: string | null;
  sms_state: string | null;
}

/** The subscribers slice's queries on `subscribers` and `neighbourhood_subscriptions`. */
@Injectable()
export class SubscribersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Within the caller's transaction: requests for the person with this keyed hash take turns (held until it ends). */
  async lockPerson(hash: string, db: EntityManager): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`subscriber:${hash}`]);
  }

  /** Within the caller's transaction: the subscriber with this email or phone hash, locked; null if none. */
  async lockByHash(column: 'email_hash' | 'phone_hash', hash: string, db: EntityManager): Promise<SubscriberRow | null> {
    const [row] = await db.query(
      `SELECT id, email_hash, phone_hash, email_state, sms_state, email_confirmation_sent_at, sms_confirmation_sent_at
         FROM subscribers WHERE ${column} = $1 FOR UPDATE`, [hash],
    );
    return row ?? null;
  }

  /** Adds a subscriber; returns its id. */
  async insert(s: NewSubscriber, db: EntityManager): Promise<string> {
    const [row] = await db.query(
      `INSERT INTO subscribers (email_enc, phone_enc, postcode_enc, email_hash, phone_hash, postcode_sector, email_state, sms_state, consent_source, consent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [s.emailEnc, s.phoneEnc, s.postcodeEnc, s.emailHash, s.phoneHash, s.sector, s.emailState, s.smsState, s.consentSource, s.consentAt],
    );
    return row.id;
  }

  /** Fresh consent: the channels asked for are pending again unless already confirmed, with their details replaced. */
  async refreshConsent(id: string, c: RefreshedConsent, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE subscribers SET
          email_enc = CASE WHEN $2 THEN $3 ELSE email_enc END,
          email_hash = CASE WHEN $2 THEN $4 ELSE email_hash END,
          email_state = CASE WHEN $2 AND email_state IS DISTINCT FROM 'confirmed' THEN 'pending' ELSE email_state END,
          phone_enc = CASE WHEN $5 THEN $6 ELSE phone_enc END,
          phone_hash = CASE WHEN $5 THEN $7 ELSE phone_hash END,
          sms_state = CASE WHEN $5 AND sms_state IS DISTINCT FROM 'confirmed' THEN 'pending' ELSE sms_state END,
          postcode_enc = $8, postcode_sector = $9, consent_source = $10, consent_at = $11
        WHERE id = $1`,
      [id, c.email, c.emailEnc, c.emailHash, c.sms, c.phoneEnc, c.phoneHash, c.postcodeEnc, c.sector, c.consentSource, c.consentAt],
    );
  }

  /** Subscribes the subscriber to each of `neighbourhoodIds` from `at` (those already subscribed are left as they are). */
  async subscribe(subscriberId: string, neighbourhoodIds: string[], at: Date, db: EntityManager): Promise<void> {
    await db.query(
      `INSERT INTO neighbourhood_subscriptions (neighbourhood_id, subscriber_id, subscribed_at)
       SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT DO NOTHING`, [neighbourhoodIds, subscriberId, at],
    );
  }

  /** The subscriber's email and text states; undefined if there is no such subscriber. */
  async states(id: string, db: EntityManager = this.db.manager): Promise<{ email_state: string | null; sms_state: string | null } | undefined> {
    const [row] = await db.query('SELECT email_state, sms_state FROM subscribers WHERE id = $1', [id]);
    return row;
  }

  /** Confirms a pending email subscription at `at`; whether it was pending. */
  async confirmEmail(id: string, at: Date, db: EntityManager): Promise<boolean> {
    // TypeORM gives an UPDATE's result as [rows, count].
    const [done] = await db.query(
      `UPDATE subscribers SET email_state = 'confirmed', email_confirmed_at = $2 WHERE id = $1 AND email_state = 'pending' RETURNING id`, [id, at],
    );
    return done.length > 0;
  }

  /** Ends a live email subscription at `at`, deleting the address (and the postcode unless texts live on); its text state, undefined if it was not live. */
  async unsubscribeEmail(id: string, at: Date, db: EntityManager): Promise<{ sms_state: string | null } | undefined> {
    // TypeORM gives an UPDATE's result as [rows, count].
    const [[row]] = await db.query(
      `UPDATE subscribers SET email_state = 'unsubscribed', email_unsubscribed_at = $2, email_enc = NULL,
              postcode_enc = CASE WHEN sms_state IN ${LIVE} THEN postcode_enc END
        WHERE id = $1 AND email_state IN ${LIVE} RETURNING sms_state`,
      [id, at],
    );
    return row;
  }

  /** Confirms the pending text subscription of the number with this keyed hash at `at`; whether one was changed. */
  async confirmSmsByPhoneHash(phoneHash: string, at: Date, db: EntityManager): Promise<boolean> {
    const [done] = await db.query(
      `UPDATE subscribers SET sms_state = 'confirmed', sms_confirmed_at = $2 WHERE phone_hash = $1 AND sms_state = 'pending' RETURNING id`, [phoneHash, at],
    );
    return done.length > 0;
  }

  /** STOP at `at`: texts end and the number is deleted (the postcode too unless email lives on); its hash stays. Whether one was changed. */
  async stopSmsByPhoneHash(phoneHash: string, at: Date, db: EntityManager): Promise<boolean> {
    const [done] = await db.query(
      `UPDATE subscribers SET sms_state = 'unsubscribed', sms_unsubscribed_at = $2, phone_enc = NULL,
              postcode_enc = CASE WHEN email_state IN ('pending', 'confirmed') THEN postcode_enc END
        WHERE phone_hash = $1 AND sms_state IN ('pending', 'confirmed') RETURNING id`,
      [phoneHash, at],
    );
    return done.length > 0;
  }

  /** Records why the subscriber's last confirmation failed (a code, never the provider's words). */
  async markConfirmationFailed(id: string, failure: string, db: EntityManager): Promise<void> {
    await db.query('UPDATE subscribers SET confirmation_failure = $2 WHERE id = $1', [id, failure]);
  }

  /** Records that the channel's confirmation was sent at `at`, clearing any failure. */
  async markConfirmationSent(id: string, channel: 'email' | 'sms', at: Date, db: EntityManager): Promise<void> {
    await db.query(
      `UPDATE subscribers SET ${channel}_confirmation_sent_at = $2, confirmation_failure = NULL WHERE id = $1`, [id, at],
    );
  }

  /** One INSERT for the batch: the new ones confirmed on their channels from `confirmedAt` (the unique indexes skip the known); returns those added. */
  insertImported(batch: ImportedSubscriber[], confirmedAt: Date, db: EntityManager): Promise<{ id: string; email_hash: string | null; phone_hash: string | null }[]> {
    return db.query(
      `INSERT INTO subscribers (email_enc, phone_enc, postcode_enc, email_hash, phone_hash, postcode_sector, email_state, sms_state,
                                email_confirmed_at, sms_confirmed_at, consent_source, consent_at)
       SELECT e, p, pc, eh, ph, sector, CASE WHEN eh IS NOT NULL THEN 'confirmed' END, CASE WHEN ph IS NOT NULL THEN 'confirmed' END,
              CASE WHEN eh IS NOT NULL THEN $8::timestamptz END, CASE WHEN ph IS NOT NULL THEN $8::timestamptz END, 'import', ca
         FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS u(e, p, pc, eh, ph, sector, ca)
       ON CONFLICT DO NOTHING
       RETURNING id, email_hash, phone_hash`,
      [
        batch.map((s) => s.emailEnc), batch.map((s) => s.phoneEnc), batch.map((s) => s.postcodeEnc),
        batch.map((s) => s.emailHash), batch.map((s) => s.phoneHash), batch.map((s) => s.sector),
        batch.map((s) => s.consentAt), confirmedAt,
      ],
    );
  }

  /** One INSERT for the batch: each [neighbourhood id, subscriber id] pair subscribed from `at` (pairs already there are left). */
  async subscribeMany(links: [string, string][], at: Date, db: EntityManager): Promise<void> {
    await db.query(
      `INSERT INTO neighbourhood_subscriptions (neighbourhood_id, subscriber_id, subscribed_at)
       SELECT n, s, $3 FROM unnest($1::uuid[], $2::uuid[]) AS u(n, s) ON CONFLICT DO NOTHING`,
      [links.map((l) => l[0]), links.map((l) => l[1]), at],
    );
  }

  /** The hashes and states of the subscribers with any of these email hashes, then of those with any of these phone hashes. */
  statesByHashes(emailHashes: string[], phoneHashes: string[], db: EntityManager = this.db.manager): Promise<SubscriberStates[]> {
    return db.query(
      `SELECT email_hash, phone_hash, email_state, sms_state FROM subscribers WHERE email_hash = ANY($1::text[])
       UNION ALL SELECT email_hash, phone_hash, email_state, sms_state FROM subscribers WHERE phone_hash = ANY($2::text[])`,
      [emailHashes, phoneHashes],
    );
  }
}
