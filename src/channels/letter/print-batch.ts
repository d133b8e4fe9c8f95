import { toCsv } from '../../http/csv.js';
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
  /** One per recipient: a victim's letters in one run share an envelope. */
  envelopes: number;
  /** Envelopes going first class (any letter in them asks for it); the rest go second class. */
  firstClassEnvelopes: number;
  /** Physical duplex sheets: every letter is padded to an even page count. */
  sheets: number;
}

export const MANIFEST_HEADER = ['envelope', 'contact_ids', 'reference', 'postcode', 'first_page', 'pages', 'sheets', 'postage', 'large_print'];

/**
 * Letters to the same recipient address go in one envelope. A discreet letter never shares an
 * envelope with an ordinary one: the plain letterhead would sit beside the organisation's.
 */
export function envelopeKey(letter: BatchLetter): string {
  const address = letter.content.recipientAddress.map((line) => line.trim().replace(/\s+/g, ' ').toUpperCase()).join('|');
  return `${letter.content.sender.kind}:${address}`;
}

/** Groups letters into envelopes, in the order each envelope's first letter was queued. */
export function envelopesOf(letters: BatchLetter[]): BatchLetter[][] {
  const envelopes = new Map<string, BatchLetter[]>();
  for (const letter of letters) {
    const key = envelopeKey(letter);
    envelopes.set(key, [...(envelopes.get(key) ?? []), letter]);
  }
  return [...envelopes.values()];
}

/** Letters drawn between yields to the event loop, so a big batch does not stall the service. */
const LETTERS_PER_SLICE = 50;

/**
 * Renders every letter into one duplex-ready PDF (each letter starts on an odd page; a letter with
 * an odd page count is followed by a blank page) and a manifest for the post room with one row per
 * envelope: all letters to one recipient in this run, their pages together and in queue order.
 * `pages` counts the envelope's printed pages, `sheets` its duplex sheets; `first_page` is where
 * its pages start in the PDF. Postage is per envelope: first class if any letter in it asks for it.
 * The manifest holds only the postcode of the recipient address: envelopes are matched by number.
 */
export async function buildPrintBatch(letters: BatchLetter[]): Promise<PrintBatch> {
  if (letters.length === 0) throw new RangeError('A print batch needs at least one letter');
  const doc = createLetterDocument();
  const pdf = collectPdf(doc);
  const rows: (string | number)[][] = [];
  let nextPage = 1;
  let drawn = 0;
  const envelopes = envelopesOf(letters);
  for (const [index, envelope] of envelopes.entries()) {
    const firstPage = nextPage;
    let printed = 0;
    for (const letter of envelope) {
      if (drawn > 0 && drawn % LETTERS_PER_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      let pages: number;
      try {
        ({ pages } = drawLetter(doc, letter.content));
      } catch (error) {
        throw new Error(`Letter ${letters.indexOf(letter) + 1} (contact ${letter.contactId}) could not be drawn`, { cause: error });
      }
      drawn++;
      if (pages % 2 === 1) addBlankPage(doc);
      // The letter's footers are written, so its pages can leave memory now.
      doc.flushPages();
      printed += pages;
      nextPage += pages + (pages % 2);
    }
    const address = envelope[0].content.recipientAddress;
    const row = [
      index + 1,
      envelope.map((l) => l.contactId).join(' '),
      [...new Set(envelope.map((l) => l.reference))].join(' '),
      address[address.length - 1]?.trim() ?? '',
      firstPage,
      printed,
      (nextPage - firstPage) / 2,
      envelope.some((l) => l.postage === 'first') ? 'first' : 'second',
      envelope.some((l) => l.content.largePrint) ? 'yes' : 'no',
    ];
    rows.push(row);
  }
  doc.end();
  return {
    pdf: await pdf,
    manifestCsv: toCsv(MANIFEST_HEADER, rows),
    letters: letters.length,
    envelopes: envelopes.length,
    firstClassEnvelopes: rows.filter((row) => row[7] === 'first').length,
    sheets: (nextPage - 1) / 2,
  };
}
