import { PDFParse } from 'pdf-parse';
// pdf-parse v2 has no positional API; pdfjs-dist is the engine it ships with.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pdfFontNames, pdfLines } from '../../../test/support/pdf-text.js';
import { UnprintableCharacterError } from '../../pdf/text-runs.js';
import { findUnprintableInLetter, formatLetterDate, parseBody, renderLetterPdf, unprintableLetterReason, type LetterContent } from './letter-pdf.js';

const PT_PER_MM = 72 / 25.4;

// The left window of a standard DL envelope (110 × 220 mm): 90 × 45 mm, 20 mm from the left edge
// and 15 mm from the bottom, i.e. 50–95 mm below the envelope's top. A tri-folded A4 sheet (99 mm
// panel) can settle up to 5 mm below the envelope's top, so the window's image on the sheet lies in
// this rectangle (mm from the sheet's top-left corner).
const DL = { height: 110, windowWidth: 90, windowHeight: 45, windowLeft: 20, windowBottom: 15 };
const FOLD_PLAY = 5;
const WINDOW = {
  left: DL.windowLeft,
  right: DL.windowLeft + DL.windowWidth,
  top: DL.height - DL.windowBottom - DL.windowHeight - FOLD_PLAY,
  bottom: DL.height - DL.windowBottom,
};

const ORGANISATION = {
  kind: 'organisation' as const,
  reference: 'ASB-2026-000123',
  letterhead: {
    organisationName: 'Riverside Community Safety Partnership',
    addressLines: ['Civic Centre', '1 High Street', 'Lowbridge', 'LB1 2AB'],
    phone: '01234 567890',
    email: 'safer@riverton.gov.uk',
    website: 'www.riverton.gov.uk',
  },
};

const sampleLetter = (overrides: Partial<LetterContent> = {}): LetterContent => ({
  sender: ORGANISATION,
  recipientAddress: ['Ms Alex Example', 'Flat 3', '12 Brook Lane', 'Riverton', 'RV2 3CD'],
  date: new Date('2026-06-30T23:30:00Z'),
  body: [
    'Dear Ms Example,',
    '## What happens next',
    'We have received your report.\nA caseworker will call you.',
    '- We will call you within 2 working days\n- We will agree an action plan with you',
    'Yours sincerely,\nCase Officer',
  ].join('\n\n'),
  largePrint: false,
  ...overrides,
});

const longBody = (paragraphs: number): string =>
  Array.from({ length: paragraphs }, (_, i) =>
    `## Section ${i + 1}\n` +
    'This paragraph explains what the partnership will do, who to contact and how to give feedback about the service you have received. '.repeat(3),
  ).join('\n\n');

async function pdfPages(pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

/** Collapses line breaks: the letterhead column wraps long names. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

interface TextItem { page: number; str: string; left: number; right: number; top: number; bottom: number; size: number }

/** Text items with their boxes in mm from the page's top-left corner. */
async function textItems(pdf: Buffer): Promise<TextItem[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const items: TextItem[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const height = page.getViewport({ scale: 1 }).height;
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [, , , size, x, baseline] = item.transform as number[];
        items.push({
          page: n,
          str: item.str,
          size,
          left: x / PT_PER_MM,
          right: (x + item.width) / PT_PER_MM,
          // Cap height and descender in em (Noto Sans' are close to Helvetica's: 0.714 and 0.24).
          top: (height - baseline - 0.718 * size) / PT_PER_MM,
          bottom: (height - baseline + 0.207 * size) / PT_PER_MM,
        });
      }
    }
  } finally {
    await doc.destroy();
  }
  return items;
}

const overlapsWindow = (item: TextItem): boolean =>
  item.left < WINDOW.right && item.right > WINDOW.left && item.top < WINDOW.bottom && item.bottom > WINDOW.top;

