import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

/**
 * The embedded fonts (all SIL Open Font License): Noto Sans whole, as TrueType, from
 * @expo-google-fonts/noto-sans (one file per weight: Latin with every diacritic, Greek, Cyrillic,
 * Devanagari, so a name never changes font mid-word), and its script companions from the
 * @fontsource packages, read as WOFF (fontkit, pdfkit's font engine, cannot subset WOFF2 glyphs).
 * pdfkit embeds only the glyphs a PDF uses. Together they draw the scripts of the UK's common community languages: Latin with every
 * diacritic, Greek and Cyrillic (Noto Sans), Arabic script for Arabic, Urdu, Persian and Pashto
 * (Noto Sans Arabic, Naskh style), Hebrew, Bengali, Gujarati, Gurmukhi (Punjabi), Tamil,
 * Devanagari, and Simplified Chinese (Noto Sans SC).
 *
 * @fontsource ships each family as unicode-range slices (its unicode.json): a face here is one
 * slice of one weight, loaded on first use and kept for the life of the process. Chinese is the
 * large one (about 3.5 MB of WOFF2 per weight in ~100 slices, 76 MB installed with every weight and
 * the WOFF copies); only the slices a document uses are read, and pdfkit embeds only the glyphs used.
 * Traditional Chinese, Japanese and Korean share most Han characters with SC and print in SC's forms;
 * kana and hangul are not covered.
 */
export type Weight = 'regular' | 'bold';

/** Family packages in order of preference: the first face that has a character draws it. */
export const FONT_FAMILIES = [
  'noto-sans-arabic', 'noto-sans-hebrew', 'noto-sans-bengali', 'noto-sans-gujarati',
  'noto-sans-gurmukhi', 'noto-sans-tamil', 'noto-sans-devanagari', 'noto-sans-sc',
] as const;

/**
 * Line metrics every face is given, in 1/1000 em, so a line mixing scripts keeps one baseline and
 * one line height. Noto Sans' own (1069/-293) would make letters about a fifth longer than they were
 * in Helvetica; these still clear Noto's accented capitals and descenders.
 */
export const LINE_METRICS = Object.freeze({ ascender: 950, descender: -250, lineGap: 0 });

export interface Face {
  /** The name the face is registered under in each document. */
  readonly key: string;
  readonly family: string;
  readonly weight: Weight;
  /** Whether this face draws the code point (its slice's range, then the font's own cmap). */
  covers(codePoint: number): boolean;
  font(): fontkit.Font;
}

const require = createRequire(import.meta.url);

function parseRanges(spec: string): Array<[number, number]> {
  return spec.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(from, 16), parseInt(to ?? from, 16)] as [number, number];
  });
}

/** Noto Sans, the whole font: the first choice for every character it has. */
function notoSans(weight: Weight): Face {
  const file = weight === 'bold' ? '700Bold/NotoSans_700Bold.ttf' : '400Regular/NotoSans_400Regular.ttf';
  const path = join(dirname(require.resolve('@expo-google-fonts/noto-sans/package.json')), file);
  let loaded: fontkit.Font | undefined;
  const font = (): fontkit.Font => (loaded ??= tolerant(fontkit.create(readFileSync(path)) as fontkit.Font));
  return { key: `noto-sans-${weight}`, family: 'noto-sans', weight, font, covers: (cp) => font().hasGlyphForCodePoint(cp) };
}

function facesOf(family: string, weight: Weight): Face[] {
  const dir = dirname(require.resolve(`@fontsource/${family}/unicode.json`));
  const slices = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  return Object.entries(slices).map(([slice, spec]) => {
    const name = slice.replace(/[[\]]/g, '');
    const file = (w: number): string => join(dir, 'files', `${family}-${name}-${w}-normal.woff`);
    // A family without a bold cut prints its bold in the regular weight.
    const path = weight === 'bold' && existsSync(file(700)) ? file(700) : file(400);
    const ranges = parseRanges(spec);
    let loaded: fontkit.Font | undefined;
    const font = (): fontkit.Font => (loaded ??= tolerant(fontkit.create(readFileSync(path)) as fontkit.Font));
    return {
      key: `${family}-${name}-${weight}`,
      family,
      weight,
      font,
      covers: (cp: number) => ranges.some(([from, to]) => cp >= from && cp <= to) && font().hasGlyphForCodePoint(cp),
    };
  });
}

// fontkit 2.0.4 trips over a null mark anchor in Noto Sans Gurmukhi's above-base positioning
// ("ਪ੍ਰ" throws in GPOSProcessor.getAnchor). Shaping is retried without the positioning features
// that failed, so the text still prints (marks at their default place) instead of failing.
const FALLBACK_FEATURES = [{ abvm: false }, { abvm: false, blwm: false, mark: false, mkmk: false }];

type Layout = (text: string, features?: unknown) => fontkit.GlyphRun;

function tolerant(font: fontkit.Font): fontkit.Font {
  const original = font.layout.bind(font) as Layout;
  (font as { layout: unknown }).layout = (text: string, features?: unknown): fontkit.GlyphRun => {
    try {
      return original(text, features);
    } catch (error) {
      for (const fallback of FALLBACK_FEATURES) {
        try {
          return original(text, { ...fallback });
        } catch {
          // next fallback
        }
      }
      throw error;
    }
  };
  return font;
}

const catalogue = new Map<Weight, Face[]>();

/** Every face of a weight, in order of preference. */
export function facesFor(weight: Weight): Face[] {
  let faces = catalogue.get(weight);
  if (!faces) {
    faces = [notoSans(weight), ...FONT_FAMILIES.flatMap((family) => facesOf(family, weight))];
    catalogue.set(weight, faces);
  }
  return faces;
}

const found = new Map<string, Face | null>();

/** The first face of the weight that draws the character, or null when none does. */
export function faceFor(codePoint: number, weight: Weight): Face | null {
  const key = `${weight}:${codePoint}`;
  let face = found.get(key);
  if (face === undefined) {
    face = facesFor(weight).find((candidate) => candidate.covers(codePoint)) ?? null;
    found.set(key, face);
  }
  return face;
}
