import { emailHash, phoneHash } from '../../contact-details/contact-hashes.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../clock/clock.service.js';
import { InputError } from '../../http/input-error.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { SmsConfirmationCap } from '../../public-limits/sms-confirmation-cap.js';
import { SMS_CAP_MESSAGE, TooManyRequests } from '../../public-limits/too-many-requests.js';
import type { Neighbourhood } from '../neighbourhoods/neighbourhood.entity.js';
import { NeighbourhoodsService } from '../neighbourhoods/neighbourhoods.service.js';
import { areasOfPostcode } from '../postcode-areas.js';
import { readSubscriberToken } from '../subscriber-links.js';
import type { ConsentSource } from './subscriber.entity.js';
import { type Confirmation, SubscriberConfirmations } from './subscriber-confirmations.js';
import { NO_NEIGHBOURHOOD, type SubscriptionRequest } from './subscription-request.js';

type Channel = 'email' | 'sms';
interface Row { id: string; email_hash: string | null; phone_hash: string | null; email_state: string | null; sms_state: string | null; email_confirmation_sent_at: Date | null; sms_confirmation_sent_at: Date | null }
/** Asking again within this time does not send another confirmation, so the form cannot flood anyone's inbox or phone. */
const RESEND_AFTER_MS = 10 * 60_000;
/** Channels with `live` state keep a subscriber's postcode; once none has, it is deleted too. */
const LIVE = `('pending', 'confirmed')`;

export type LinkOutcome = 'done' | 'already' | 'gone' | 'unknown';

/**
 * `channels`: those asked for and taken. Once today's confirmation texts are used up
 * (SUBSCRIBE_SMS_DAILY_CAP), a phone number given with an email address is left out and the
 * resident confirms by email; `smsDailyCapReached` and `message` say so.
 */
export interface SubscribeOutcome {
  status: 'pending';
  channels: Channel[];
  smsDailyCapReached?: true;
  message?: string;
}

export const SMS_CAP_EMAIL_INSTEAD = 'We cannot send any more confirmation texts today, so we have not set up texts. Confirm by email with the link we have sent you; you can ask for texts again tomorrow.';

/**
 * Subscribing (double opt-in per channel), confirming by link and unsubscribing by link. The
 * response never says whether someone was already subscribed: the same whatever we knew.
 */
