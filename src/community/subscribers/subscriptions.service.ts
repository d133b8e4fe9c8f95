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
import { type SubscriberRow, SubscribersRepository } from './subscribers.repository.js';

type Channel = 'email' | 'sms';
/** Asking again within this time does not send another confirmation, so the form cannot flood anyone's inbox or phone. */
const RESEND_AFTER_MS = 10 * 60_000;

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
    private readonly repository: SubscribersRepository,
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
      for (const hash of [hashes.email, hashes.sms].filter((h): h is string => Boolean(h)).sort()) await this.repository.lockPerson(hash, db);
      const byEmail = hashes.email ? await this.repository.lockByHash('email_hash', hashes.email, db) : null;
      const byPhone = hashes.sms ? await this.repository.lockByHash('phone_hash', hashes.sms, db) : null;
      // A new channel joins the person's existing record only where that record has none of its own.
      const homes = new Map<string, { row: SubscriberRow | null; channels: Channel[] }>();
      const place = (channel: Channel, row: SubscriberRow | null) => {
        const key = row?.id ?? 'new';
        homes.set(key, { row, channels: [...(homes.get(key)?.channels ?? []), channel] });
      };
      if (hashes.email) place('email', byEmail ?? (byPhone && !byPhone.email_hash ? byPhone : null));
      if (hashes.sms) place('sms', byPhone ?? (byEmail && !byEmail.phone_hash ? byEmail : null));
      for (const { row, channels } of homes.values()) {
        const id = row?.id ?? (await this.insert(db, request, hashes, channels, source, now));
        if (row) await this.refresh(db, row, request, hashes, channels, source, now);
        await this.repository.subscribe(id, chosen.map((n) => n.id), now, db);
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
    const row = await this.repository.states(id);
    if (!row) return 'unknown';
    return row.email_state === 'pending' ? 'done' : row.email_state === 'confirmed' ? 'already' : 'gone';
  }

  async confirmEmail(token: string): Promise<LinkOutcome> {
    const id = readSubscriberToken(this.cipher, 'confirm', token);
    if (!id) return 'unknown';
    const done = await this.repository.confirmEmail(id, this.clock.now(), this.db.manager);
    return done ? 'done' : this.confirmationState(token);
  }

  /** For the unsubscribe page; also whether they get texts, so the page can say how to stop those too. */
  async unsubscribeState(token: string): Promise<{ outcome: LinkOutcome; sms: boolean }> {
    const id = readSubscriberToken(this.cipher, 'unsubscribe', token);
    if (!id) return { outcome: 'unknown', sms: false };
    const row = await this.repository.states(id);
    if (!row) return { outcome: 'unknown', sms: false };
    return { outcome: row.email_state !== null && ['pending', 'confirmed'].includes(row.email_state) ? 'done' : 'already', sms: row.sms_state === 'confirmed' };
  }

  /** One click: email stops at once and the address is deleted; its keyed hash stays so an import cannot add it back. */
  async unsubscribeEmail(token: string): Promise<{ outcome: LinkOutcome; sms: boolean }> {
    const id = readSubscriberToken(this.cipher, 'unsubscribe', token);
    if (!id) return { outcome: 'unknown', sms: false };
    const row = await this.repository.unsubscribeEmail(id, this.clock.now(), this.db.manager);
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

  private async insert(db: EntityManager, request: SubscriptionRequest, hashes: Record<Channel, string | null>, channels: Channel[], source: ConsentSource, now: Date): Promise<string> {
    const email = channels.includes('email');
    const sms = channels.includes('sms');
    return this.repository.insert({
      emailEnc: email ? this.cipher.seal(request.email!) : null, phoneEnc: sms ? this.cipher.seal(request.phone!) : null, postcodeEnc: this.cipher.seal(request.postcode),
      emailHash: email ? hashes.email : null, phoneHash: sms ? hashes.sms : null, sector: areasOfPostcode(request.postcode)[0],
      emailState: email ? 'pending' : null, smsState: sms ? 'pending' : null, consentSource: source, consentAt: now,
    }, db);
  }

  /** Fresh consent: the channels asked for are pending again unless already confirmed, with their details sealed anew. */
  private async refresh(db: EntityManager, row: SubscriberRow, request: SubscriptionRequest, hashes: Record<Channel, string | null>, channels: Channel[], source: ConsentSource, now: Date): Promise<void> {
    const email = channels.includes('email');
    const sms = channels.includes('sms');
    await this.repository.refreshConsent(row.id, {
      email, emailEnc: email ? this.cipher.seal(request.email!) : null, emailHash: hashes.email,
      sms, phoneEnc: sms ? this.cipher.seal(request.phone!) : null, phoneHash: hashes.sms,
      postcodeEnc: this.cipher.seal(request.postcode), sector: areasOfPostcode(request.postcode)[0], consentSource: source, consentAt: now,
    }, db);
  }
}
