import { formatLondonDate } from '../../calendar/working-days.js';
import { formatCaseReference } from '../../templates/case-reference.js';
import { collectPdf, createPdf, writerFor } from '../../pdf/output.js';
import { findUnprintable, normaliseForPrint, UnprintableCharacterError } from '../../pdf/text-runs.js';
import { mm } from '../../pdf/units.js';
import type { PdfWriter } from '../../pdf/writer.js';
import { ADDRESS_WINDOW_LINES } from '../../contact-details/postal-address.js';
import type { LetterSender } from '../../templates/outgoing.js';
import { drawDiarySheets } from './diary-sheets.js';

export type { Letterhead, LetterSender } from '../../templates/outgoing.js';

export interface LetterContent {
  sender: LetterSender;
  /** Already validated: 3–7 lines, name first, postcode last. */
  recipientAddress: string[];
  /** Printed as "24 November 2026" in Europe/London. */
  date: Date;
  /** Rendered template text: blank line between paragraphs, "## " headings, "- " bullets. */
  body: string;
  largePrint: boolean;
  /** Pages printed after the letter, in the same envelope. */
  enclosure?: 'diary_sheets';
}

/** What identifies the letter on its face: the case reference, or a discreet letter's neutral number. */
export const letterMark = (sender: LetterSender): string => (sender.kind === 'organisation' ? formatCaseReference(sender.reference) : sender.number);

/**
 * Page geometry in millimetres (A4 portrait). The address block targets the left window of a
 * standard DL envelope (110 × 220 mm, window 90 × 45 mm, 20 mm from the left and 15 mm from the
 * bottom): on an A4 sheet tri-folded into DL that window covers roughly x 20–110 mm and
 * y 45–95 mm, depending on how the sheet settles in the envelope. We print inside the safe core of
 * it: x 25–100 mm, y 50–85 mm (7 lines × 5 mm), the usual UK layout.
 */
export const LAYOUT_MM = Object.freeze({
  pageWidth: 210,
  pageHeight: 297,
  marginTop: 20,
  marginLeft: 25,
  marginRight: 20,
  /** Leaves room for the footer below the body. */
  marginBottom: 25,
  addressLeft: 25,
  addressTop: 50,
  addressWidth: 75,
  addressLineHeight: 5,
  /** The name and address together: postal-address ADDRESS_WINDOW_LINES. */
  addressMaxLines: ADDRESS_WINDOW_LINES,
  /** Letterhead, date and reference live in a right-hand column clear of the window (ends 110 mm). */
  rightColumnLeft: 115,
  /** First-page body start: below the window (95 mm) even if the sheet rides up in the envelope. */
  bodyTop: 100,
  footerTop: 284,
});

const MIN_ADDRESS_PT = 8;

interface Typography {
  body: number;
  heading: number;
  lineGap: number;
  paragraphGap: number;
  address: number;
  organisation: number;
  letterhead: number;
  meta: number;
  footer: number;
}

const STANDARD: Typography = {
  body: 11, heading: 13, lineGap: 2, paragraphGap: 8, address: 11, organisation: 13, letterhead: 9, meta: 10, footer: 9,
};
// The address shrinks to 13pt in large print so seven lines still fit the 35 mm window core.
const LARGE_PRINT: Typography = {
  body: 16, heading: 18, lineGap: 3, paragraphGap: 12, address: 13, organisation: 16, letterhead: 12, meta: 13, footer: 12,
};

const PAGE_OPTIONS: PDFKit.PDFDocumentOptions = {
  size: 'A4',
  margins: {
    top: mm(LAYOUT_MM.marginTop),
    bottom: mm(LAYOUT_MM.marginBottom),
    left: mm(LAYOUT_MM.marginLeft),
    right: mm(LAYOUT_MM.marginRight),
  },
};
const BODY_LEFT = mm(LAYOUT_MM.marginLeft);
const BODY_WIDTH = mm(LAYOUT_MM.pageWidth - LAYOUT_MM.marginLeft - LAYOUT_MM.marginRight);
const COLUMN_LEFT = mm(LAYOUT_MM.rightColumnLeft);
const COLUMN_WIDTH = mm(LAYOUT_MM.pageWidth - LAYOUT_MM.marginRight - LAYOUT_MM.rightColumnLeft);