describe('renderLetterPdf', () => {
  it('prints the letterhead, address, date, reference, body and page number', async () => {
    const page = flat((await pdfPages(await renderLetterPdf(sampleLetter())))[0]);
    for (const expected of [
      'Riverside Community Safety Partnership', 'Civic Centre', 'Tel: 01234 567890', 'safer@riverton.gov.uk',
      'www.riverton.gov.uk', 'Ms Alex Example', 'Flat 3', '12 Brook Lane', 'RV2 3CD',
      'Our reference: ASB-2026-000123', '1 July 2026', 'What happens next', 'Dear Ms Example,',
      'We will call you within 2 working days', 'Yours sincerely,', 'Page 1 of 1',
    ]) {
      expect(page).toContain(expected);
    }
    expect(page).toMatch(/•\s*We will agree an action plan with you/);
  });

  it('formats the date in London time', () => {
    expect(formatLetterDate(new Date('2026-06-30T23:30:00Z'))).toBe('1 July 2026');
    expect(formatLetterDate(new Date('2026-11-24T23:30:00Z'))).toBe('24 November 2026');
  });

  it('puts the address inside the DL window and keeps everything else out of it', async () => {
    const items = await textItems(await renderLetterPdf(sampleLetter({ body: longBody(3) })));
    const firstPage = items.filter((item) => item.page === 1);
    const address = sampleLetter().recipientAddress;
    for (const line of address) {
      const item = firstPage.find((candidate) => candidate.str === line);
      expect(item).toBeDefined();
      expect(item!.left).toBeGreaterThanOrEqual(WINDOW.left);
      expect(item!.right).toBeLessThanOrEqual(WINDOW.right);
      expect(item!.top).toBeGreaterThanOrEqual(WINDOW.top);
      expect(item!.bottom).toBeLessThanOrEqual(WINDOW.bottom);
    }
    const intruders = firstPage.filter((item) => !address.includes(item.str) && overlapsWindow(item));
    expect(intruders).toEqual([]);
    const body = firstPage.find((item) => item.str === 'Section 1')!;
    expect(body.top).toBeGreaterThan(WINDOW.bottom);
  });

  it('fits a seven-line address in the window in large print', async () => {
    const address = ['Mr Jonathan Longname-Example', 'Flat 12b', 'Riverside Court', '145 Long Meadow Road', 'Upper Riverton', 'Riverton', 'RV12 3CD'];
    const items = await textItems(await renderLetterPdf(sampleLetter({ recipientAddress: address, largePrint: true })));
    const boxes = address.map((line) => items.find((item) => item.page === 1 && item.str === line)!);
    expect(boxes.every(Boolean)).toBe(true);
    expect(Math.min(...boxes.map((box) => box.top))).toBeGreaterThanOrEqual(WINDOW.top);
    expect(Math.max(...boxes.map((box) => box.bottom))).toBeLessThanOrEqual(WINDOW.bottom);
    expect(Math.max(...boxes.map((box) => box.right))).toBeLessThanOrEqual(WINDOW.right);
  });

  it('uses at least 16pt body text in large print, taking more pages', async () => {
    const body = longBody(8);
    const standard = await renderLetterPdf(sampleLetter({ body }));
    const large = await renderLetterPdf(sampleLetter({ body, largePrint: true }));
    const bodySizes = (items: TextItem[]) => items.filter((item) => item.str.startsWith('This paragraph')).map((item) => item.size);
    const largeSizes = bodySizes(await textItems(large));
    expect(largeSizes.length).toBeGreaterThan(0);
    expect(Math.min(...largeSizes)).toBeGreaterThanOrEqual(16);
    expect(Math.max(...bodySizes(await textItems(standard)))).toBeLessThanOrEqual(12);
    expect((await pdfPages(large)).length).toBeGreaterThan((await pdfPages(standard)).length);
  });

  it('numbers every page of a long letter', async () => {
    const pages = await pdfPages(await renderLetterPdf(sampleLetter({ body: longBody(14) })));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${pages.length}`));
  });

  it('keeps continuation pages near the top margin and headings with their text', async () => {
    const items = await textItems(await renderLetterPdf(sampleLetter({ body: longBody(14) })));
    const second = items.filter((item) => item.page === 2);
    expect(Math.min(...second.map((item) => item.top))).toBeLessThan(30);
    const lastOnPage = new Map<number, TextItem>();
    for (const item of items.filter((candidate) => !candidate.str.startsWith('Page '))) lastOnPage.set(item.page, item);
    for (const item of lastOnPage.values()) expect(item.str).not.toMatch(/^Section/);
  });

  it('prints a discreet letter on plain letterhead: a neutral name, return address and number', async () => {
    const sender = { kind: 'plain' as const, name: 'Customer Services', returnAddress: ['PO Box 2140', 'Northampton', 'NN1 9ZX'], number: '4821 0937' };
    const page = flat((await pdfPages(await renderLetterPdf(sampleLetter({ sender }))))[0]);
    expect(page).toContain('Customer Services');
    expect(page).toContain('PO Box 2140');
    expect(page).toContain('Number: 4821 0937');
    expect(page).not.toMatch(/Riverside|Civic Centre|01234 567890|reference|ASB/i);
  });

  it('keeps a link on one line and draws a tear-off line', async () => {
    const link = 'https://asb.example.gov.uk/s/K7M2Q9XP';
    const body = `Dear Ms Example,\n\n>> ${link}\n\n>8 Tear off here`;
    const page = flat((await pdfPages(await renderLetterPdf(sampleLetter({ body, largePrint: true }))))[0]);
    expect(page).toContain(link);
    expect(page).toContain('Tear off here');
  });

  it('prints names and text in any shipped script as given, never a ?', async () => {
    const recipientAddress = ['Żaneta Wróblewska-Łęcka', 'Flat 3', '12 Brook Lane', 'Riverton', 'RV2 3CD'];
    const body = [
      'Dear Żaneta Wróblewska-Łęcka,',
      'Costs £25 or €30 – “quoted” ‘single’ — café, naïve, Zoë, Dvořák, Łukasz, Ștefan, Ayşe, Ελένη, Ольга.',
      'Your neighbours সুমাইয়া রহমান and 王秀英 are witnesses.',
    ].join('\n\n');
    const pdf = await renderLetterPdf(sampleLetter({ recipientAddress, body }));
    // pdfjs puts a space where the font changes (Greek to Latin before the comma).
    const page = flat((await pdfPages(pdf))[0]).replace(/ ,/g, ',');
    expect(page).toContain('Dear Żaneta Wróblewska-Łęcka,');
    expect(page).toContain('Costs £25 or €30 – “quoted” ‘single’ — café, naïve, Zoë, Dvořák, Łukasz, Ștefan, Ayşe, Ελένη, Ольга.');
    expect(page).toContain('Your neighbours সুমাইয়া রহমান and 王秀英 are witnesses.');
    expect(page).not.toContain('?');
    const items = await textItems(pdf);
    expect(items.find((item) => item.page === 1 && item.str === 'Żaneta Wróblewska-Łęcka')).toBeDefined();
    expect(pdfFontNames(pdf)).toEqual(expect.arrayContaining(['NotoSans-Regular', 'NotoSans-Bold', 'NotoSansBengali-Regular', 'NotoSansSC-Regular']));
    expect(pdfFontNames(pdf).filter((font) => /Helvetica/.test(font))).toEqual([]);
  });

  it('prints an Arabic-script name right to left in the address window and the greeting', async () => {
    const name = 'محمد عمران خان';
    const recipientAddress = [name, '12 Brook Lane', 'Riverton', 'RV2 3CD'];
    const pdf = await renderLetterPdf(sampleLetter({ recipientAddress, body: `Dear ${name},\n\nYours sincerely,\n\nCase Officer` }));
    // pdfLines reads the name back as given only if it was drawn right to left (first word rightmost).
    const lines = (await pdfLines(pdf))[0];
    expect(lines).toContain(name);
    expect(lines).toContain(`Dear ${name},`);
    expect(lines.join('\n')).not.toContain('?');
    expect(pdfFontNames(pdf)).toContain('NotoSansArabic-Regular');
  });

  it('refuses to draw a letter with a character no font has, naming the part and the code point only', async () => {
    const content = sampleLetter({ recipientAddress: ['Sam \u{e000}', '1 High St', 'Riverton', 'RV2 3CD'] });
    expect(findUnprintableInLetter(content)).toEqual({ part: 'recipient address', codePoint: 0xe000 });
    expect(unprintableLetterReason(findUnprintableInLetter(content)!)).toMatch(/recipient address .*U\+E000/);
    await expect(renderLetterPdf(content)).rejects.toThrow(UnprintableCharacterError);
    expect(findUnprintableInLetter(sampleLetter({ body: 'Thanks 😀' }))).toEqual({ part: 'letter wording', codePoint: 0x1f600 });
    expect(findUnprintableInLetter(sampleLetter())).toBeNull();
  });

  it('keeps the closing with the signature: never alone at the foot of a page', async () => {
    const tail = '\n\nYours sincerely,\n\nSam Patel\nRiverside Community Safety Partnership';
    // Find a body length that leaves room for the closing line but not for the signature under it.
    let checked = 0;
    for (let words = 120; words <= 420 && checked < 3; words += 6) {
      const body = `Dear Ms Example,\n\n${'We are still dealing with your report. '.repeat(words / 6)}${tail}`;
      const items = await textItems(await renderLetterPdf(sampleLetter({ body, largePrint: true })));
      const closing = items.find((item) => item.str.startsWith('Yours sincerely'))!;
      const signature = items.find((item) => item.str.startsWith('Sam Patel'))!;
      expect(closing.page).toBe(signature.page);
      if (closing.page > 1) {
        checked++;
        // On its new page the closing is at the top, with the signature below it.
        expect(closing.top).toBeLessThan(40);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('never breaks a phone number or a reference across lines', async () => {
    const numbers = ['0300 332 1000', '01234 567890', '+44 20 7946 0000', 'ASB-2026-000003'];
    for (let pad = 0; pad < 40; pad += 3) {
      const body = `Dear Ms Example,\n\n${'x'.repeat(pad)} If you want to talk call ${numbers[0]} or ${numbers[1]} or ${numbers[2]}, reference ${numbers[3]}, or ${'word '.repeat(pad % 7)}call ${numbers[0]} again.`;
      const lines = (await pdfPages(await renderLetterPdf(sampleLetter({ body, largePrint: true }))))[0]
        .split('\n').map((line) => line.replace(/\u00a0/g, ' '));
      for (const number of numbers) expect(lines.filter((line) => line.includes(number)).length).toBeGreaterThan(0);
      const text = lines.join('\n');
      expect(text.split(numbers[0]).length).toBe(3);
    }
  });

  it('prints one reference format in the header and the body, even in large print', async () => {
    const sender = { ...ORGANISATION, reference: '2026-000003' };
    const body = 'Dear Ms Example,\n\nYour reference is ASB-2026-000003.';
    for (const largePrint of [false, true]) {
      const page = (await pdfPages(await renderLetterPdf(sampleLetter({ sender, body, largePrint }))))[0];
      const lines = page.split('\n');
      expect(lines.filter((line) => line.includes('ASB-2026-000003')).length).toBe(2);
      expect(lines.filter((line) => /(^|[^-])2026-000003/.test(line))).toEqual([]);
    }
  });

  it('refuses an address that cannot fit the window', async () => {
    const address = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    await expect(renderLetterPdf(sampleLetter({ recipientAddress: address }))).rejects.toThrow(/at most 7 lines/);
  });
});

describe('parseBody', () => {
  it('splits paragraphs, headings, bullets and line breaks', () => {
    const blocks = parseBody('## Title\r\nFirst line\nsecond line\n\n- one\n- two\n  \nLast');
    expect(blocks).toEqual([
      { kind: 'heading', text: 'Title', firstInParagraph: true },
      { kind: 'text', text: 'First line\nsecond line', firstInParagraph: false },
      { kind: 'bullet', text: 'one', firstInParagraph: true },
      { kind: 'bullet', text: 'two', firstInParagraph: false },
      { kind: 'text', text: 'Last', firstInParagraph: true },
    ]);
  });
});
