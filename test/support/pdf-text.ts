import { PDFParse } from 'pdf-parse';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Reading PDFs back, for tests and checks: the text of each page (pdf-parse, on pdfjs) and the
 * fonts embedded (their PostScript names, without pdfkit's subset tag).
 */
export async function pdfPageTexts(pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

/** PostScript names of the fonts a PDF embeds or names, e.g. "NotoSansArabic-Regular", "Helvetica". */
export function pdfFontNames(pdf: Buffer): string[] {
  const names = new Set<string>();
  for (const match of pdf.toString('latin1').matchAll(/\/BaseFont\s*\/(?:[A-Z]{6}\+)?([^\s/>\]]+)/g)) names.add(match[1]);
  return [...names].sort();
}

export interface PositionedItem { str: string; x: number; y: number; rtl: boolean }

/** pdfjs' text items of each page with their x and baseline y in points (control characters dropped). */
export async function pdfItems(pdf: Buffer): Promise<PositionedItem[][]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const pages: PositionedItem[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const items: PositionedItem[] = [];
      for (const item of (await (await doc.getPage(n)).getTextContent()).items) {
        if (!('str' in item)) continue;
        const str = item.str.replace(/\p{Cc}/gu, '');
        if (str.trim() === '') continue;
        items.push({ str, x: item.transform[4], y: Math.round(item.transform[5]), rtl: item.dir === 'rtl' });
      }
      pages.push(items);
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/**
 * Each page's lines as a reader reads them, from pdfjs' positioned text items: items on one
 * baseline are taken left to right, except that neighbouring right-to-left items are taken right
 * to left (pdfjs gives each right-to-left item in logical order). A right-to-left name comes back
 * as given only if it was drawn right to left. Control characters (glyphs with no Unicode) go.
 */
export async function pdfLines(pdf: Buffer): Promise<string[][]> {
  return (await pdfItems(pdf)).map((items) => {
    const byLine = new Map<number, PositionedItem[]>();
    for (const item of items) byLine.set(item.y, [...(byLine.get(item.y) ?? []), item]);
    return [...byLine.entries()].sort(([a], [b]) => b - a).map(([, line]) => {
      const groups: PositionedItem[][] = [];
      for (const item of line.sort((a, b) => a.x - b.x)) {
        const last = groups[groups.length - 1];
        // A number between right-to-left words belongs to their run.
        if (last && last[0].rtl && (item.rtl || /^[\s.,:/-]*\d[\d\s.,:/-]*$/.test(item.str))) last.push(item);
        else groups.push([item]);
      }
      return groups.map((group) => (group[0].rtl ? [...group].reverse() : group).map((item) => item.str.trim()).join(' ')).join(' ').replace(/\s+/g, ' ').replace(/ ,/g, ',').trim();
    });
  });
}
