import { isValid, toNormalised } from 'postcode';

/** Checks a UK address (Royal Mail style) before a letter is rendered for a window envelope. */

export interface AddressProblem {
  /** 1-based, in the caller's input numbering. */
  line?: number;
  message: string;
}

export interface AddressCheck {
  valid: boolean;
  /** The cleaned address with the postcode normalised, even when it is not valid. */
  lines: string[];
  /** Normalised postcode, or null (also for a BFPO address). */
  postcode: string | null;
  bfpo: boolean;
  errors: AddressProblem[];
}

const MIN_LINES = 3;
const MAX_LINES = 7;
const MAX_LINE_LENGTH = 50;
const COUNTRY = /^(united kingdom|u\.?k\.?|great britain)$/i;
const NO_FIXED_ABODE = /^(no fixed abode|n\.?f\.?a\.?)$/i;
const BFPO = /^bfpo ?(\d{1,4})$/i;
const LOOKS_LIKE_BFPO = /^bfpo\b/i;
// Characters that start formulas in spreadsheets or break the print supplier's CSV and markup.
const FORBIDDEN_FIRST = new Set(['@', '(', ')', '=', '[', ']', '"', '\\', '/', ',', '<', '>', '~']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

interface Line {
  text: string;
  source: number;
}

type LastLine = { postcode: string } | { bfpo: string } | null;

function readLastLine(text: string): LastLine {
  if (isValid(text)) return { postcode: toNormalised(text)! };
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

export function validatePostalAddress(input: string[]): AddressCheck {
  let lines: Line[] = input
    .map((raw, index) => ({ text: String(raw ?? '').replace(/\s+/g, ' ').trim(), source: index + 1 }))
    .filter((line) => line.text !== '');
  if (lines.length > 0 && COUNTRY.test(lines[lines.length - 1].text)) lines.pop();
  if (lines.length > 0 && !readLastLine(lines[lines.length - 1].text)) {
    lines = [...lines.slice(0, -1), ...splitTownAndPostcode(lines[lines.length - 1])];
  }

  const last = lines.length > 0 ? lines[lines.length - 1] : undefined;
  const ending = last ? readLastLine(last.text) : null;
  if (last && ending) last.text = 'postcode' in ending ? ending.postcode : ending.bfpo;
  const result = (errors: AddressProblem[]): AddressCheck => ({
    valid: errors.length === 0,
    lines: lines.map((line) => line.text),
    postcode: ending && 'postcode' in ending ? ending.postcode : null,
    bfpo: ending !== null && 'bfpo' in ending,
    errors,
  });

  if (lines.length === 0) return result([{ message: 'The address is empty' }]);
  // Nothing else about the address matters when no letter can reach the person.
  const homeless = lines.find((line) => NO_FIXED_ABODE.test(line.text));
  if (homeless) {
    return result([
      {
        line: homeless.source,
        message: 'The person has no fixed abode, so letters cannot be delivered; contact them another way',
      },
    ]);
  }

  const errors: AddressProblem[] = [];
  if (lines.length < MIN_LINES || lines.length > MAX_LINES) {
    errors.push({
      message: `An address must have between ${MIN_LINES} and ${MAX_LINES} lines, including the postcode; this one has ${lines.length}`,
    });
  }
  if (!ending) {
    errors.push({
      line: last!.source,
      message: LOOKS_LIKE_BFPO.test(last!.text)
        ? 'A BFPO address must end with BFPO and a number of 1 to 4 digits, such as BFPO 123'
        : 'The last line must be a UK postcode, such as NN1 3AB, or a BFPO number',
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
