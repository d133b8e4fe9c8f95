import { postcodeOfAddress, tidyAddress } from '../../contact-details/contact-details.js';
import type { FieldProblem } from '../../http/input-error.js';
import type { BulletinContent } from '../bulletins/bulletin-content.js';

/** One victim's details as opened from `victims`; null where anonymised or never given. */
export interface VictimDetails {
  name: string | null;
  phone: string | null;
  email: string | null;
  address: string[] | null;
}

export type VictimDataKind = 'name' | 'phone' | 'email' | 'address';

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'sir', 'dame', 'lady', 'lord']);
/** A first address line that is only a flat or unit number says nothing on its own: the street line does. */
const SUB_PREMISE = /^(flat|apartment|apt|unit|room|studio|maisonette)\s*[\w-]{0,6}$/i;

/** Lower-case words of letters and digits, accents removed: "O'Neil-Smith's" → o neil smith s. */
export function words(text: string): string[] {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** A phone number's digits as written at home ("07911123456") and internationally ("447911123456"). */
function phoneForms(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith('44') && digits.length >= 11) return [digits, `0${digits.slice(2)}`];
  if (digits.startsWith('0') && digits.length >= 10) return [digits, `44${digits.slice(1)}`];
  return digits.length >= 7 ? [digits] : [];
}

const PHONE_RUN = /\+?\d[\d\s().-]{5,}\d/g;
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/**
 * Finds victims' details in text: names as whole words (the full name, and first and last name
 * without middle names or title), phone numbers by their digits however they are spaced or
 * prefixed, emails without regard to case, and address lines and postcodes without regard to
 * case or spacing. Built once per check from every victim in the area; lookups are by set, so
 * 5,000 victims cost no more per field than one.
 */
export class VictimDataMatcher {
  private readonly names = new Set<string>();
  private readonly phones = new Set<string>();
  private readonly phoneLengths = new Set<number>();
  private readonly emails = new Set<string>();
  private readonly addresses = new Set<string>();
  private longestName = 0;
  private longestAddress = 0;

  constructor(victims: Iterable<VictimDetails>) {
    for (const victim of victims) {
      if (victim.name) for (const name of nameForms(victim.name)) this.addName(name);
      if (victim.phone) for (const form of phoneForms(victim.phone)) {
        this.phones.add(form);
        this.phoneLengths.add(form.length);
      }
      if (victim.email?.trim()) this.emails.add(victim.email.trim().toLowerCase());
      if (victim.address) for (const line of addressKeys(victim.address)) this.addAddress(line);
    }
  }

  get empty(): boolean {
    return this.names.size + this.phones.size + this.emails.size + this.addresses.size === 0;
  }

  /** Which kinds of victim data the text holds. */
  find(text: string): VictimDataKind[] {
    const found = new Set<VictimDataKind>();
    const tokens = words(text);
    for (let i = 0; i < tokens.length && found.size < 4; i++) {
      let spaced = '';
      let compact = '';
      for (let n = 1; i + n <= tokens.length; n++) {
        const token = tokens[i + n - 1];
        spaced = n === 1 ? token : `${spaced} ${token}`;
        compact += token;
        if (n <= this.longestName && this.names.has(spaced)) found.add('name');
        if (this.addresses.has(compact)) found.add('address');
        if (n >= this.longestName && compact.length >= this.longestAddress) break;
      }
    }
    if (this.phones.size > 0) {
      for (const run of text.match(PHONE_RUN) ?? []) if (this.hasPhone(run.replace(/\D/g, ''))) found.add('phone');
    }
    if (this.emails.size > 0) {
      for (const email of text.match(EMAIL) ?? []) if (this.emails.has(email.toLowerCase())) found.add('email');
    }
    return (['name', 'phone', 'email', 'address'] as const).filter((kind) => found.has(kind));
  }

  /** Any window of the digits that is a known number: "+44 (0)7911…" and runs of two numbers too. */
  private hasPhone(digits: string): boolean {
    for (const length of this.phoneLengths) {
      for (let i = 0; i + length <= digits.length; i++) if (this.phones.has(digits.slice(i, i + length))) return true;
    }
    return false;
  }

  private addName(tokens: string[]): void {
    if (tokens.length === 0) return;
    this.names.add(tokens.join(' '));
    this.longestName = Math.max(this.longestName, tokens.length);
  }

  private addAddress(key: string): void {
    if (key.length < 4) return;
    this.addresses.add(key);
    this.longestAddress = Math.max(this.longestAddress, key.length);
  }
}

/** "Mrs Jane Mary Doe" → jane mary doe, mrs jane mary doe, jane doe. */
function nameForms(name: string): string[][] {
  const all = words(name);
  const forms = [all];
  // Without the title only when a first name is left: "Mr Smith" alone is not "Smith".
  const bare = TITLES.has(all[0]) ? all.slice(1) : all;
  if (bare.length >= 2) forms.push(bare);
  if (bare.length > 2) forms.push([bare[0], bare[bare.length - 1]]);
  return forms;
}

/** The first line that names the home (the street line after a bare flat number), and the postcode, without spaces. */
function addressKeys(address: string[]): string[] {
  const lines = tidyAddress(address);
  const keys: string[] = [];
  const first = lines[0];
  if (first) keys.push(words(SUB_PREMISE.test(first) && lines[1] ? lines[1] : first).join(''));
  const postcode = postcodeOfAddress(lines);
  if (postcode) keys.push(words(postcode).join(''));
  return keys;
}

/** Every text a resident would read, named as the request names it: `sections[0].body`. */
export function contentFields(content: BulletinContent): [field: string, text: string][] {
  const fields: [string, string][] = [['headline', content.headline], ['summary', content.summary]];
  content.sections?.forEach((s, i) => fields.push([`sections[${i}].heading`, s.heading], [`sections[${i}].body`, s.body]));
  content.whatWeAreDoing?.forEach((text, i) => fields.push([`whatWeAreDoing[${i}]`, text]));
  fields.push(['howToReport', content.howToReport]);
  content.contactNumbers?.forEach((c, i) => fields.push([`contactNumbers[${i}].label`, c.label], [`contactNumbers[${i}].number`, c.number]));
  if (content.briefing) {
    fields.push(['briefing.where', content.briefing.where]);
    content.briefing.who?.forEach((who, i) => fields.push([`briefing.who[${i}]`, who]));
  }
  return fields.filter(([, text]) => typeof text === 'string' && text !== '');
}

/** The rule every personal detail in a bulletin breaks, a victim's or anyone's. */
export const PERSONAL_DETAILS_RULE = 'personalDetails';

/**
 * The one answer to any personal detail in a bulletin's words, whatever it was and whoever it
 * belongs to: only the field differs, so nobody can tell a victim's details from anyone else's.
 */
export function personalDetailsProblem(field: string): FieldProblem {
  return {
    field,
    rule: PERSONAL_DETAILS_RULE,
    message: `${field} must not contain personal details: bulletins must not contain names, phone numbers, email addresses or home addresses`,
  };
}

/** One problem per field holding victim data, in the same words as any personal detail; never what was found. */
export function victimDataProblems(content: BulletinContent, matcher: VictimDataMatcher): FieldProblem[] {
  if (matcher.empty) return [];
  return contentFields(content).flatMap(([field, text]) => (matcher.find(text).length === 0 ? [] : [personalDetailsProblem(field)]));
}
