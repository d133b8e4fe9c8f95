import { collectPdf, createPdf } from '../pdf/output.js';
import type { PdfWriter } from '../pdf/writer.js';
import { AUDIT_ACTIONS, SECTION_TITLES, label, shown, words } from './plain-words.js';
import type { RecordView } from './record-view.js';
import type { SubjectAccessReport } from './subject-access.service.js';
import { formatCaseReference } from '../templates/case-reference.js';

const MARGIN = 56;
const INDENT = 14;


/**
 * The subject access report as a document the person can read: a heading per section, each
 * value under a plain-language label, dates in London time, ids and internal codes left out.
 */
export async function renderSubjectAccessPdf(report: SubjectAccessReport): Promise<Buffer> {
  const { doc, writer } = createPdf({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: 'Subject access report' } });
  // The report shows everything held: a character no font draws is written as its code point.
  writer.unprintable = 'describe';
  const done = collectPdf(doc);
  const pdf = new Writer(writer);

  pdf.title('Personal data we hold about you');
  const by = report.request.recordedBy;
  pdf.paragraph(
    `A copy of the personal data the Community Safety Partnership holds about you (UK GDPR, Article 15). ` +
      `Prepared on ${words(report.request.recordedAt)} by ${by.name}, ${by.organisation}; this request is recorded in our audit log.`,
  );
  pdf.paragraph(report.matching);
  if (report.casesHeldByOtherPartners > 0) {
    pdf.paragraph(`${report.casesHeldByOtherPartners} further case(s) about this person are held by other partners, who must be asked separately.`);
  }

  pdf.heading('Your details');
  for (const victim of report.victimRecords) {
    pdf.subheading(`As recorded on ${words(victim.createdAt)}`);
    pdf.fields({ ...victim, name: victim.name ?? 'not held' }, ['name', 'phone', 'email', 'address', 'dateOfBirth', 'erasedAt', 'matchedBy', 'caseReferences']);
  }

  for (const c of report.cases) {
    pdf.heading(`Case ${formatCaseReference(c.reference)}`);
    const { records, ...summary } = c;
    pdf.fields(summary);
    for (const [table, rows] of Object.entries(records)) {
      pdf.subheading(SECTION_TITLES[table] ?? label(table));
      rows.forEach((row, i) => pdf.record(row, i));
    }
  }

  if (report.textsNotLinkedToACase.length) {
    pdf.heading('Texts from your phone number not linked to a case');
    report.textsNotLinkedToACase.forEach((row, i) => pdf.record(row, i));
  }
  for (const [table, rows] of Object.entries(report.otherRecords)) {
    pdf.heading(SECTION_TITLES[table] ?? label(table));
    rows.forEach((row, i) => pdf.record(row, i));
  }

  pdf.heading('Who has seen or changed your data');
  for (const entry of report.auditEntries) {
    const what = AUDIT_ACTIONS[entry.action as string] ?? words(entry.action);
    const onCase = entry.caseReference ? ` (case ${entry.caseReference})` : '';
    pdf.line(`${words(entry.at)}: ${entry.organisation} (${entry.staffRole}) ${what}${onCase}`);
  }

  pdf.pageNumbers();
  doc.end();
  return done;
}

/** Draws text with the report's typography, in the PDF kit's embedded fonts (src/pdf). */
class Writer {
  private readonly doc: PDFKit.PDFDocument;
  constructor(private readonly w: PdfWriter) {
    this.doc = w.doc;
  }

  title(text: string): void {
    this.w.font('bold').fontSize(18).text(text, MARGIN);
    this.doc.moveDown(0.5);
  }

  heading(text: string): void {
    if (this.doc.y > this.doc.page.height - MARGIN - 80) this.doc.addPage();
    this.doc.moveDown(0.8);
    this.w.font('bold').fontSize(14).text(text, MARGIN);
    this.doc.moveDown(0.3);
  }

  subheading(text: string): void {
    this.doc.moveDown(0.5);
    this.w.font('bold').fontSize(11.5).text(text, MARGIN);
    this.doc.moveDown(0.2);
  }

  paragraph(text: string): void {
    this.w.font('regular').fontSize(10).text(text, MARGIN);
    this.doc.moveDown(0.4);
  }

  line(text: string, depth = 0): void {
    this.w.font('regular').fontSize(10).text(text, MARGIN + depth * INDENT);
  }

  /** One row of a section: a thin rule between rows, then its fields. */
  record(row: RecordView, index: number): void {
    if (index > 0) {
      const y = this.doc.y + 3;
      this.doc.moveTo(MARGIN, y).lineTo(this.doc.page.width - MARGIN, y).lineWidth(0.3).strokeColor('#999999').stroke();
      this.doc.moveDown(0.5);
    }
    this.fields(row);
  }

  /** `Label: value` lines; structured values (lists of rows, objects) indented below their label. */
  fields(view: RecordView, order?: string[], depth = 0): void {
    const keys = order ?? Object.keys(view);
    for (const key of keys) {
      const value = view[key];
      if (!shown(key, value)) continue;
      const text = words(value);
      const x = MARGIN + depth * INDENT;
      if (text !== null) {
        this.w.font('bold').fontSize(10).text(`${label(key)}: `, x, undefined, { continued: true });
        this.w.font('regular').text(text);
      } else if (Array.isArray(value)) {
        this.w.font('bold').fontSize(10).text(label(key), x);
        for (const item of value) {
          if (item && typeof item === 'object') this.compact(item as RecordView, depth + 1);
          else this.line(`- ${words(item) ?? ''}`, depth + 1);
        }
      } else if (value && typeof value === 'object') {
        this.w.font('bold').fontSize(10).text(label(key), x);
        this.fields(value as RecordView, undefined, depth + 1);
      }
    }
  }

  /** A row inside another (a timeline entry, an attempt): one line if its values are simple. */
  private compact(row: RecordView, depth: number): void {
    // A timeline entry's provider details (encoding, transport) mean nothing to the person.
    const simple = Object.entries(row).filter(([key, value]) => key !== 'detail' && shown(key, value));
    if (simple.every(([, value]) => words(value) !== null)) {
      this.line(`- ${simple.map(([key, value]) => (key === 'at' || key === 'status' ? words(value) : `${label(key)}: ${words(value)}`)).join('; ')}`, depth);
    } else {
      this.fields(Object.fromEntries(simple), undefined, depth);
    }
  }

  pageNumbers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      const text = `Page ${i + 1} of ${range.count}`;
      // Below the bottom margin: writing there must not start a new page.
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.w.font('regular').fontSize(8).text(text, MARGIN, this.doc.page.height - 36, { lineBreak: false });
      this.doc.page.margins.bottom = bottom;
    }
  }
}
