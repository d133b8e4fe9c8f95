import { writerFor } from '../../pdf/output.js';
import { BOLD, mm } from './print-layout.js';

/** What every page of a bulletin's printed matter says until the bulletin is approved. */
export const DRAFT_MARK = 'DRAFT — NOT APPROVED';

const RED = '#d4351c'; // GOV.UK error colour
const BAND = mm(7);

/**
 * Marks every page of a document made with `bufferPages: true`: a red band across the top edge
 * ("DRAFT — NOT APPROVED: do not print or deliver", above any page's margin) and the mark large
 * and faint across the middle of the page, drawn over what is there. Call before `doc.end()`.
 */
export function markDraftPages(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  const w = writerFor(doc);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    doc.save();
    doc.rect(0, 0, width, BAND).fill(RED);
    const band = `${DRAFT_MARK}: do not print or deliver`;
    doc.fillColor('#ffffff');
    w.font(BOLD).fontSize(10);
    w.text(band, (width - w.widthOfString(band)) / 2, (BAND - 10) / 2, { lineBreak: false });
    doc.restore();

    doc.save();
    const size = Math.min(width, height) / 9;
    w.font(BOLD).fontSize(size);
    const across = w.widthOfString(DRAFT_MARK);
    doc.rotate(-Math.atan2(height, width) * (180 / Math.PI), { origin: [width / 2, height / 2] });
    doc.fillColor(RED).fillOpacity(0.18);
    w.text(DRAFT_MARK, (width - across) / 2, (height - size) / 2, { lineBreak: false });
    doc.restore();
  }
}
