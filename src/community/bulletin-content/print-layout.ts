import { parseBody } from '../../channels/letter/letter-pdf.js';
import type { Weight } from '../../pdf/fonts.js';
import { writerFor } from '../../pdf/output.js';
import { normaliseForPrint } from '../../pdf/text-runs.js';
export { mm, PT_PER_MM } from '../../pdf/units.js';

/**
 * Lays a leaflet or poster out line by line, so that a page can be drawn more than once (two A5
 * leaflets side by side on one A4 sheet) and its size known before drawing (to shrink a poster
 * onto one page). Text is the letter markup (see templates/README.md), in the PDF kit's embedded
 * fonts (src/pdf): any shipped script, each line drawn in bidi order.
 */
export const REGULAR: Weight = 'regular';
export const BOLD: Weight = 'bold';

export interface Typography {
  title: number;
  heading: number;
  body: number;
  /** Space between lines, as a fraction of the font size. */
  leading: number;
  /** Space before a paragraph and before a heading, as a fraction of the body size. */
  paragraphGap: number;
}

export interface Line {
  text: string;
  font: Weight;
  size: number;
  /** From the frame's left edge. */
  indent: number;
  bullet: boolean;
  height: number;
  gapBefore: number;
  /** Room needed from this line on for it to start here: a heading keeps its next lines with it. */
  keep: number;
}

export const scaled = (type: Typography, scale: number): Typography => ({
  ...type, title: type.title * scale, heading: type.heading * scale, body: type.body * scale,
});

/** Breaks text into lines no wider than `width`; a word longer than the line is split. */
export function wrap(doc: PDFKit.PDFDocument, text: string, font: Weight, size: number, width: number): string[] {
  const w = writerFor(doc).font(font).fontSize(size);
  const lines: string[] = [];
  for (const paragraphLine of normaliseForPrint(text).split('\n')) {
    let line = '';
    for (const word of paragraphLine.split(/ +/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (w.widthOfString(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      while (w.widthOfString(line) > width && line.length > 1) {
        let fit = line.length - 1;
        while (fit > 1 && w.widthOfString(line.slice(0, fit)) > width) fit--;
        lines.push(line.slice(0, fit));
        line = line.slice(fit);
      }
    }
    if (line) lines.push(line);
  }
  return lines;
}

/** The title, then each block of the body, as lines for a frame `width` wide. */
export function layoutLines(doc: PDFKit.PDFDocument, title: string, body: string, width: number, type: Typography): Line[] {
  const lines: Line[] = [];
  const add = (texts: string[], font: Line['font'], size: number, indent: number, gapBefore: number, bullet = false): number => {
    const first = lines.length;
    texts.forEach((text, i) => {
      lines.push({ text, font, size, indent, bullet: bullet && i === 0, height: size * (1 + type.leading), gapBefore: i === 0 ? gapBefore : 0, keep: 0 });
    });
    return first;
  };
  add(wrap(doc, title, BOLD, type.title, width), BOLD, type.title, 0, 0);
  const gap = type.body * type.paragraphGap;
  const bulletIndent = type.body * 1.4;
  const headings: number[] = [];
  parseBody(body).forEach((block, i) => {
    const before = i === 0 ? gap : block.firstInParagraph || block.kind === 'heading' ? gap : type.body * 0.25;
    if (block.kind === 'heading') headings.push(add(wrap(doc, block.text, BOLD, type.heading, width), BOLD, type.heading, 0, before * 1.5));
    else if (block.kind === 'bullet') add(wrap(doc, block.text, REGULAR, type.body, width - bulletIndent), REGULAR, type.body, bulletIndent, before, true);
    else add(wrap(doc, block.text, REGULAR, type.body, width), REGULAR, type.body, 0, before);
  });
  // A heading starts a page only with its own lines and the next two lines after it.
  for (const start of headings) {
    let end = start + 1;
    while (end < lines.length && lines[end].font === BOLD && lines[end].gapBefore === 0) end++;
    const following = lines.slice(start, Math.min(lines.length, end + 2));
    lines[start].keep = following.reduce((sum, line, i) => sum + line.height + (i === 0 ? 0 : line.gapBefore), 0);
  }
  return lines;
}

export const totalHeight = (lines: Line[]): number => lines.reduce((sum, line, i) => sum + line.height + (i === 0 ? 0 : line.gapBefore), 0);

/** Splits lines into pages of at most `height` points; a page never starts with a gap. */
export function paginate(lines: Line[], height: number): Line[][] {
  const pages: Line[][] = [[]];
  let y = 0;
  for (const line of lines) {
    const page = pages[pages.length - 1];
    const gap = page.length === 0 ? 0 : line.gapBefore;
    if (page.length > 0 && y + gap + Math.max(line.height, line.keep) > height) {
      pages.push([line]);
      y = line.height;
    } else {
      page.push(line);
      y += gap + line.height;
    }
  }
  return pages;
}

/** Draws one page's lines with its top-left corner at (x, y). */
export function drawLines(doc: PDFKit.PDFDocument, lines: Line[], x: number, y: number): void {
  let top = y;
  lines.forEach((line, i) => {
    if (i > 0) top += line.gapBefore;
    const w = writerFor(doc).font(line.font).fontSize(line.size);
    // pdfkit places text by the top of its line box: the leading is shared above and below.
    const textTop = top + (line.height - line.size) / 2;
    if (line.bullet) w.text('•', x + line.indent - line.size * 1.1, textTop, { lineBreak: false });
    w.text(line.text, x + line.indent, textTop, { lineBreak: false });
    top += line.height;
  });
}

/** The lines on one page at the largest scale that fits, down to `minScale`; null if none does. */
export function fitOnePage(
  doc: PDFKit.PDFDocument, title: string, body: string, frame: { width: number; height: number }, type: Typography, minScale: number,
): { lines: Line[]; scale: number } | null {
  for (let scale = 1; scale >= minScale - 1e-9; scale -= 0.05) {
    const lines = layoutLines(doc, title, body, frame.width, scaled(type, scale));
    if (totalHeight(lines) <= frame.height) return { lines, scale };
  }
  return null;
}
