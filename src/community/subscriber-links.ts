import { timingSafeEqual } from 'node:crypto';
import type { PersonalDataCipher } from '../privacy/personal-data-cipher.js';

export type LinkPurpose = 'confirm' | 'unsubscribe';

/**
 * Links in subscriber emails carry `<subscriber id>.<keyed MAC>`: unguessable, nothing to store,
 * and a confirmation link can never be used to unsubscribe (or the reverse).
 */
export function subscriberToken(cipher: PersonalDataCipher, purpose: LinkPurpose, subscriberId: string): string {
  return `${subscriberId}.${cipher.matchHash(`${purpose}:${subscriberId}`).slice(0, 32)}`;
}

/** The subscriber id if the token is genuine for the purpose; null otherwise. */
export function readSubscriberToken(cipher: PersonalDataCipher, purpose: LinkPurpose, token: string): string | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(subscriberToken(cipher, purpose, match[1]));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}

export function unsubscribeUrl(publicBaseUrl: string, cipher: PersonalDataCipher, subscriberId: string): string {
  return `${publicBaseUrl}/p/unsubscribe/${subscriberToken(cipher, 'unsubscribe', subscriberId)}`;
}

export function confirmUrl(publicBaseUrl: string, cipher: PersonalDataCipher, subscriberId: string): string {
  return `${publicBaseUrl}/p/subscribe/confirm/${subscriberToken(cipher, 'confirm', subscriberId)}`;
}
