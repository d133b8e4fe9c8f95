import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import { faceFor, type Face, type Weight } from './fonts.js';

/**
 * Thrown before anything is drawn when a text holds a character no embedded font can draw (an emoji,
 * a private-use code point, a script we do not ship). Carries the code point only, never the text:
 * the text is usually personal data.
 */
export class UnprintableCharacterError extends Error {
  readonly reason = 'unprintable_character';
  constructor(readonly codePoint: number) {
    super(`The text has a character no embedded font can print (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`);
    this.name = 'UnprintableCharacterError';
  }
}

/** A stretch of text drawn with one face at one bidi level, in logical order. */
export interface TextRun { text: string; face: Face; level: number }

// bidi-js is CommonJS whose types declare an ES default export; require it as what it is.
const bidiFactory = createRequire(import.meta.url)('bidi-js') as () => Bidi;
const bidi = bidiFactory();

// Characters that change nothing on paper: dropped. Zero-width (non-)joiners stay: Arabic and
// Indic shaping uses them.
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ODD_SPACES = /[\t\u2000-\u200a\u2028\u2029\u3000]/g;
const CONTROL = /[\p{Cc}]/u;
// Spaces, punctuation, digits and combining marks belong to no one script: they stay in the face
// of the text around them when it has them, so a name keeps its spaces and marks in one run.
const SHARED = /^[\p{Script=Common}\p{Script=Inherited}]$/u;
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

// A UK phone number written in groups ("0300 332 1000", "+44 20 7946 0000", "01234 567890"):
// its spaces become non-breaking so a line never ends inside it. (A case reference, ASB-2026-000003,
// has no break opportunity: Unicode line breaking keeps a hyphen with the digit after it.)
const PHONE_NUMBER = /(?<![\d\u00a0])(?:\+44 ?(?:\(0\) ?)?|0)\d{2,4}(?: \d{3,4}){1,2}(?!\d)/g;

/** Makes the spaces inside phone numbers non-breaking (see PHONE_NUMBER). */
export function bindPhoneNumbers(text: string): string {
  return text.replace(PHONE_NUMBER, (number) => number.replace(/ /g, '\u00a0'));
}

/**
 * The text as it is printed: NFC, odd spaces made plain, invisible characters dropped, phone
 * numbers bound into one unbreakable piece.
 */
export function normaliseForPrint(text: string): string {
  return bindPhoneNumbers(text.normalize('NFC').replace(ODD_SPACES, ' ').replace(INVISIBLE, ''));
}

function chooseFace(ch: string, weight: Weight, current: Face | undefined): Face {
  const cp = ch.codePointAt(0)!;
  if (current && SHARED.test(ch) && current.font().hasGlyphForCodePoint(cp)) return current;
  const face = faceFor(cp, weight);
  if (!face) throw new UnprintableCharacterError(cp);
  return face;
}

/**
 * The first character of `text` that no embedded font draws, or null. Line breaks are allowed;
 * other control characters are not printable.
 */
export function findUnprintable(text: string): number | null {
  for (const ch of normaliseForPrint(text)) {
    if (ch === '\n' || ch === '\r') continue;
    const cp = ch.codePointAt(0)!;
    if (CONTROL.test(ch) || !faceFor(cp, 'regular')) return cp;
  }
  return null;
}

/**
 * The text with each character no embedded font draws written as its code point in brackets,
 * `[U+1F600]`: for documents that must show everything they hold (a subject access report) rather
 * than refuse. Line breaks are kept.
 */
export function describeUnprintable(text: string): string {
  let out = '';
  for (const ch of normaliseForPrint(text.replace(/\r\n?/g, '\n'))) {
    const cp = ch.codePointAt(0)!;
    const drawable = ch === '\n' || (!CONTROL.test(ch) && faceFor(cp, 'regular') !== null);
    out += drawable ? ch : `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
  }
  return out;
}

/**
 * Splits one line (no line breaks) into runs by face and bidi level, ordered for drawing left to
 * right: the runs are reordered by the Unicode Bidirectional Algorithm's rule L2 at run level
 * (bidi-js resolves the levels, paragraph direction left-to-right), and each right-to-left run keeps
 * its logical order because fontkit shapes it and lays its glyphs out right to left itself.
 * Throws UnprintableCharacterError.
 */
export function layoutRuns(line: string, weight: Weight): TextRun[] {
  const text = normaliseForPrint(line);
  const chars = [...text];
  const levels = RTL.test(text) ? bidi.getEmbeddingLevels(text, 'ltr').levels : null;
  const runs: TextRun[] = [];
  let offset = 0;
  let current: TextRun | undefined;
  for (const ch of chars) {
    if (CONTROL.test(ch)) throw new UnprintableCharacterError(ch.codePointAt(0)!);
    const level = levels ? levels[offset] : 0;
    offset += ch.length;
    const face = chooseFace(ch, weight, current?.face);
    if (current && current.face === face && current.level === level) current.text += ch;
    else runs.push((current = { text: ch, face, level }));
  }
  return levels ? reorderRuns(runs) : runs;
}

function reorderRuns(runs: TextRun[]): TextRun[] {
  const ordered = [...runs];
  const highest = Math.max(0, ...ordered.map((run) => run.level));
  const lowestOdd = Math.min(...ordered.map((run) => run.level).filter((level) => level % 2 === 1), highest + 1);
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < ordered.length; i++) {
      if (ordered[i].level < level) continue;
      let end = i;
      while (end + 1 < ordered.length && ordered[end + 1].level >= level) end++;
      ordered.splice(i, end - i + 1, ...ordered.slice(i, end + 1).reverse());
      i = end;
    }
  }
  return ordered;
}
