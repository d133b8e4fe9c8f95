import { formatCaseReference } from '../templates/case-reference.js';
import { collectPdf, createPdf } from '../pdf/output.js';
import { mm } from '../pdf/units.js';

/** Everything the Witness Service needs to contact and support the victim; drawn into the PDF. */
export interface ReferralForm {
  referredOn: string;
  reference: string;
  witness: { name: string; phone: string | null; email: string | null; address: string[] | null };
  contact: { preferred: string; otherChannels: string; safeTimes: string; discreet: boolean; voicemailSafe: boolean };
  consentGivenOn: string;
  lead: { name: string; phone: string | null; email: string | null };
  spoc: { name: string; phone: string | null; email: string | null } | null;
  court: { name: string; kind: string; hearings: string[] };
  witnessCategory: string;
  needs: string | null;
  specialMeasures: string[];
}

const MARGIN = mm(20);
const LABEL_WIDTH = mm(50);
const GAP = mm(4);
const SIZE = 10.5;

type Row = [label: string, value: string];

/** The referral form as an A4 PDF: a heading per section, then label and value rows. */
export async function renderReferralForm(form: ReferralForm): Promise<Buffer> {
  const { doc, writer: w } = createPdf({ size: 'A4', margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN }, bufferPages: true, info: { Title: 'Witness Service referral' } });
  // The form must carry what was recorded: a character no font draws is written as its code point.
  w.unprintable = 'describe';
  const pdf = collectPdf(doc);
  const width = doc.page.width - 2 * MARGIN;
  const reference = formatCaseReference(form.reference);

  w.font('bold').fontSize(9).text('OFFICIAL-SENSITIVE: personal information', { align: 'right' });
  doc.moveDown(0.5);
  w.fontSize(18).text('Witness Service referral');
  w.font('regular').fontSize(SIZE).text(`Case ${reference}, referred on ${form.referredOn}`);

  const section = (title: string, rows: Row[]): void => {
    w.fontSize(13);
    if (doc.y + w.currentLineHeight(true) * 3 > doc.page.maxY()) doc.addPage();
    doc.moveDown(1);
    w.font('bold').text(title, MARGIN, doc.y, { width });
    doc.moveTo(MARGIN, doc.y + 2).lineTo(MARGIN + width, doc.y + 2).lineWidth(0.5).stroke();
    doc.moveDown(0.5);
    for (const [label, value] of rows) row(label, value);
  };
  const row = (label: string, value: string): void => {
    const text = value || 'Not recorded';
    const valueWidth = width - LABEL_WIDTH - GAP;
    w.font('regular').fontSize(SIZE);
    const height = Math.max(w.heightOfString(text, { width: valueWidth }), w.font('bold').heightOfString(label, { width: LABEL_WIDTH }));
    if (doc.y + height > doc.page.maxY()) doc.addPage();
    const y = doc.y;
    w.font('bold').text(label, MARGIN, y, { width: LABEL_WIDTH });
    w.font('regular').text(text, MARGIN + LABEL_WIDTH + GAP, y, { width: valueWidth });
    doc.y = y + height + 4;
  };

  const { witness, contact, lead, spoc, court } = form;
  section('The witness', [
    ['Name', witness.name],
    ['Phone', witness.phone ?? ''],
    ['Email', witness.email ?? ''],
    ['Address', witness.address?.join('\n') ?? ''],
    ['Witness category', form.witnessCategory],
  ]);
  section('Contacting the witness safely', [
    ['Preferred contact', contact.preferred],
    ['Other agreed ways', contact.otherChannels || 'None'],
    ['Safe times', contact.safeTimes],
    ['Discreet contact', contact.discreet
      ? 'Yes: others may see their phone, email or post. Do not mention the court, the police or anti-social behaviour unless you are sure you are speaking to the witness.'
      : 'No'],
    ['Voicemail', contact.voicemailSafe ? 'Safe to leave a message' : 'Do not leave a message'],
    ['Consent to referral', `Given on ${form.consentGivenOn}`],
  ]);
  section('The case', [
    ['Case reference', reference],
    ['Lead organisation', [lead.name, lead.phone, lead.email].filter(Boolean).join('\n')],
    ['Named contact (SPOC)', spoc ? [spoc.name, spoc.phone, spoc.email].filter(Boolean).join('\n') : 'Not yet assigned: contact the lead organisation'],
  ]);
  section('The court', [
    ['Court', court.name],
    ['Proceedings', court.kind],
    ['Hearings', court.hearings.join('\n') || 'No hearing still to come'],
  ]);
  section('Support', [
    ['Support needs', form.needs ?? ''],
    ['Special measures', form.specialMeasures.join('\n') || 'None applied for yet'],
  ]);

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.page.margins.bottom = 0; // the footer sits below the body's margin: no new page for it
    const label = `Witness Service referral ${reference}: page ${i + 1} of ${range.count}`;
    w.font('regular').fontSize(8).text(label, MARGIN, doc.page.height - MARGIN, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return pdf;
}