export { formatLondonDate as formatLetterDate } from '../../calendar/working-days.js';

export { collectPdf } from '../../pdf/output.js';
/** @deprecated Text is no longer reduced to WinAnsi: the PDF kit prints it as given (src/pdf). */
export const toPrintable = normaliseForPrint;

/** Which part of a letter holds a character no embedded font draws. */
export type UnprintablePart = 'letterhead' | 'recipient address' | 'letter wording';

/**
 * Checks, before a letter is queued or printed, that every character in it has an embedded font.
 * Returns the part and the code point of the first one that doesn't (never the text: it is personal
 * data), or null.
 */
export function findUnprintableInLetter(content: LetterContent): { part: UnprintablePart; codePoint: number } | null {
  const { sender } = content;
  const head = sender.kind === 'organisation'
    ? [sender.letterhead.organisationName, ...sender.letterhead.addressLines, sender.letterhead.phone ?? '', sender.letterhead.email ?? '', sender.letterhead.website ?? '', sender.reference]
    : [sender.name, ...sender.returnAddress, sender.number];
  const parts: Array<[UnprintablePart, string[]]> = [['recipient address', content.recipientAddress], ['letter wording', [content.body]], ['letterhead', head]];
  for (const [part, texts] of parts) {
    const codePoint = findUnprintable(texts.join('\n'));
    if (codePoint !== null) return { part, codePoint };
  }
  return null;
}

/** The failure a letter with an unprintable character is given (contact failure code `unprintable_character`). */
export function unprintableLetterReason(found: { part: UnprintablePart; codePoint: number }): string {
  return `The letter cannot be printed: the ${found.part} has a character no font can print (${new UnprintableCharacterError(found.codePoint).message.match(/U\+[0-9A-F]+/)![0]}). Check the spelling with the victim or replace the character.`;
}

// --- Body markup -------------------------------------------------------------------------------
export type Block = { kind: 'heading' | 'text' | 'bullet' | 'cut' | 'whole'; text: string; firstInParagraph: boolean };

export function parseBody(body: string): Block[] {
  const blocks: Block[] = [];
  for (const paragraph of body.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    let first = true;
    let textLines: string[] = [];
    const push = (kind: Block['kind'], text: string): void => {
      blocks.push({ kind, text, firstInParagraph: first });
      first = false;
    };
    const flushText = (): void => {
      if (textLines.length > 0) push('text', textLines.join('\n'));
      textLines = [];
    };
    for (const raw of paragraph.split('\n')) {
      const line = normaliseForPrint(raw.trim());
      if (line.startsWith('## ')) {
        flushText();
        push('heading', line.slice(3).trim());
      } else if (line.startsWith('>8 ')) {
        flushText();
        push('cut', line.slice(3).trim());
      } else if (line.startsWith('>> ')) {
        flushText();
        push('whole', line.slice(3).trim());
      } else if (line.startsWith('- ')) {
        flushText();
        push('bullet', line.slice(2).trim());
      } else if (line !== '') {
        textLines.push(line);
      }
    }
    flushText();
  }
  return blocks;
}

// --- Drawing -----------------------------------------------------------------------------------
function drawRightColumn(w: PdfWriter, content: LetterContent, type: Typography): number {
  const { sender } = content;
  const opts = { width: COLUMN_WIDTH, align: 'right' as const };
  const top = mm(LAYOUT_MM.marginTop);
  let mark: string;
  if (sender.kind === 'organisation') {
    const head = sender.letterhead;
    w.font('bold').fontSize(type.organisation).text(head.organisationName, COLUMN_LEFT, top, opts);
    const lines = [...head.addressLines];
    if (head.phone) lines.push(`Tel: ${head.phone}`);
    if (head.email) lines.push(head.email);
    if (head.website) lines.push(head.website);
    if (lines.length > 0) w.font('regular').fontSize(type.letterhead).text(lines.join('\n'), COLUMN_LEFT, w.y + 2, opts);
    mark = `Our reference: ${formatCaseReference(sender.reference)}`;
  } else {
    // Plain letterhead: a neutral name and return address, nothing that says who we are.
    if (sender.name) w.font('bold').fontSize(type.organisation).text(sender.name, COLUMN_LEFT, top, opts);
    const at = sender.name ? w.y + 2 : top;
    w.font('regular').fontSize(type.letterhead).text(sender.returnAddress.join('\n'), COLUMN_LEFT, at, opts);
    mark = `Number: ${sender.number}`;
  }
  w.font('regular').fontSize(type.meta);
  // The reference is never split: when label and reference don't fit one line, the reference
  // goes whole on the next.
  if (w.widthOfString(mark) > COLUMN_WIDTH) mark = mark.replace(': ', ':\n');
  w.text(`${formatLondonDate(content.date)}\n${mark}`, COLUMN_LEFT, w.y + mm(6), opts);
  return w.y;
}

