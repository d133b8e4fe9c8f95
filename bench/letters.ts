// Letter rendering benchmark: our print batch against bare pdfkit drawing the same text on the same
// number of pages. Import and call benchLetters(); nothing runs on import.
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import { collectPdf, type LetterContent } from '../src/channels/letter/letter-pdf.js';
import { buildPrintBatch, type BatchLetter } from '../src/channels/letter/print-batch.js';
import { facesFor } from '../src/pdf/fonts.js';

export interface LetterBenchResult {
  /** Letters per second through buildPrintBatch. */
  ours: number;
  /** Letters per second drawing the same text with bare pdfkit calls. */
  bare: number;
  /** bare seconds / our seconds: 1 means no overhead from our layout. */
  ratio: number;
  batchSeconds: number;
  /** Peak resident set size of the process so far, in MB. */
  peakRssMb: number;
}

const SENTENCES = [
  'Thank you for reporting the anti-social behaviour you have experienced near your home.',
  'Your case has been allocated to an officer who will be your single point of contact.',
  'We have shared your report with the police and your housing provider, as you agreed.',
  'If you feel at risk at any time, please call 999; for non-emergencies call 101.',
  'You can ask for a case review if you have reported three incidents in six months.',
  'We will write to you again when the action plan has been agreed with our partners.',
];

/** A typical letter: about half fit one page, the rest two; every tenth is large print. */
export function typicalLetter(i: number): BatchLetter {
  const paragraph = (n: number, words: number) =>
    Array.from({ length: words }, (_, k) => SENTENCES[(n + k + i) % SENTENCES.length]).join(' ');
  const body = [
    'Dear Ms Example,',
    paragraph(0, 3 + (i % 3)),
    '## What happens next',
    paragraph(1, 4),
    '- We will call you within two working days\n- We will agree an action plan with you\n- We will update you every two weeks',
    '## Your case reference',
    `Please quote ASB-2026-${String(i).padStart(6, '0')} when you contact us. ${paragraph(2, 2 + (i % 4))}`,
    paragraph(3, 3),
    paragraph(4, (i % 2) * 8),
    'Yours sincerely,\nJo Officer\nAnti-social Behaviour Caseworker',
  ].join('\n\n');
  const reference = `ASB-2026-${String(i).padStart(6, '0')}`;
  const content: LetterContent = {
    sender: { kind: 'organisation', reference, letterhead: {
      organisationName: 'Riverside Community Safety Partnership',
      addressLines: ['Civic Centre', '1 High Street', 'Riverton', 'RV1 2AB'],
      phone: '01234 567890',
      email: 'safer@riverton.gov.uk',
      website: 'www.riverton.gov.uk',
    } },
    recipientAddress: [`Ms Alex Example ${i}`, `Flat ${1 + (i % 40)}`, '12 Brook Lane', 'Riverton', `RV${1 + (i % 9)} 3CD`],
    date: new Date('2026-11-24T10:00:00Z'),
    body,
    largePrint: i % 10 === 0,
  };
  return { contactId: `contact-${i}`, reference, content };
}

/** The same text as our letters, drawn with plain pdfkit calls onto a given number of pages. */
async function renderBare(letters: BatchLetter[], pagesPerLetter: number[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  // The same embedded font as the letters (Noto Sans), so the comparison is of layout work only.
  doc.registerFont('Sans', facesFor('regular')[0].font() as unknown as string);
  doc.registerFont('Sans-Bold', facesFor('bold')[0].font() as unknown as string);
  const pdf = collectPdf(doc);
  letters.forEach(({ content }, index) => {
    const pages = pagesPerLetter[index];
    const bodySize = content.largePrint ? 16 : 11;
    const paragraphs = content.body.split('\n\n');
    const perPage = Math.ceil(paragraphs.length / pages);
    for (let page = 0; page < pages + (pages % 2); page++) {
      doc.addPage({ size: 'A4', margins: { top: 57, bottom: 71, left: 71, right: 57 } });
      if (page >= pages) continue;
      if (page === 0) {
        if (content.sender.kind !== 'organisation') continue;
        const head = content.sender.letterhead;
        doc.font('Sans-Bold').fontSize(13).text(head.organisationName, 326, 57, { width: 213, align: 'right' });
        doc.font('Sans').fontSize(9).text(head.addressLines.join('\n'), { width: 213, align: 'right' });
        doc.fontSize(10).text(`24 November 2026\nOur reference: ${content.sender.reference}`, { width: 213, align: 'right' });
        content.recipientAddress.forEach((line, i) => doc.fontSize(11).text(line, 71, 142 + i * 14, { lineBreak: false }));
      }
      const chunk = paragraphs.slice(page * perPage, (page + 1) * perPage).join('\n');
      const top = page === 0 ? 283 : 57;
      doc.font('Sans').fontSize(bodySize).text(chunk, 71, top, { width: 468, height: 770 - top });
      doc.fontSize(9).text(`Page ${page + 1} of ${pages}`, 270, 805, { lineBreak: false });
    }
  });
  doc.end();
  return pdf;
}

export async function benchLetters(count = 1000): Promise<LetterBenchResult> {
  const letters = Array.from({ length: count }, (_, i) => typicalLetter(i));
  await buildPrintBatch(letters.slice(0, Math.min(50, count))); // warm-up

  const oursStart = performance.now();
  const batch = await buildPrintBatch(letters);
  const batchSeconds = (performance.now() - oursStart) / 1000;

  const pagesPerLetter = batch.manifestCsv.trim().split('\r\n').slice(1).map((row) => Number(row.split(',')[5]));
  await renderBare(letters.slice(0, Math.min(50, count)), pagesPerLetter);
  const bareStart = performance.now();
  await renderBare(letters, pagesPerLetter);
  const bareSeconds = (performance.now() - bareStart) / 1000;

  return {
    ours: count / batchSeconds,
    bare: count / bareSeconds,
    ratio: bareSeconds / batchSeconds,
    batchSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
