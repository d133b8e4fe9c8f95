import PDFDocument from 'pdfkit';
import { PdfWriter } from './writer.js';

/**
 * A new pdfkit document with no built-in font (so nothing can fall back to Helvetica's WinAnsi) and
 * its writer. Draw all text through the writer.
 */
export function createPdf(options: PDFKit.PDFDocumentOptions = {}): { doc: PDFKit.PDFDocument; writer: PdfWriter } {
  const doc = new PDFDocument({ ...options, font: null as unknown as string });
  return { doc, writer: writerFor(doc) };
}

/** The writer of a document (one per document, kept with it, so the weight set carries over). */
const writers = new WeakMap<PDFKit.PDFDocument, PdfWriter>();
export function writerFor(doc: PDFKit.PDFDocument): PdfWriter {
  let writer = writers.get(doc);
  if (!writer) writers.set(doc, (writer = new PdfWriter(doc)));
  return writer;
}

/** Collects the document's output; call before drawing so pages stream out as they are flushed. */
export function collectPdf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
