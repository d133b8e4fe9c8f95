import { writerFor } from '../../pdf/output.js';
import type { PdfWriter } from '../../pdf/writer.js';
import type { DoorDropPlan } from './door-drop.js';
import { BOLD, mm, REGULAR } from './print-layout.js';

const A4_PORTRAIT: PDFKit.PDFDocumentOptions = { size: 'A4', layout: 'portrait', margin: mm(18) };
const ROW = 17;
const thousands = (n: number): string => n.toLocaleString('en-GB');

export interface RunSheetHeading {
  headline: string;
  organisationName: string;
  bulletinId: string;
}

/**
 * The first page(s) of a print run: which streets get how many leaflets, the total, and how to
 * print and cut them. For the people printing and delivering; not itself delivered.
 */
export function drawRunSheet(doc: PDFKit.PDFDocument, heading: RunSheetHeading, plan: DoorDropPlan): void {
  doc.addPage(A4_PORTRAIT);
  const w = writerFor(doc);
  const left = mm(18);
  const width = doc.page.width - 2 * left;
  const columns = { street: left, letterboxes: left + width * 0.55, copies: left + width * 0.72, delivered: left + width * 0.87 };
  const numberWidth = width * 0.15;

  w.font(BOLD).fontSize(20).text('Door-drop run sheet', left, mm(18), { width });
  w.font(REGULAR).fontSize(10).text('For the print and delivery team. Do not deliver this page.', { width });
  doc.moveDown(0.8);
  const fact = (label: string, value: string): void => {
    const y = doc.y;
    w.font(BOLD).fontSize(11).text(label, left, y, { width: width * 0.25 });
    w.font(REGULAR).fontSize(11).text(value, left + width * 0.25, y, { width: width * 0.75 });
    doc.y = Math.max(doc.y, y) + 3;
  };
  fact('Leaflet', heading.headline);
  fact('From', heading.organisationName);
  fact('Bulletin', heading.bulletinId);
  fact('Layout', plan.layout === 'a5'
    ? 'A5, two leaflets side by side on each A4 sheet (landscape). Cut each sheet in half along the dashed line.'
    : 'A4, one leaflet per sheet (portrait).');
  const sides = plan.doubleSided ? `both sides, flip on the ${plan.layout === 'a5' ? 'short' : 'long'} edge` : 'one side';
  fact('Leaflet pages', `${plan.leafletPages} (print on ${sides})`);
  const atLeast = plan.unknownStreets > 0 ? 'at least ' : '';
  fact('Total copies', `${atLeast}${thousands(plan.copies)}`);
  if (plan.spare > 0) fact('Spare copies', `${thousands(plan.spare)} (more than the letterboxes counted; included in the total)`);
  fact('A4 sheets needed', `${atLeast}${thousands(plan.sheets)}`);
  if (plan.unknownStreets > 0) {
    const streets = plan.unknownStreets === 1 ? '1 street' : `${plan.unknownStreets} streets`;
    doc.moveDown(0.3);
    w.font(BOLD).fontSize(11).text(
      `The number of letterboxes is not known for ${streets}, and no number of copies was asked for. ` +
        'They are marked "not known": print the leaflet again giving the number of copies to share between them.',
      left, doc.y, { width },
    );
  }

  const tableHeader = (): void => {
    const y = doc.y;
    w.font(BOLD).fontSize(10);
    w.text('Street', columns.street, y, { lineBreak: false });
    w.text('Letterboxes', columns.letterboxes, y, { width: numberWidth, align: 'right', lineBreak: false });
    w.text('Copies', columns.copies, y, { width: numberWidth * 0.8, align: 'right', lineBreak: false });
    w.text('Delivered', columns.delivered, y, { lineBreak: false });
    doc.moveTo(left, y + ROW - 4).lineTo(left + width, y + ROW - 4).lineWidth(0.75).stroke();
    doc.y = y + ROW;
  };
  const room = (needed: number): void => {
    if (doc.y + needed <= doc.page.height - mm(18)) return;
    doc.addPage(A4_PORTRAIT);
    doc.y = mm(18);
    tableHeader();
  };

  for (const area of plan.neighbourhoods) {
    doc.y += 14;
    room(ROW * 4);
    const label = area.areas.length > 0 ? `${area.name} (${area.areas.join(', ')})` : area.name;
    w.font(BOLD).fontSize(13).text(label, left, doc.y, { width });
    doc.y += 4;
    tableHeader();
    for (const street of area.streets) {
      room(ROW);
      const y = doc.y;
      w.font(REGULAR).fontSize(10.5);
      w.text(fitText(w, street.name, columns.letterboxes - columns.street - 8), columns.street, y, { lineBreak: false });
      w.text(street.letterboxes === null ? '-' : thousands(street.letterboxes), columns.letterboxes, y, { width: numberWidth, align: 'right', lineBreak: false });
      w.font(street.copies === null ? REGULAR : BOLD)
        .text(street.copies === null ? 'not known' : thousands(street.copies), columns.copies, y, { width: numberWidth * 0.8, align: 'right', lineBreak: false });
      doc.rect(columns.delivered + 14, y - 1, 10, 10).lineWidth(0.75).stroke();
      doc.y = y + ROW;
    }
    room(ROW);
    const y = doc.y;
    doc.moveTo(left, y - 4).lineTo(left + width, y - 4).lineWidth(0.5).stroke();
    w.font(BOLD).fontSize(10.5).text(`Copies for ${area.name}`, columns.street, y, { lineBreak: false });
    w.text(area.copies === null ? 'not known' : thousands(area.copies), columns.copies, y, { width: numberWidth * 0.8, align: 'right', lineBreak: false });
    doc.y = y + ROW;
  }
}

/** Shortens a street name that would run into the numbers. */
function fitText(w: PdfWriter, text: string, width: number): string {
  if (w.widthOfString(text) <= width) return text;
  let cut = [...text];
  while (cut.length > 1 && w.widthOfString(`${cut.join('')}...`) > width) cut = cut.slice(0, -1);
  return `${cut.join('')}...`;
}
