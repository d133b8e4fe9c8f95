import { PDFParse } from 'pdf-parse';

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
