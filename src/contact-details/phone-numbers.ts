import { createRequire } from 'node:module';
import { parsePhoneNumberFromString as parseWithMetadata, type MetadataJson, type NumberType } from 'libphonenumber-js/core';

// The full metadata validates number ranges, not only lengths (so 07911 12345 is refused).
const metadata = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json') as MetadataJson;

export type PhoneMode = 'training' | 'live';
/** A person's own phone (victims, residents), or a number an organisation or officer publishes. */
export type PhoneUse = 'person' | 'organisation';

/**
 * Ofcom's numbers for TV and radio drama ("Telephone numbers for drama purposes", Ofcom): never
 * allocated, so never anybody's phone. As E.164 digits after +44, each range 1,000 numbers:
 * 0113/0114/0115/0116/0117/0118 496 0000–0999, 0121/0131/0141/0151/0161 496 0000–0999,
 * 020 7946 0000–0999, 0191 498 0000–0999, 028 9649 6000–6999, 029 2018 0000–0999,
 * 01632 960000–960999 (no area), 07700 900000–900999 (mobile), 08081 570000–570999 (freephone),
 * 0909 879 0000–0999 (premium rate), 03069 990000–990999 (UK-wide).
 */
const DRAMA = /^\+44(?:(11[3-8]4960|1[2-6]14960|2079460|1914980|2896496|2920180|1632960)|(7700900)|(8081570)|(9098790)|(3069990))\d{3}$/;

/**
 * The number types a person can be reached on, as libphonenumber-js names them. Refused for a
 * person: PREMIUM_RATE (09…, 087…, 084…: the caller pays a service charge), SHARED_COST,
 * TOLL_FREE and UAN (0800, 03…: organisations' numbers, not a person's phone), PAGER and
 * VOICEMAIL (cannot be spoken to or texted), and PERSONAL_NUMBER (070…: a forwarding service
 * Ofcom warns is used in scams, charged at high rates; ask for the phone it forwards to).
 * VOIP (056…) is allowed: some people's only landline is one.
 */
const PERSON_TYPES: ReadonlySet<NumberType> = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'VOIP']);
/**
 * An organisation may also publish freephone (0800) and UK-wide (03…) numbers; never premium rate,
 * shared cost (084…, 087…) or personal numbers, which the Cabinet Office told public bodies not to
 * use for their helplines (2013 guidance on customer service lines).
 */
const ORGANISATION_TYPES: ReadonlySet<NumberType> = new Set([...PERSON_TYPES, 'TOLL_FREE', 'UAN']);

/** Digits, spaces, +, hyphens, brackets and dots; starting with + or a digit or (, ending with a digit. */
const NUMBER_CHARACTERS = /^\+?[\d(][\d\s().-]*\d$/;

const TYPE_WORDS: Partial<Record<NonNullable<NumberType>, string>> = {
  PREMIUM_RATE: 'a premium-rate number', SHARED_COST: 'a shared-cost number', TOLL_FREE: 'a freephone number',
  UAN: 'an organisation\'s UK-wide number', PAGER: 'a pager', VOICEMAIL: 'a voicemail service', PERSONAL_NUMBER: 'a 070 personal (forwarding) number',
};

export interface ParsedPhone {
  e164: string;
  type: NumberType | undefined;
  /** In one of Ofcom's drama ranges. */
  fictional: boolean;
}

/** The number in E.164 with its type, or null when it is not a number at all. Drama numbers parse, typed as what they stand in for. */
export function parsePhone(input: string): ParsedPhone | null {
  const parsed = parseWithMetadata(input, 'GB', metadata);
  if (!parsed) return null;
  const drama = DRAMA.exec(parsed.number);
  if (drama) {
    const type: NumberType = drama[1] ? 'FIXED_LINE' : drama[2] ? 'MOBILE' : drama[3] ? 'TOLL_FREE' : drama[4] ? 'PREMIUM_RATE' : 'UAN';
    return { e164: parsed.number, type, fictional: true };
  }
  return parsed.isValid() ? { e164: parsed.number, type: parsed.getType(), fictional: false } : null;
}

export type PhoneCheck = { ok: true; e164: string; type: NumberType | undefined; fictional: boolean } | { ok: false; rule: string; message: string };

/** An example that passes in each mode: Ofcom's drama mobile range in training; in live mode no example is given, since any real-looking number is someone's. */
export const EXAMPLE_PHONE: Record<PhoneMode, string | null> = { training: '07700 900123', live: null };

/**
 * Whether `input` may be stored as a phone number, and its E.164 form. In training, Ofcom's drama
 * numbers are accepted (trainers must not type real people's numbers); in live mode they are refused
 * as fictional. `field` names the field in messages.
 */
export function checkPhone(input: string, field: string, mode: PhoneMode, use: PhoneUse = 'person'): PhoneCheck {
  const example = EXAMPLE_PHONE[mode] ? `, e.g. ${EXAMPLE_PHONE[mode]}` : '';
  if (!NUMBER_CHARACTERS.test(input.trim())) {
    return { ok: false, rule: 'phoneCharacters', message: `${field} must hold only a phone number: digits, spaces, +, hyphens, brackets and dots${example}` };
  }
  const parsed = parsePhone(input);
  if (!parsed) return { ok: false, rule: 'isUkPhoneNumber', message: `${field} must be a valid phone number (UK numbers may omit +44)${example}` };
  if (parsed.fictional && mode === 'live') {
    return { ok: false, rule: 'notFictional', message: `${field} is a fictional number (Ofcom keeps it for TV and radio drama); give a real phone number` };
  }
  const allowed = use === 'person' ? PERSON_TYPES : ORGANISATION_TYPES;
  if (!parsed.type || !allowed.has(parsed.type)) {
    const what = (parsed.type && TYPE_WORDS[parsed.type]) ?? 'not a kind of number we can use';
    return { ok: false, rule: 'phoneType', message: `${field} is ${what}; give ${use === 'person' ? "the person's own mobile or landline number" : 'a geographic, mobile, freephone or 03 number'}` };
  }
  return { ok: true, ...parsed };
}
