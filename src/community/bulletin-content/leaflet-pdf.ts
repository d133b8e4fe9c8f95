import { collectPdf, createPdf, writerFor } from '../../pdf/output.js';
import { planDoorDrop, type LeafletLayout } from './door-drop.js';
import { BOLD, drawLines, fitOnePage, layoutLines, mm, paginate, REGULAR, scaled, type Line, type Typography } from './print-layout.js';
import { markDraftPages } from './draft-mark.js';
import { drawRunSheet } from './run-sheet-pdf.js';
import type { RenderableBulletin } from './bulletin-view.js';

/** A4 in points; an A5 page is half of it. */
export const A4 = { width: 595.28, height: 841.89 };
export const A5 = { width: A4.height / 2, height: A4.width };

export interface PrintText {
  /** Rendered from the template's front matter: drawn large. */
  title: string;
  /** The template's body in the letter markup. */
  body: string;
  /** Above the title on every page: who it is from. */
  masthead: string;
  /** At the foot of every page: where it is for. */
  footer: string;
}

interface PageSpec {
  margin: number;
  type: Typography;
  /** The organisation's name above the title. */
  masthead: number;
  footer: number;
}

const A5_LEAFLET: PageSpec = { margin: mm(12), masthead: 10, footer: 8, type: { title: 24, heading: 14, body: 11, leading: 0.3, paragraphGap: 0.7 } };
const A4_LEAFLET: PageSpec = { margin: mm(20), masthead: 13, footer: 9, type: { title: 34, heading: 19, body: 14, leading: 0.3, paragraphGap: 0.7 } };
const POSTER: PageSpec = { margin: mm(18), masthead: 16, footer: 11, type: { title: 54, heading: 26, body: 20, leading: 0.25, paragraphGap: 0.6 } };

const MASTHEAD_GAP = 10;

/** The room the text has inside a page, below the masthead and above the footer. */
function frameOf(page: { width: number; height: number }, spec: PageSpec) {
  const top = spec.margin + spec.masthead * 1.3 + 4 + MASTHEAD_GAP;
  return { top, width: page.width - 2 * spec.margin, height: page.height - top - spec.margin - spec.footer * 2 };
}

function drawPage(doc: PDFKit.PDFDocument, origin: number, page: { width: number; height: number }, spec: PageSpec, lines: Line[], text: PrintText, number: string): void {
  const left = origin + spec.margin;
  const width = page.width - 2 * spec.margin;
  const w = writerFor(doc);
  w.font(BOLD).fontSize(spec.masthead).text(text.masthead, left, spec.margin, { width, lineBreak: false, ellipsis: true });
  const rule = spec.margin + spec.masthead * 1.3;
  doc.moveTo(left, rule).lineTo(left + width, rule).lineWidth(2).stroke();
  drawLines(doc, lines, left, frameOf(page, spec).top);
  const footY = page.height - spec.margin - spec.footer;
  w.font(REGULAR).fontSize(spec.footer);
  const numberWidth = number ? w.widthOfString(number) + 10 : 0;
  w.text(text.footer, left, footY, { width: width - numberWidth, lineBreak: false, ellipsis: true });
  if (number) w.text(number, left + width - numberWidth, footY, { width: numberWidth, align: 'right', lineBreak: false });
}

/** Lays the leaflet out: one page if it fits at 90% size or more, else as many pages as needed. */
function leafletPages(doc: PDFKit.PDFDocument, page: { width: number; height: number }, spec: PageSpec, text: PrintText): Line[][] {
  const frame = frameOf(page, spec);
  const one = fitOnePage(doc, text.title, text.body, frame, spec.type, 0.9);
  return one ? [one.lines] : paginate(layoutLines(doc, text.title, text.body, frame.width, spec.type), frame.height);
}

/**
 * The print-ready leaflet: a door-drop run sheet, then the leaflet, either two A5 copies side by
 * side on landscape A4 sheets with a dashed line to cut along, or one A4 copy per sheet. The
 * leaflet's pages follow in order, so a 2-page leaflet prints on both sides of each sheet.
 * Not yet approved (`b.draft`): every page, run sheet included, is marked DRAFT — NOT APPROVED.
 */
export async function renderLeafletPdf(b: RenderableBulletin, text: PrintText, layout: LeafletLayout, copies?: number): Promise<Buffer> {
  const { doc, writer } = createPdf({ autoFirstPage: false, bufferPages: true, info: { Title: text.title, Author: b.organisationName, Subject: 'Door-drop leaflet' } });
  // Printed matter shows what was written: a character no font draws appears as its code point.
  writer.unprintable = 'describe';
  const pdf = collectPdf(doc);
  const page = layout === 'a5' ? A5 : A4;
  const spec = layout === 'a5' ? A5_LEAFLET : A4_LEAFLET;
  const pages = leafletPages(doc, page, spec, text);
  const plan = planDoorDrop(b.neighbourhoods, layout, pages.length, copies);
  drawRunSheet(doc, { headline: b.content.headline, organisationName: b.organisationName, bulletinId: b.id }, plan);

  pages.forEach((lines, i) => {
    const number = pages.length > 1 ? `Page ${i + 1} of ${pages.length}` : '';
    if (layout === 'a4') {
      doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
      drawPage(doc, 0, page, spec, lines, text, number);
      return;
    }
    doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
    drawPage(doc, 0, page, spec, lines, text, number);
    drawPage(doc, A5.width, page, spec, lines, text, number);
    doc.save().moveTo(A5.width, 0).lineTo(A5.width, A5.height).lineWidth(0.5).dash(6, { space: 4 }).strokeColor('#555555').stroke().undash().restore();
  });
  if (b.draft) markDraftPages(doc);
  doc.end();
  return pdf;
}

/** An A4 portrait poster: the title as large as fits, on one page unless the text is very long; marked on every page while a draft. */
export async function renderPosterPdf(b: RenderableBulletin, text: PrintText): Promise<Buffer> {
  const { doc, writer } = createPdf({ autoFirstPage: false, bufferPages: true, info: { Title: text.title, Author: b.organisationName, Subject: 'Street briefing poster' } });
  writer.unprintable = 'describe';
  const pdf = collectPdf(doc);
  const frame = frameOf(A4, POSTER);
  const one = fitOnePage(doc, text.title, text.body, frame, POSTER.type, 0.5);
  const pages = one ? [one.lines] : paginate(layoutLines(doc, text.title, text.body, frame.width, scaled(POSTER.type, 0.5)), frame.height);
  pages.forEach((lines, i) => {
    doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
    drawPage(doc, 0, A4, POSTER, lines, text, pages.length > 1 ? `Page ${i + 1} of ${pages.length}` : '');
  });
  if (b.draft) markDraftPages(doc);
  doc.end();
  return pdf;
}
