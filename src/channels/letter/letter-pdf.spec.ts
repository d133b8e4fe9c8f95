import { PDFParse } from 'pdf-parse';
// pdf-parse v2 has no positional API; pdfjs-dist is the engine it ships with.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { formatLetterDate, parseBody, renderLetterPdf, toPrintable, type LetterContent } from './letter-pdf.js';

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
          // Helvetica's ascender and descender, in em.
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

  it('prints common non-ASCII characters and replaces unprintable ones with ?', async () => {
    const body = 'Costs £25 or €30 – “quoted” ‘single’ — café, naïve, Zoë, Dvořák, Łukasz. Emoji 🙂 and 中文 end.';
    const page = flat((await pdfPages(await renderLetterPdf(sampleLetter({ body }))))[0]);
    expect(page).toContain('Costs £25 or €30 – “quoted” ‘single’ — café, naïve, Zoë, Dvorák, Lukasz. Emoji ? and ?? end.');
  });

  it('refuses an address that cannot fit the window', async () => {
    const address = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    await expect(renderLetterPdf(sampleLetter({ recipientAddress: address }))).rejects.toThrow(/at most 7 lines/);
  });
});

describe('toPrintable', () => {
  it('keeps WinAnsi text, maps look-alikes and replaces the rest', () => {
    expect(toPrintable('plain ASCII')).toBe('plain ASCII');
    expect(toPrintable('£ € ™ … • Œ ß é')).toBe('£ € ™ … • Œ ß é');
    expect(toPrintable('non\u2011breaking \u2212 minus\u200b')).toBe('non-breaking - minus');
    expect(toPrintable('e\u0301')).toBe('é');
    expect(toPrintable('soft\u00adhyphen')).toBe('softhyphen');
    expect(toPrintable('Ωmega 🙂 Привет')).toBe('?mega ? ??????');
    expect(toPrintable('tab\there\u0007')).toBe('tab here?');
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