function drawAddress(w: PdfWriter, address: string[], type: Typography): void {
  if (address.length > LAYOUT_MM.addressMaxLines) {
    throw new RangeError(`A recipient address has at most ${LAYOUT_MM.addressMaxLines} lines to fit the envelope window`);
  }
  const lines = address.map((line) => line.trim());
  w.font('regular').fontSize(type.address);
  const widest = Math.max(...lines.map((line) => w.widthOfString(line)));
  const maxWidth = mm(LAYOUT_MM.addressWidth);
  // An unusually long line shrinks the whole block rather than wrapping out of the window.
  if (widest > maxWidth) w.fontSize(Math.max(MIN_ADDRESS_PT, (type.address * maxWidth) / widest));
  const left = mm(LAYOUT_MM.addressLeft);
  lines.forEach((line, i) => {
    w.text(line, left, mm(LAYOUT_MM.addressTop + i * LAYOUT_MM.addressLineHeight), { lineBreak: false });
  });
}

/** A closing such as "Yours sincerely," that belongs with the signature under it. */
const CLOSING = /^(yours (sincerely|faithfully|truly)|kind regards|best wishes|with best wishes|regards|many thanks),?$/i;

function drawBody(w: PdfWriter, blocks: Block[], type: Typography): void {
  const doc = w.doc;
  const bodyLine = w.fontSize(type.body).currentLineHeight(true) + type.lineGap;
  const headingLine = w.fontSize(type.heading).currentLineHeight(true) + type.lineGap;
  const bulletIndent = type.body * 1.4;
  const textOpts = { width: BODY_WIDTH, lineGap: type.lineGap };
  const bulletOpts = { width: BODY_WIDTH - bulletIndent, lineGap: type.lineGap };
  // Start a page ourselves when a block would begin too low: keeps headings with their text and
  // bullets with their first line, instead of relying on pdfkit's mid-block page breaks.
  const ensureSpace = (needed: number): void => {
    if (doc.y + needed > doc.page.maxY()) doc.addPage(PAGE_OPTIONS);
  };
  const textHeight = (block: Block): number => w.font('regular').fontSize(type.body).heightOfString(block.text, textOpts);
  let previous: Block | undefined;
  blocks.forEach((block, index) => {
    if (previous) doc.y += block.firstInParagraph ? type.paragraphGap : previous.kind === 'heading' ? 2 : type.lineGap;
    if (block.kind === 'heading') {
      ensureSpace(headingLine + 2 * bodyLine);
      w.font('bold').fontSize(type.heading).text(block.text, BODY_LEFT, doc.y, textOpts);
    } else if (block.kind === 'cut') {
      // A tear-off slip starts on a fresh page when less than a third of the page is left.
      ensureSpace(doc.page.height / 3);
      const y = doc.y + type.paragraphGap;
      const right = BODY_LEFT + BODY_WIDTH;
      doc.save().dash(4, { space: 3 }).moveTo(BODY_LEFT, y).lineTo(right, y).stroke().undash().restore();
      w.font('regular').fontSize(type.footer).text(`- ${block.text} -`, BODY_LEFT, y + 3, { width: BODY_WIDTH, align: 'center' });
    } else if (block.kind === 'whole') {
      // Links and numbers someone has to type: one line, never broken; shrunk to fit if need be.
      ensureSpace(bodyLine);
      w.font('bold').fontSize(type.body);
      const size = Math.min(type.body, (type.body * BODY_WIDTH) / Math.max(1, w.widthOfString(block.text)));
      w.fontSize(size).text(block.text, BODY_LEFT, doc.y, { width: BODY_WIDTH, lineBreak: false });
      doc.y += bodyLine;
    } else if (block.kind === 'bullet') {
      ensureSpace(bodyLine);
      const y = doc.y;
      w.font('regular').fontSize(type.body).text('•', BODY_LEFT + type.body * 0.3, y, { lineBreak: false });
      w.text(block.text, BODY_LEFT + bulletIndent, y, bulletOpts);
    } else {
      if (CLOSING.test(block.text.split('\n')[0].trim())) {
        // The closing and the signature under it (up to a tear-off slip) stay on one page.
        const group = blocks.slice(index, blocks.findIndex((b, i) => i > index && b.kind !== 'text') >>> 0);
        ensureSpace(group.reduce((sum, b) => sum + textHeight(b) + type.paragraphGap, -type.paragraphGap));
      } else {
        ensureSpace(Math.min(2, block.text.split('\n').length) * bodyLine);
      }
      w.font('regular').fontSize(type.body).text(block.text, BODY_LEFT, doc.y, textOpts);
    }
    previous = block;
  });
}

