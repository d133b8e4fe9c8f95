import { createPdf, collectPdf } from './output.js';
import { findUnprintable, layoutRuns, UnprintableCharacterError } from './text-runs.js';
import { pdfFontNames, pdfItems, pdfLines, pdfPageTexts } from '../../test/support/pdf-text.js';

const NAMES = {
  urdu: 'محمد عمران خان',
  polish: 'Żaneta Wróblewska-Łęcka',
  bengali: 'সুমাইয়া রহমান',
  chinese: '王秀英',
  greek: 'Γιώργος Παπαδόπουλος',
  russian: 'Наталья Иванова',
  hebrew: 'דוד כהן',
  punjabi: 'ਹਰਪ੍ਰੀਤ ਕੌਰ',
  gujarati: 'પ્રિયા પટેલ',
  tamil: 'கணேஷ் குமார்',
  hindi: 'अनीता शर्मा',
  romanian: 'Ștefan Țăranu',
  turkish: 'Ayşe Yılmaz',
};

async function render(lines: string[], bold = false): Promise<Buffer> {
  const { doc, writer } = createPdf({ size: 'A4' });
  const pdf = collectPdf(doc);
  doc.addPage();
  writer.font(bold ? 'bold' : 'regular').fontSize(12);
  for (const line of lines) writer.text(line, 50, undefined, { width: 400 });
  doc.end();
  return pdf;
}

const flat = (text: string): string => text.replace(/[\p{Cf}\p{Cc}]/gu, '').replace(/\s+/g, ' ').replace(/ ,/g, ',');
// Right-to-left names are read back with pdfLines (pdfjs' items in reading order: as given only
// if drawn right to left). Indic pre-base vowel signs come back where they are drawn (before the
// consonant), so those scripts are checked by the font embedded rather than by the extracted string.
const EXTRACTS_AS_GIVEN = ['polish', 'bengali', 'chinese', 'greek', 'russian', 'punjabi', 'romanian', 'turkish'] as const;

describe('the PDF kit', () => {
  it('prints names in every shipped script as given, read back by text extraction', async () => {
    const pdf = await render(Object.values(NAMES).map((name) => `Dear ${name},`));
    const text = flat((await pdfPageTexts(pdf)).join('\n'));
    for (const key of EXTRACTS_AS_GIVEN) expect(text).toContain(`Dear ${NAMES[key]},`);
    const lines = (await pdfLines(pdf)).flat();
    for (const name of [NAMES.urdu, NAMES.hebrew]) expect(lines).toContain(`Dear ${name},`);
    expect(text).not.toContain('?');
    expect(pdfFontNames(pdf)).toEqual(expect.arrayContaining([
      'NotoSansHebrew-Regular', 'NotoSansGujarati-Regular', 'NotoSansTamil-Regular', 'NotoSansGurmukhi-Regular',
    ]));
  });

  it('embeds one font per script and no built-in Helvetica', async () => {
    const fonts = pdfFontNames(await render([NAMES.urdu, NAMES.polish, NAMES.bengali, NAMES.chinese]));
    expect(fonts).toEqual(expect.arrayContaining(['NotoSans-Regular', 'NotoSansArabic-Regular', 'NotoSansBengali-Regular', 'NotoSansSC-Regular']));
    expect(fonts.filter((font) => /Helvetica|Times|Courier/.test(font))).toEqual([]);
    expect(pdfFontNames(await render([NAMES.polish], true))).toEqual(['NotoSans-Bold']);
  });

  it('orders right-to-left runs by the bidi algorithm and keeps the Arabic name in one shaped run', () => {
    const runs = layoutRuns(`Dear ${NAMES.urdu}, ref 12`, 'regular');
    expect(runs.map((run) => run.text).join('')).toContain(NAMES.urdu);
    const arabic = runs.find((run) => run.text.includes('محمد'))!;
    expect(arabic.level % 2).toBe(1);
    // Two right-to-left words around a number: the later word is drawn first (further left).
    const mixed = layoutRuns('שלום 123 עולם', 'regular').map((run) => run.text.trim()).filter(Boolean);
    expect(mixed[0]).toBe('עולם');
    expect(mixed[mixed.length - 1]).toBe('שלום');
  });

  it('draws a right-to-left line with a number in it in bidi order', async () => {
    // Read back in logical order only if drawn right to left with the number left to right.
    expect((await pdfLines(await render(['שלום 123 עולם']))).flat()).toEqual(['שלום 123 עולם']);
    // A number after a right-to-left name ends the right-to-left run: drawn to its left (UBA).
    expect(layoutRuns(`${NAMES.urdu} 12`, 'regular').map((run) => run.text.trim())).toEqual(['12', NAMES.urdu]);
    // Arabic-Indic digits are in the Arabic font (one font, three runs): the first word rightmost,
    // the number between, its digits left to right.
    expect(new Set(layoutRuns('طريق ١٢٣ الملك', 'regular').map((run) => run.face)).size).toBe(1);
    const items = (await pdfItems(await render(['طريق ١٢٣ الملك']))).flat();
    const at = (str: string): number => items.find((item) => item.str.replace(/\s/g, '') === str)!.x;
    expect(at('طريق')).toBeGreaterThan(at('١٢٣'));
    expect(at('١٢٣')).toBeGreaterThan(at('الملك'));
  });

  it('refuses a character no embedded font draws, naming the code point and not the text', async () => {
    for (const [text, codePoint] of [['Jo \u{e000}', 0xe000], ['Sam 😀', 0x1f600], ['Bell\u0007', 0x07]] as const) {
      expect(findUnprintable(text)).toBe(codePoint);
      const error = await render([text]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnprintableCharacterError);
      expect((error as UnprintableCharacterError).reason).toBe('unprintable_character');
      expect((error as Error).message).not.toContain(text.split(' ')[0]);
    }
    expect(findUnprintable(Object.values(NAMES).join('\n'))).toBeNull();
  });
});
