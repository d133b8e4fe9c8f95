import PDFDocument from 'pdfkit';
import { PDFParse } from 'pdf-parse';
import { drawLetter, type LetterContent } from './letter-pdf.js';
import { toCsv } from '../../http/csv.js';
import { buildPrintBatch, type BatchLetter } from './print-batch.js';

const filler = (sections: number): string =>
  Array.from({ length: sections }, (_, i) =>
    `## Section ${i + 1}\n` + 'We will keep you updated about your case and the actions each partner agreed to take. '.repeat(8),
  ).join('\n\n');

const content = (name: string, postcode: string, sections: number, extra: Partial<LetterContent> = {}): LetterContent => ({
  sender: { kind: 'organisation', reference: 'ASB-2026-000001', letterhead: { organisationName: 'Riverside Housing', addressLines: ['2 Quay Street', 'Lowbridge', 'LB1 1AA'] } },
  recipientAddress: [name, '12 Brook Lane', 'Riverton', postcode],
  date: new Date('2026-11-24T10:00:00Z'),
  body: `Dear ${name},\n\n${filler(sections)}\n\nYours sincerely,\nCase Officer`,
  largePrint: false,
  ...extra,
});

// Bodies calibrated to give letters of one, two and three pages.
const LETTERS: BatchLetter[] = [
  { contactId: 'c-1', reference: 'ASB-2026-000001', content: content('Ms Ann Alpha', 'RV1 1AA', 2) },
  { contactId: 'c-2', reference: 'ASB-2026-000002', content: content('Mr Bob Beta', 'RV2 2BB', 5), postage: 'first' },
  { contactId: 'c-3', reference: 'ASB-2026-000003', content: content('Dr Cy Gamma', 'RV3 3CC', 5, { largePrint: true }) },
];

async function pdfPages(pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).pages.map((page) => page.text);
  } finally {
    await parser.destroy();
  }
}

describe('buildPrintBatch', () => {
  it('starts each letter on an odd page, numbering pages per letter', async () => {
    const batch = await buildPrintBatch(LETTERS);
    const pages = await pdfPages(batch.pdf);
    expect(pages).toHaveLength(8);
    expect(batch.letters).toBe(3);
    expect(batch.sheets).toBe(4);
    const footers = pages.map((text) => /Page \d+ of \d+/.exec(text)?.[0] ?? 'blank');
    expect(footers).toEqual([
      'Page 1 of 1', 'blank',
      'Page 1 of 2', 'Page 2 of 2',
      'Page 1 of 3', 'Page 2 of 3', 'Page 3 of 3', 'blank',
    ]);
    expect(pages[1].trim()).toBe('');
    expect(pages[7].trim()).toBe('');
    expect(pages[0]).toContain('Ms Ann Alpha');
    expect(pages[2]).toContain('Mr Bob Beta');
    expect(pages[4]).toContain('Dr Cy Gamma');
  });

  it('writes a manifest with first pages, page counts and postage', async () => {
    const { manifestCsv } = await buildPrintBatch(LETTERS);
    expect(manifestCsv.split('\r\n')).toEqual([
      'envelope,contact_ids,reference,postcode,first_page,pages,sheets,postage,large_print',
      '1,c-1,ASB-2026-000001,RV1 1AA,1,1,1,second,no',
      '2,c-2,ASB-2026-000002,RV2 2BB,3,2,1,first,no',
      '3,c-3,ASB-2026-000003,RV3 3CC,5,3,2,second,yes',
      '',
    ]);
  });

  it('puts every letter for one recipient in one envelope, pages together and in order, postage once', async () => {
    const toAnn = (id: string, sections: number, postage: 'first' | 'second' = 'second'): BatchLetter =>
      ({ contactId: id, reference: 'ASB-2026-000001', content: content('Ms Ann Alpha', 'RV1 1AA', sections), postage });
    const batch = await buildPrintBatch([toAnn('a-1', 2), LETTERS[1], toAnn('a-2', 5, 'first'), toAnn('a-3', 2), toAnn('a-4', 2)]);
    expect(batch.letters).toBe(5);
    expect(batch.envelopes).toBe(2);
    expect(batch.manifestCsv.split('\r\n').slice(1, 3)).toEqual([
      '1,a-1 a-2 a-3 a-4,ASB-2026-000001,RV1 1AA,1,5,4,first,no',
      '2,c-2,ASB-2026-000002,RV2 2BB,9,2,1,first,no',
    ]);
    const pages = await pdfPages(batch.pdf);
    const whose = pages.map((text) => (text.includes('Mr Bob Beta') ? 'Bob' : text.includes('Dear Ms Ann Alpha') ? 'Ann' : '-'));
    expect(whose.indexOf('Bob')).toBe(8);
    expect(whose.slice(0, 8).filter((w) => w === 'Ann')).toHaveLength(4);
  });

  it('keeps names and street addresses out of the manifest', async () => {
    const { manifestCsv } = await buildPrintBatch(LETTERS);
    for (const secret of ['Ann', 'Alpha', 'Bob', 'Gamma', 'Brook Lane', 'Riverton']) {
      expect(manifestCsv).not.toContain(secret);
    }
  });

  it('quotes fields and defuses spreadsheet formulas', async () => {
    const hostile: BatchLetter = {
      contactId: 'c-4, "x"',
      reference: '=HYPERLINK("http://evil.example","click")',
      content: content('Ms Dee Delta', '=1+2', 1),
    };
    const { manifestCsv } = await buildPrintBatch([hostile]);
    expect(manifestCsv.split('\r\n')[1]).toBe(
      `1,"c-4, ""x""","'=HYPERLINK(""http://evil.example"",""click"")",'=1+2,1,1,1,second,no`,
    );
  });

  it('reports which letter could not be drawn', async () => {
    const bad: BatchLetter = { contactId: 'c-9', reference: 'R', content: content('X', 'RV9 9ZZ', 1) };
    bad.content.recipientAddress = ['1', '2', '3', '4', '5', '6', '7', '8'];
    await expect(buildPrintBatch([LETTERS[0], bad])).rejects.toThrow('Letter 2 (contact c-9) could not be drawn');
    await expect(buildPrintBatch([])).rejects.toThrow(RangeError);
  });
});

describe('toCsv (csv-stringify)', () => {
  const cell = (value: string | number | null) => toCsv(['h'], [[value]]).split('\r\n')[1];
  it('follows RFC 4180 and prefixes formula starters', () => {
    expect(cell('plain')).toBe('plain');
    expect(cell(12)).toBe('12');
    expect(cell(-3)).toBe('-3');
    expect(cell(null)).toBe('');
    expect(cell('a,b')).toBe('"a,b"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(toCsv(['h'], [['line\nbreak']])).toBe('h\r\n"line\nbreak"\r\n');
    expect(toCsv(['h'], [['cr\rinside']])).toBe('h\r\n"cr\rinside"\r\n');
    for (const starter of ['=', '+', '-', '@']) expect(cell(`${starter}1`)).toBe(`'${starter}1`);
  });
});

describe('drawLetter', () => {
  it('needs a document with buffered pages', () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    expect(() => drawLetter(doc, LETTERS[0].content)).toThrow(/bufferPages/);
  });
});
