import type { NumberType } from 'libphonenumber-js/core';
import { parsePhone } from '../../contact-details/phone-numbers.js';

/** What the words of a bulletin must never hold, whoever it belongs to. */
export type PersonalDetailKind = 'phone' | 'email' | 'homeAddress';

/** The partnership's own published contact points, which a bulletin may give. */
export interface PublishedContacts {
  /** E.164 numbers: the organisations' phones. */
  phones: ReadonlySet<string>;
  /** Lower-case domains of the organisations' email addresses. */
  emailDomains: ReadonlySet<string>;
}

/** Numbers a person answers; freephone (0800) and UK-wide (03…) numbers are organisations'. */
const PERSON_TYPES: ReadonlySet<NumberType> = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'VOIP', 'PERSONAL_NUMBER']);
/** A run of digits and the separators people write numbers with. */
const PHONE_RUN = /\+?\d[\d\s().-]{5,}\d/g;
const EMAIL = /[\p{L}\p{N}._%+'-]+@([\p{L}\p{N}.-]+\.[\p{L}]{2,})/gu;
const STREET_TYPES = [
  'Street', 'St', 'Road', 'Rd', 'Avenue', 'Ave', 'Lane', 'Ln', 'Close', 'Drive', 'Way', 'Court', 'Crescent', 'Place', 'Gardens',
  'Terrace', 'Grove', 'Hill', 'Row', 'Walk', 'Square', 'Mews', 'Parade', 'View', 'Rise', 'Green', 'Park', 'Vale', 'Yard', 'Wharf',
  'Fields', 'Meadow', 'Meadows', 'Boulevard', 'Gate', 'Croft', 'Chase', 'Passage', 'Embankment', 'Broadway', 'Circus', 'Quay',
];
/**
 * A house number (12, 12a, 12-14) then one to three capitalised words and a street type: "12
 * Tanner Street", "Flat 3, 12 High Road", "40 KILN LANE". Bounded repetition: linear in the text.
 */
const HOUSE_AND_STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,4}[a-zA-Z]?(?:\\s*[-–]\\s*\\d{1,4}[a-zA-Z]?)?,?\\s+(?:\\p{Lu}[\\p{L}'’.-]*\\s+){1,3}(?:${STREET_TYPES.flatMap((t) => [t, t.toUpperCase()]).join('|')})(?![\\p{L}\\p{N}])`,
  'u',
);

/**
 * Every phone number a person answers in a run of digits and separators, as E.164: read from the
 * start of each group of digits (a number starts after a space, bracket or hyphen, or at the
 * start), 10 or 11 digits from a 0, 11 to 13 from 44 or a +. So "01604 111222 07911 123456"
 * holds two numbers; a long run of digits is tried only where its groups start.
 */
function personalNumbers(run: string, parsed: Map<string, string | null>): string[] {
  const digits = run.replace(/\D/g, '');
  const starts: number[] = [];
  let seen = 0;
  for (let i = 0; i < run.length; i++) {
    if (!/\d/.test(run[i])) continue;
    if (i === 0 || !/\d/.test(run[i - 1])) starts.push(seen);
    seen++;
  }
  const found: string[] = [];
  for (const i of starts) {
    const plus = i === 0 && run.startsWith('+');
    const international = plus || digits.startsWith('44', i);
    if (!international && digits[i] !== '0') continue;
    for (const length of international ? [11, 12, 13] : [10, 11]) {
      if (i + length > digits.length) break;
      const candidate = international ? `+${digits.slice(i, i + length)}` : digits.slice(i, i + length);
      if (!parsed.has(candidate)) {
        const phone = parsePhone(candidate);
        parsed.set(candidate, phone?.type && PERSON_TYPES.has(phone.type) ? phone.e164 : null);
      }
      const e164 = parsed.get(candidate);
      if (e164) found.push(e164);
    }
  }
  return found;
}

/**
 * Which kinds of personal detail the text holds: a phone number a person answers (not one of the
 * partnership's own), an email address (not at one of the partnership's domains), a house number
 * and street. Decided by the text's form alone, never by who the details belong to.
 */
export function personalDetails(text: string, published: PublishedContacts): PersonalDetailKind[] {
  const found: PersonalDetailKind[] = [];
  const parsed = new Map<string, string | null>(); // each candidate parsed once (parsing is the costly part)
  if ((text.match(PHONE_RUN) ?? []).some((run) => personalNumbers(run, parsed).some((e164) => !published.phones.has(e164)))) found.push('phone');
  if ([...text.matchAll(EMAIL)].some((m) => !published.emailDomains.has(m[1].toLowerCase()))) found.push('email');
  if (HOUSE_AND_STREET.test(text)) found.push('homeAddress');
  return found;
}
