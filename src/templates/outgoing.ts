import { createHash } from 'node:crypto';
import type { Settings } from '../settings/settings.js';
import { formatCaseReference } from './case-reference.js';

export interface Letterhead {
  organisationName: string;
  addressLines: string[];
  phone?: string | null;
  email?: string | null;
  website?: string | null;
}

/**
 * Who a letter says it is from. A discreet letter carries a plain letterhead (a neutral name and
 * return address) and a neutral number instead of the case reference; there is no organisation
 * letterhead on it to print. Build it with `letterSenderFor` (below) only.
 */
export type LetterSender =
  | { kind: 'organisation'; letterhead: Letterhead; reference: string }
  | { kind: 'plain'; name: string; returnAddress: string[]; number: string };

/** What of an organisation a message's envelope (sender, letterhead) may show. */
export interface SendingOrganisation {
  name: string;
  phone: string | null;
  email?: string | null;
  website?: string | null;
  address?: string[] | null;
  smsSender?: string | null;
  discreetSmsSender?: string | null;
}

type SenderSettings = Pick<Settings, 'twilioFrom' | 'smtpFrom' | 'smtpDiscreetFrom' | 'discreet'>;

/**
 * A number that identifies a case on a discreet letter, diary sheet or reply slip without being
 * its reference: eight digits from the case id, so nothing in it spells a word.
 */
export function neutralNumber(caseId: string): string {
  const digits = (BigInt(`0x${createHash('sha256').update(caseId).digest('hex').slice(0, 15)}`) % 100_000_000n).toString().padStart(8, '0');
  return `${digits.slice(0, 4)} ${digits.slice(4)}`;
}

/**
 * The one place a letter's sender is chosen, from the contact's discreet flag: a discreet letter
 * gets the plain letterhead and neutral number, whatever organisation leads the case.
 */
export function letterSenderFor(discreet: boolean, c: { id: string; reference: string }, lead: SendingOrganisation, settings: SenderSettings): LetterSender {
  if (discreet) return { kind: 'plain', name: settings.discreet.senderName, returnAddress: settings.discreet.returnAddress, number: neutralNumber(c.id) };
  return {
    kind: 'organisation',
    reference: formatCaseReference(c.reference),
    letterhead: { organisationName: lead.name, addressLines: lead.address ?? [], phone: lead.phone, email: lead.email, website: lead.website },
  };
}

/** Data every letter template may use: the number for its reply slip, and where replies go. */
export function letterData(discreet: boolean, c: { id: string; reference: string }, lead: SendingOrganisation, settings: SenderSettings) {
  const sender = letterSenderFor(discreet, c, lead, settings);
  if (sender.kind === 'plain') return { letter: { number: sender.number, returnAddress: sender.returnAddress } };
  const address = lead.address?.length ? [lead.name, ...lead.address] : settings.discreet.returnAddress;
  return { letter: { number: c.reference, returnAddress: address } };
}

/** A discreet text never comes from the organisation's own sender ID. */
export function smsFrom(discreet: boolean, lead: SendingOrganisation, settings: SenderSettings): string {
  return discreet ? (lead.discreetSmsSender ?? settings.discreet.smsFrom) : (lead.smsSender ?? settings.twilioFrom);
}

export function emailFrom(discreet: boolean, settings: SenderSettings): string {
  return discreet ? settings.smtpDiscreetFrom : settings.smtpFrom;
}

/** What an officer is told before a discreet call or visit: nothing that gives it away, to anyone. */
export const DISCREET_BRIEFING_WARNING =
  'DISCREET: the victim asked us to be discreet. Someone else may answer or be in the room. Say only your first name and ask for them by name; do not say where you are from or why you are calling. Leave no voicemail or message that says who you are: if you must, say only your first name and number.';
