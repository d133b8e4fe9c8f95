/**
 * SMS length as UK operators count it: GSM 03.38 7-bit text (160 septets in one message, 153 per
 * part once concatenated), or UCS-2 as soon as one character is outside GSM (70, then 67 per part).
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsText {
  /** The text after safe look-alike replacements; send this, not the original. */
  text: string;
  encoding: SmsEncoding;
  /** Septets for GSM-7 (extension characters count 2); UTF-16 code units for UCS-2 (an emoji counts 2). */
  characters: number;
  fragments: number;
}

export const MAX_SMS_FRAGMENTS = 6;

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

// GSM 03.38 basic character set, in code order 0x00–0x7F (0x1B, the escape, is left out).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// The extension table: each is sent as ESC + a code, so costs 2 septets.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

const REPLACEMENTS: [RegExp, string][] = [
  [/\r\n|[\u2028\u2029]/g, '\n'],
  [/[\u2018\u2019\u201A\u201B\u2032\u2039\u203A`\u00B4]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2022]/g, '-'],
  [/\u2026/g, '...'],
  [/[\t\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' '],
  [/[\u200B\u2060\uFEFF\u00AD]/g, ''],
];

const JOINERS = new Set(['\u200C', '\u200D']);

const isGsmChar = (ch: string): boolean => GSM_BASIC.has(ch) || GSM_EXTENSION.has(ch);

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!isGsmChar(ch)) return false;
  return true;
}

/**
 * Zero-width joiners shape emoji sequences and some scripts, so they stay next to a non-GSM
 * character; between GSM characters (or at an edge) they show nothing but would force UCS-2.
 */
function dropIdleJoiners(text: string): string {
  if (!text.includes('\u200C') && !text.includes('\u200D')) return text;
  const chars = [...text];
  const neighbour = (from: number, step: number): string | undefined => {
    for (let i = from + step; i >= 0 && i < chars.length; i += step) if (!JOINERS.has(chars[i])) return chars[i];
    return undefined;
  };
  return chars
    .filter((ch, i) => {
      if (!JOINERS.has(ch)) return true;
      return [neighbour(i, -1), neighbour(i, 1)].some((n) => n !== undefined && !isGsmChar(n));
    })
    .join('');
}

/**
 * Replaces characters that have an exact-looking GSM equivalent (smart quotes, dashes, odd spaces…).
 * Letters are never touched: a name such as "Siân" stays as typed, even though it forces UCS-2.
 */
function normalise(body: string): string {
  let text = body.normalize('NFC'); // "e" + combining acute becomes "é", which is GSM
  for (const [pattern, replacement] of REPLACEMENTS) text = text.replace(pattern, replacement);
  text = dropIdleJoiners(text);
  // Leading and trailing whitespace is invisible on a phone but would still be paid for.
  return text.trim();
}

function units(ch: string, encoding: SmsEncoding): number {
  if (encoding === 'GSM-7') return GSM_EXTENSION.has(ch) ? 2 : 1;
  return ch.length; // UTF-16 code units: 2 for anything outside the Basic Multilingual Plane
}

/**
 * Parts are filled greedily because an escape pair or a surrogate pair cannot be split across two
 * parts; the count can therefore be one more than a plain division, never less.
 */
function countFragments(chars: string[], total: number, encoding: SmsEncoding): number {
  const { single, part } = LIMITS[encoding];
  if (total === 0) return 0;
  if (total <= single) return 1;
  let fragments = 1;
  let used = 0;
  for (const ch of chars) {
    const size = units(ch, encoding);
    if (used + size > part) {
      fragments += 1;
      used = 0;
    }
    used += size;
  }
  return fragments;
}

// Printable ASCII without the backtick is all GSM, needs no replacement, and is almost every text.
const PLAIN_ASCII = /^[\n\x20-\x5F\x61-\x7E]*$/;
const ASCII_EXTENSION = /[\^{}\\[~\]|]/g;

export function prepareSms(body: string): SmsText {
  if (PLAIN_ASCII.test(body)) {
    const text = body.trim();
    const extensions = text.match(ASCII_EXTENSION)?.length ?? 0;
    const characters = text.length + extensions;
    const fragments = extensions === 0 && characters > LIMITS['GSM-7'].single ? Math.ceil(characters / LIMITS['GSM-7'].part) : countFragments([...text], characters, 'GSM-7');
    return { text, encoding: 'GSM-7', characters, fragments };
  }
  const text = normalise(body);
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const chars = [...text];
  const characters = chars.reduce((sum, ch) => sum + units(ch, encoding), 0);
  return { text, encoding, characters, fragments: countFragments(chars, characters, encoding) };
}

export class SmsTooLongError extends Error {
  override name = 'SmsTooLongError';
}

const thousands = (n: number): string => n.toLocaleString('en-GB');

export function assertSendableSms(sms: SmsText): void {
  if (sms.text.trim() === '') throw new SmsTooLongError('The text is empty; there is nothing to send');
  if (sms.fragments > MAX_SMS_FRAGMENTS) {
    const most = LIMITS[sms.encoding].part * MAX_SMS_FRAGMENTS;
    throw new SmsTooLongError(
      `The text is ${sms.fragments} fragments (${thousands(sms.characters)} characters, ${sms.encoding}); ` +
        `the most we send is ${MAX_SMS_FRAGMENTS} (${thousands(most)} ${sms.encoding} characters)`,
    );
  }
}
