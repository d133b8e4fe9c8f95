import { formatCaseReference } from '../../templates/case-reference.js';
import { collectPdf, createPdf, writerFor } from '../../pdf/output.js';
import { mm } from '../../pdf/units.js';

/** Sheets enclosed with a diary letter, or attached to the email. */
export const DIARY_SHEET_PAGES = 3;
const ENTRIES_PER_PAGE = 4;
const LEFT = mm(20);
const WIDTH = mm(170);
const FIELDS = ['Date and time', 'Where it happened', 'What happened', 'Who was involved, if you know', 'How it affected you or the people you live with'];
const FIELD_LINES = [1, 1, 3, 1, 2];

export interface DiarySheetOptions {
  /** Printed on every sheet so returned sheets find their case; a discreet letter's carries the number only. */
  reference: string;
  largePrint: boolean;
}

/**
 * Blank incident-diary pages: one box per incident, with ruled lines to write on. Appended to
 * a letter's pages (the document must use A4 pages) or rendered alone as an email attachment.
 */
export function drawDiarySheets(doc: PDFKit.PDFDocument, options: DiarySheetOptions): { pages: number } {
  const perPage = options.largePrint ? 2 : ENTRIES_PER_PAGE;
  const size = options.largePrint ? 16 : 10;
  for (let page = 1; page <= DIARY_SHEET_PAGES; page++) {
    doc.addPage({ size: 'A4', margins: { top: mm(15), bottom: mm(15), left: LEFT, right: mm(20) } });
    const w = writerFor(doc);
    w.font('bold').fontSize(size + 4).text('Incident diary', LEFT, mm(15), { width: WIDTH });
    const mark = /^\d[\d ]*$/.test(options.reference) ? `Number ${options.reference}` : `Reference ${formatCaseReference(options.reference)}`;
    w.font('regular').fontSize(size).text(`${mark}   -   Sheet ${page} of ${DIARY_SHEET_PAGES}`, undefined, undefined, { width: WIDTH });
    w.text('Write down each time something happens. Do not put yourself at risk to do this.', undefined, undefined, { width: WIDTH });
    const top = doc.y + mm(4);
    const boxHeight = (mm(282) - top) / perPage;
    for (let entry = 0; entry < perPage; entry++) drawEntry(doc, top + entry * boxHeight, boxHeight - mm(3), size);
  }
  return { pages: DIARY_SHEET_PAGES };
}

function drawEntry(doc: PDFKit.PDFDocument, top: number, height: number, size: number): void {
  doc.lineWidth(0.8).rect(LEFT, top, WIDTH, height).stroke();
  const lines = FIELD_LINES.reduce((a, b) => a + b, 0);
  const lineHeight = (height - mm(2)) / lines;
  let y = top + mm(1);
  FIELDS.forEach((label, i) => {
    doc.fillColor('#333333');
    writerFor(doc).font('regular').fontSize(size * 0.8).text(`${label}:`, LEFT + mm(2), y + mm(0.5), { width: WIDTH - mm(4), lineBreak: false });
    for (let n = 1; n <= FIELD_LINES[i]; n++) {
      const ruleY = y + lineHeight * n - mm(1);
      doc.lineWidth(0.3).strokeColor('#999999').moveTo(LEFT + mm(2), ruleY).lineTo(LEFT + WIDTH - mm(2), ruleY).stroke();
    }
    y += lineHeight * FIELD_LINES[i];
  });
  doc.fillColor('black').strokeColor('black');
}

/** The sheets alone, as a PDF for an email attachment. */
export async function renderDiarySheetsPdf(options: DiarySheetOptions): Promise<Buffer> {
  const { doc } = createPdf({ size: 'A4', autoFirstPage: false, info: { Title: 'Incident diary' } });
  const pdf = collectPdf(doc);
  drawDiarySheets(doc, options);
  doc.end();
  return pdf;
}