function drawFooters(w: PdfWriter, firstPage: number, pages: number, type: Typography): void {
  w.font('regular').fontSize(type.footer);
  const y = mm(LAYOUT_MM.footerTop);
  for (let i = 0; i < pages; i++) {
    w.doc.switchToPage(firstPage + i);
    const label = `Page ${i + 1} of ${pages}`;
    w.text(label, (w.doc.page.width - w.widthOfString(label)) / 2, y, { lineBreak: false });
  }
}

/**
 * Draws one letter on new pages appended to `doc`, which must be created with `bufferPages: true`
 * (the footers are written after the body, once the page count is known). Pages are numbered per
 * letter, so several letters can share one document. Throws UnprintableCharacterError (src/pdf)
 * before drawing anything when a character has no embedded font.
 */
export function drawLetter(doc: PDFKit.PDFDocument, content: LetterContent): { pages: number } {
  if (!doc.options.bufferPages) throw new Error('drawLetter needs a PDFDocument created with bufferPages: true');
  const unprintable = findUnprintableInLetter(content);
  if (unprintable) throw new UnprintableCharacterError(unprintable.codePoint);
  const w = writerFor(doc);
  const type = content.largePrint ? LARGE_PRINT : STANDARD;
  const range = doc.bufferedPageRange();
  const firstPage = range.start + range.count;
  doc.addPage(PAGE_OPTIONS);
  const columnBottom = drawRightColumn(w, content, type);
  drawAddress(w, content.recipientAddress, type);
  doc.y = Math.max(mm(LAYOUT_MM.bodyTop), columnBottom + mm(8));
  drawBody(w, parseBody(content.body), type);
  const after = doc.bufferedPageRange();
  const pages = after.start + after.count - firstPage;
  drawFooters(w, firstPage, pages, type);
  if (content.enclosure === 'diary_sheets') {
    const enclosed = drawDiarySheets(doc, { reference: letterMark(content.sender), largePrint: content.largePrint });
    return { pages: pages + enclosed.pages };
  }
  return { pages };
}

export function createLetterDocument(): PDFKit.PDFDocument {
  return createPdf({ ...PAGE_OPTIONS, bufferPages: true, autoFirstPage: false }).doc;
}

/** Appends an empty page (duplex padding) with the letters' page set-up. */
export function addBlankPage(doc: PDFKit.PDFDocument): void {
  doc.addPage(PAGE_OPTIONS);
}

export async function renderLetterPdf(content: LetterContent): Promise<Buffer> {
  return (await renderLetter(content)).pdf;
}

/** The PDF and how many pages it has (previews show the count). */
export async function renderLetter(content: LetterContent): Promise<{ pdf: Buffer; pages: number }> {
  const doc = createLetterDocument();
  const pdf = collectPdf(doc);
  const { pages } = drawLetter(doc, content);
  doc.end();
  return { pdf: await pdf, pages };
}
