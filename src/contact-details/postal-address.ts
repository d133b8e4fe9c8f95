import { isBfpoPostcode, NATION_LINE, normalisePostcode } from './postcodes.js';

/**
 * Checks what goes in a window envelope's address block (Royal Mail style) before a letter is
 * rendered: the addressee's name first, then the address, postcode last.
 */

export interface AddressProblem {
  /** 1-based, in the caller's input numbering (the name is line 1). */
  line?: number;
  message: string;
}

export interface AddressCheck {
  valid: boolean;
  /** The cleaned block, name first, with the postcode normalised, even when it is not valid. */
  lines: string[];
  /** Normalised postcode (a BFPO address's BF1 postcode when it has one), or null. */
  postcode: string | null;
  bfpo: boolean;
  errors: AddressProblem[];
}

/**
 * Lines the envelope window holds, the addressee's name included. Royal Mail ("A guide for letter
 * envelope design and clear addressing": the whole address, addressee first, must show in the
 * window) and our DL window's 35 mm print core (letter-pdf LAYOUT_MM: 7 lines of 5 mm): so an
 * address under a name has at most 6 lines, postcode included.
 */
export const ADDRESS_WINDOW_LINES = 7;
/** Name, one line of address and the postcode: the least Royal Mail can deliver by. */
const MIN_LINES = 3;
const MAX_LINE_LENGTH = 50;
const BFPO = /^bfpo ?(\d{1,4})$/i;
const LOOKS_LIKE_BFPO = /^bfpo\b/i;
// Characters that start formulas in spreadsheets or break the print supplier's CSV and markup.
const FORBIDDEN_FIRST = new Set(['@', '(', ')', '=', '[', ']', '"', '\\', '/', ',', '<', '>', '~']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Words that say there is no address to post to, as a whole line or in brackets inside one
 * ("12 High Street (no fixed abode)"): "No fixed abode/address", NFA, homeless, c/o none...
 * Compared after lower-casing and reducing punctuation to spaces, so "N.F.A." and "c/o none" match.
 */
const NO_ADDRESS = new Set([
  'no fixed abode', 'no fixed address', 'nfa', 'n f a', 'of no fixed abode', 'homeless', 'street homeless', 'rough sleeper',
  'rough sleeping', 'no address', 'no known address', 'no permanent address', 'address unknown', 'unknown address',
  'not known', 'unknown', 'none', 'n a', 'c o none', 'c o nobody', 'care of none', 'no fixed residence', 'address none',
  'address not known', 'address n a',
]);
/** Phrases that say it anywhere in a line, brackets or not. */
const NO_ADDRESS_INSIDE = /\bno (fixed|known|permanent) (abode|address|residence)\b/;

function saysNoAddress(text: string): boolean {
  const plain = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (NO_ADDRESS.has(plain(text)) || NO_ADDRESS_INSIDE.test(plain(text))) return true;
  return [...text.matchAll(/[([]([^)\]]*)[)\]]/g)].some((m) => NO_ADDRESS.has(plain(m[1])));
}

interface Line {
  text: string;
  source: number;
}

type LastLine = { postcode: string } | { bfpo: string } | null;

function readLastLine(text: string): LastLine {
  const postcode = normalisePostcode(text);
  if (postcode) return { postcode };
  const bfpo = BFPO.exec(text);
  return bfpo ? { bfpo: `BFPO ${bfpo[1]}` } : null;
}

/**
 * Royal Mail wants the postcode on a line of its own. When the last line is a town followed by a
 * postcode ("Northampton NN1 3AB" or "Northampton NN13AB"), it is split in two rather than refused.
 */
function splitTownAndPostcode(last: Line): Line[] {
  const words = last.text.split(' ');
  for (const take of [2, 1]) {
    if (words.length <= take) continue;
    const tail = words.slice(-take).join(' ');
    if (readLastLine(tail)) {
      return [
        { text: words.slice(0, -take).join(' '), source: last.source },
        { text: tail, source: last.source },
      ];
    }
  }
  return [last];
}

