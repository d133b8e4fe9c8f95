import { addBlankPage, collectPdf, createLetterDocument, drawLetter, type LetterContent } from './letter-pdf.js';

export interface BatchLetter {
  contactId: string;
  reference: string;
  content: LetterContent;
  /** Defaults to second class. */
  postage?: 'first' | 'second';
}

export interface PrintBatch {
  pdf: Buffer;
  manifestCsv: string;
  letters: number;
  /** Physical duplex sheets: every letter is padded to an even page count. */
  sheets: number;
}

export const MANIFEST_HEADER = ['sequence', 'contact_id', 'reference', 'postcode', 'first_page', 'pages', 'postage', 'large_print'];

/** Letters drawn between yields to the event loop, so a big batch does not stall the service. */
const LETTERS_PER_SLICE = 50;

/**
 * One CSV field (RFC 4180). Text starting with = + - @ (or a tab / carriage return) is prefixed
 * with ' so spreadsheet software does not evaluate it as a formula.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Renders every letter into one duplex-ready PDF (each letter starts on an odd page; a letter with
 * an odd page count is followed by a blank page) and a manifest for the post room. The manifest's
 * `pages` is the letter's own page count; `first_page` counts the blank padding pages, so the next
 * letter's first_page - 1 is where the previous letter's sheets end. The manifest holds only the
 * postcode of the recipient address: envelopes are matched by sequence.
 */
export async function buildPrintBatch(letters: BatchLetter[]): Promise<PrintBatch> {
  if (letters.length === 0) throw new RangeError('A print batch needs at least one letter');
  const doc = createLetterDocument();
  const pdf = collectPdf(doc);
  const rows = [MANIFEST_HEADER.join(',')];
  let nextPage = 1;
  for (const [index, letter] of letters.entries()) {
    if (index > 0 && index % LETTERS_PER_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    let pages: number;
    try {
      ({ pages } = drawLetter(doc, letter.content));
    } catch (error) {
      throw new Error(`Letter ${index + 1} (contact ${letter.contactId}) could not be drawn`, { cause: error });
    }
    if (pages % 2 === 1) addBlankPage(doc);
    // The letter's footers are written, so its pages can leave memory now.
    doc.flushPages();
    const address = letter.content.recipientAddress;
    const row = [
      index + 1,
      letter.contactId,
      letter.reference,
      address[address.length - 1]?.trim() ?? '',
      nextPage,
      pages,
      letter.postage ?? 'second',
      letter.content.largePrint ? 'yes' : 'no',
    ];
    rows.push(row.map(csvField).join(','));
    nextPage += pages + (pages % 2);
  }
  doc.end();
  return {
    pdf: await pdf,
    manifestCsv: `${rows.join('\r\n')}\r\n`,
    letters: letters.length,
    sheets: (nextPage - 1) / 2,
  };
}