@Injectable()
export class Subscriptions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly neighbourhoods: NeighbourhoodsService,
    private readonly confirmations: SubscriberConfirmations,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
    private readonly smsCap: SmsConfirmationCap,
  ) {}

  /**
   * @throws InputError naming `neighbourhoodId` or `postcode` when no neighbourhood fits.
   * @throws TooManyRequests (`smsCap`) for a phone number alone once today's confirmation texts
   *   are used up: the resident is asked for an email address instead. Decided before anything is
   *   looked up, so the answer never depends on whether the number is already subscribed.
   */
  async subscribe(asked: SubscriptionRequest, source: Exclude<ConsentSource, 'import'>): Promise<SubscribeOutcome> {
    let request = asked;
    let smsCapped = false;
    const capLiftsIn = request.phone ? await this.smsCap.reached() : null;
    if (capLiftsIn !== null) {
      if (!request.email) throw new TooManyRequests(capLiftsIn, 'smsCap', SMS_CAP_MESSAGE);
      request = { ...request, phone: null };
      smsCapped = true;
    }
    const chosen = await this.chosenNeighbourhoods(request);
    const now = this.clock.now();
    const hashes = {
      email: request.email ? emailHash(this.cipher, request.email) : null,
      sms: request.phone ? phoneHash(this.cipher, request.phone) : null,
    };
    const toConfirm: Confirmation[] = [];
    await this.db.transaction(async (db) => {
      // Two requests for the same person at once take turns.
      for (const hash of [hashes.email, hashes.sms].filter(Boolean).sort()) await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`subscriber:${hash}`]);
      const byEmail = hashes.email ? await this.row(db, 'email_hash', hashes.email) : null;
      const byPhone = hashes.sms ? await this.row(db, 'phone_hash', hashes.sms) : null;
      // A new channel joins the person's existing record only where that record has none of its own.
      const homes = new Map<string, { row: Row | null; channels: Channel[] }>();
      const place = (channel: Channel, row: Row | null) => {
        const key = row?.id ?? 'new';
        homes.set(key, { row, channels: [...(homes.get(key)?.channels ?? []), channel] });
      };
      if (hashes.email) place('email', byEmail ?? (byPhone && !byPhone.email_hash ? byPhone : null));
      if (hashes.sms) place('sms', byPhone ?? (byEmail && !byEmail.phone_hash ? byEmail : null));
      for (const { row, channels } of homes.values()) {
        const id = row?.id ?? (await this.insert(db, request, hashes, channels, source, now));
        if (row) await this.refresh(db, row, request, hashes, channels, source, now);
        await db.query(
          `INSERT INTO neighbourhood_subscriptions (neighbourhood_id, subscriber_id, subscribed_at)
           SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT DO NOTHING`, [chosen.map((n) => n.id), id, now],
        );
        for (const channel of channels) {
          const state = channel === 'email' ? row?.email_state : row?.sms_state;
          const sentAt = channel === 'email' ? row?.email_confirmation_sent_at : row?.sms_confirmation_sent_at;
          if (state === 'confirmed') continue;
          if (state === 'pending' && sentAt && now.getTime() - sentAt.getTime() < RESEND_AFTER_MS) continue;
          toConfirm.push({ subscriberId: id, channel, to: (channel === 'email' ? request.email : request.phone)!, neighbourhoods: chosen.map((n) => n.name) });
        }
      }
    });
    for (const confirmation of toConfirm) if ((await this.confirmations.send(confirmation)) === 'capped') smsCapped = true;
    const channels = (['email', 'sms'] as Channel[]).filter((c) => hashes[c]);
    if (!smsCapped) return { status: 'pending', channels };
    // Two requests at once can pass the check above with one text left: the second is capped when sending.
    return { status: 'pending', channels, smsDailyCapReached: true, message: request.email ? SMS_CAP_EMAIL_INSTEAD : SMS_CAP_MESSAGE };
  }

  /** For the confirmation page: whether the link is genuine and still waiting. Changes nothing. */
  async confirmationState(token: string): Promise<LinkOutcome> {
    const id = readSubscriberToken(this.cipher, 'confirm', token);
    if (!id) return 'unknown';
    const [row] = await this.db.query('SELECT email_state FROM subscribers WHERE id = $1', [id]);
    if (!row) return 'unknown';
    return row.email_state === 'pending' ? 'done' : row.email_state === 'confirmed' ? 'already' : 'gone';
  }

  async confirmEmail(token: string): Promise<LinkOutcome> {
    const id = readSubscriberToken(this.cipher, 'confirm', token);
    if (!id) return 'unknown';
    const [done] = await this.db.query(
      `UPDATE subscribers SET email_state = 'confirmed', email_confirmed_at = $2 WHERE id = $1 AND email_state = 'pending' RETURNING id`, [id, this.clock.now()],
    );
    return done.length ? 'done' : this.confirmationState(token);
  }

  /** For the unsubscribe page; also whether they get texts, so the page can say how to stop those too. */
  async unsubscribeState(token: string): Promise<{ outcome: LinkOutcome; sms: boolean }> {
    const id = readSubscriberToken(this.cipher, 'unsubscribe', token);
    if (!id) return { outcome: 'unknown', sms: false };
    const [row] = await this.db.query('SELECT email_state, sms_state FROM subscribers WHERE id = $1', [id]);
    if (!row) return { outcome: 'unknown', sms: false };
    return { outcome: ['pending', 'confirmed'].includes(row.email_state) ? 'done' : 'already', sms: row.sms_state === 'confirmed' };
  }

  /** One click: email stops at once and the address is deleted; its keyed hash stays so an import cannot add it back. */
  async unsubscribeEmail(token: string): Promise<{ outcome: LinkOutcome; sms: boolean }> {
    const id = readSubscriberToken(this.cipher, 'unsubscribe', token);
    if (!id) return { outcome: 'unknown', sms: false };
    // TypeORM gives an UPDATE's result as [rows, count].
    const [[row]] = await this.db.query(
      `UPDATE subscribers SET email_state = 'unsubscribed', email_unsubscribed_at = $2, email_enc = NULL,
              postcode_enc = CASE WHEN sms_state IN ${LIVE} THEN postcode_enc END
        WHERE id = $1 AND email_state IN ${LIVE} RETURNING sms_state`,
      [id, this.clock.now()],
    );
    if (row) return { outcome: 'done', sms: row.sms_state === 'confirmed' };
    const state = await this.unsubscribeState(token);
    return { ...state, outcome: state.outcome === 'unknown' ? 'unknown' : 'already' };
  }

  /** The chosen neighbourhood, which must cover the postcode; or every one that does. */
  private async chosenNeighbourhoods(request: SubscriptionRequest): Promise<Neighbourhood[]> {
    const areas = areasOfPostcode(request.postcode);
    if (request.neighbourhoodId) {
      const [chosen] = await this.neighbourhoods.find([request.neighbourhoodId]);
      if (!chosen) throw InputError.of('neighbourhoodId', 'exists', NO_NEIGHBOURHOOD);
      if (!chosen.areas.some((a) => areas.includes(a))) {
        throw InputError.of('neighbourhoodId', 'coversPostcode', 'The neighbourhood you chose does not include your postcode. Choose another, or leave it for us to choose');
      }
      return [chosen];
    }
    const covering = await this.neighbourhoods.covering(areas);
    if (covering.length === 0) throw InputError.of('postcode', 'inNeighbourhood', 'We do not send news for this area yet');
    return covering;
  }

  private async row(db: EntityManager, column: 'email_hash' | 'phone_hash', hash: string): Promise<Row | null> {
    const [row] = await db.query(
      `SELECT id, email_hash, phone_hash, email_state, sms_state, email_confirmation_sent_at, sms_confirmation_sent_at
         FROM subscribers WHERE ${column} = $1 FOR UPDATE`, [hash],
    );
    return row ?? null;
  }

  private async insert(db: EntityManager, request: SubscriptionRequest, hashes: Record<Channel, string | null>, channels: Channel[], source: ConsentSource, now: Date): Promise<string> {
    const email = channels.includes('email');
    const sms = channels.includes('sms');
    const [row] = await db.query(
      `INSERT INTO subscribers (email_enc, phone_enc, postcode_enc, email_hash, phone_hash, postcode_sector, email_state, sms_state, consent_source, consent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        email ? this.cipher.seal(request.email!) : null, sms ? this.cipher.seal(request.phone!) : null, this.cipher.seal(request.postcode),
        email ? hashes.email : null, sms ? hashes.sms : null, areasOfPostcode(request.postcode)[0],
        email ? 'pending' : null, sms ? 'pending' : null, source, now,
      ],
    );
    return row.id;
  }

  /** Fresh consent: the channels asked for are pending again unless already confirmed, with their details sealed anew. */
  private async refresh(db: EntityManager, row: Row, request: SubscriptionRequest, hashes: Record<Channel, string | null>, channels: Channel[], source: ConsentSource, now: Date): Promise<void> {
    const email = channels.includes('email');
    const sms = channels.includes('sms');
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
      [
        row.id, email, email ? this.cipher.seal(request.email!) : null, hashes.email,
        sms, sms ? this.cipher.seal(request.phone!) : null, hashes.sms,
        this.cipher.seal(request.postcode), areasOfPostcode(request.postcode)[0], source, now,
      ],
    );
  }
}
