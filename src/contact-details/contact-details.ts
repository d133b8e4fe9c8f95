import { createRequire } from 'node:module';
import { parsePhoneNumberFromString as parseWithMetadata, type MetadataJson } from 'libphonenumber-js/core';
import { parsePhone } from './phone-numbers.js';
import { NATION_LINE, normalisePostcode } from './postcodes.js';

export { normalisePostcode, postcodeDistrict } from './postcodes.js';

// The full metadata validates number ranges, not only lengths (so 07911 12345 is refused).
const metadata = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json') as MetadataJson;

/**
 * A UK-default phone number in E.164 (+447911123456), or null when it is not a real number. Ofcom's
 * drama numbers count (training uses them); whether a number may be stored is checkPhone's rule.
 */
export function toE164(phone: string): string | null {
  return parsePhone(phone)?.e164 ?? null;
}

/** A number as people write it: `01604 888123` for +44 numbers, international form otherwise. */
export function displayPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const parsed = parseWithMetadata(phone, 'GB', metadata);
  if (!parsed) return phone;
  return parsed.countryCallingCode === '44' ? parsed.formatNational() : parsed.formatInternational();
}

/** Whether a number can receive texts: mobile, or a range that may be either. */
export function isMobileNumber(phone: string): boolean {
  const type = parsePhone(phone)?.type;
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Lower-case letters and digits only, so "Jane  O'Neil" and "jane oneil" match. */
export function normaliseName(name: string): string {
  return name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Address lines without blanks and surrounding spaces, the postcode as Royal Mail prints it however
 * it was typed (`s w1a 1 aa` → `SW1A 1AA`), on the last line or before a nation line ("Scotland").
 */
export function tidyAddress(lines: string[]): string[] {
  const tidy = lines.map((line) => line.trim().replace(/\s+/g, ' ')).filter((line) => line.length > 0);
  const at = tidy.length - (tidy.length > 1 && NATION_LINE.test(tidy[tidy.length - 1]) ? 2 : 1);
  const postcode = at >= 0 ? normalisePostcode(tidy[at]) : null;
  if (postcode) tidy[at] = postcode;
  return tidy;
}

/** The postcode on the last line of an address, normalised, if there is one (a nation line after it is passed over). */
export function postcodeOfAddress(lines: string[]): string | null {
  const tidy = tidyAddress(lines).filter((line) => !NATION_LINE.test(line));
  const last = tidy[tidy.length - 1];
  return last ? normalisePostcode(last) : null;
}