/**
 * Checks an envelope window's address block: `input` is the addressee's name, then the address
 * lines, postcode last (a nation line after the postcode is dropped). Never throws: problems come
 * back in `errors`, each naming the caller's line number where there is one.
 *
 * Rules: between 3 and ADDRESS_WINDOW_LINES lines counting the name (Royal Mail: the whole block in
 * the window); the last line a real UK postcode (areas: contact-details/postcodes) or a BFPO
 * number, optionally followed by the BFPO address's BF1 postcode; no line saying there is no
 * address (no fixed abode, NFA, homeless...); at most 50 characters a line; no line starting with a
 * character printing systems or spreadsheets misread.
 */
export function validatePostalAddress(input: string[]): AddressCheck {
  let lines: Line[] = input
    .map((raw, index) => ({ text: String(raw ?? '').replace(/\s+/g, ' ').trim(), source: index + 1 }))
    .filter((line) => line.text !== '');
  if (lines.length > 0 && NATION_LINE.test(lines[lines.length - 1].text)) lines.pop();
  if (lines.length > 0 && !readLastLine(lines[lines.length - 1].text)) {
    lines = [...lines.slice(0, -1), ...splitTownAndPostcode(lines[lines.length - 1])];
  }

  const last = lines.length > 0 ? lines[lines.length - 1] : undefined;
  const ending = last ? readLastLine(last.text) : null;
  if (last && ending) last.text = 'postcode' in ending ? ending.postcode : ending.bfpo;
  // A BFPO address since 2012: ..., "BFPO 57", "BF1 2AU". Either line alone is a BFPO address too.
  const beforeLast = lines.length > 1 ? lines[lines.length - 2] : undefined;
  const bfpoLine = beforeLast && ending && 'postcode' in ending ? BFPO.exec(beforeLast.text) : null;
  if (beforeLast && bfpoLine) beforeLast.text = `BFPO ${bfpoLine[1]}`;
  const postcode = ending && 'postcode' in ending ? ending.postcode : null;
  const result = (errors: AddressProblem[]): AddressCheck => ({
    valid: errors.length === 0,
    lines: lines.map((line) => line.text),
    postcode,
    bfpo: ending !== null && ('bfpo' in ending || isBfpoPostcode(ending.postcode)),
    errors,
  });

  if (lines.length === 0) return result([{ message: 'The address is empty' }]);
  // Nothing else about the address matters when no letter can reach the person.
  const homeless = lines.find((line) => saysNoAddress(line.text));
  if (homeless) {
    return result([
      {
        line: homeless.source,
        message: 'The person has no fixed abode, so letters cannot be delivered; contact them another way',
      },
    ]);
  }

  const errors: AddressProblem[] = [];
  if (lines.length < MIN_LINES || lines.length > ADDRESS_WINDOW_LINES) {
    errors.push({
      message: `The name and address must have between ${MIN_LINES} and ${ADDRESS_WINDOW_LINES} lines to fit the envelope window, counting the name and the postcode; this one has ${lines.length}`,
    });
  }
  if (!ending) {
    errors.push({
      line: last!.source,
      message: LOOKS_LIKE_BFPO.test(last!.text)
        ? 'A BFPO address must end with BFPO and a number of 1 to 4 digits, such as BFPO 123'
        : 'The last line must be a UK postcode in a real postcode area, such as NN1 3AB, or a BFPO number',
    });
  }
  lines.forEach((line, index) => {
    const first = line.text[0];
    if (FORBIDDEN_FIRST.has(first)) {
      errors.push({
        line: line.source,
        message: `Line ${line.source} cannot start with the character ${first}; printing systems misread it`,
      });
    }
    if (index < 2 && !LETTER_OR_DIGIT.test(line.text)) {
      errors.push({ line: line.source, message: `Line ${line.source} must contain a letter or a number` });
    }
    const length = [...line.text].length;
    if (length > MAX_LINE_LENGTH) {
      errors.push({
        line: line.source,
        message: `Line ${line.source} is ${length} characters long; at most ${MAX_LINE_LENGTH} fit in the envelope window`,
      });
    }
  });
  return result(errors);
}
