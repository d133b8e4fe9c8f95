import { LINE_METRICS, type Face, type Weight } from './fonts.js';
import { describeUnprintable, layoutRuns, type TextRun } from './text-runs.js';

export type TextOptions = PDFKit.Mixins.TextOptions;

const ARABIC_DIGITS = /^[\u0660-\u0669\u06f0-\u06f9\u066b\u066c]+$/;

/**
 * A run as pdfkit must be given it to come out in visual order. pdfkit shapes text word by word
 * (split at spaces) and would lay the words of a right-to-left run out left to right; with
 * non-breaking spaces the run is shaped whole, and fontkit lays it out right to left. A number in
 * Arabic-Indic digits (left to right, but Arabic script to fontkit, which would reverse it) goes
 * with its digits reversed. So a right-to-left run never wraps inside itself: here it is a name,
 * an address or a short phrase inside English; one wider than the line is cut by pdfkit.
 */
function forPdfkit(run: TextRun): TextRun {
  if (run.level % 2 === 1) return { ...run, text: run.text.replace(/ /g, '\u00a0') };
  if (ARABIC_DIGITS.test(run.text)) return { ...run, text: [...run.text].reverse().join('') };
  return run;
}

interface MetricFont { ascender: number; descender: number; lineGap: number }
type FontedDocument = PDFKit.PDFDocument & { _font: MetricFont };

/**
 * Writes text on a pdfkit document with the embedded fonts (src/pdf/fonts.ts): each line is cut
 * into runs by script (layoutRuns), each run drawn in the face that has its characters, right-to-left
 * runs shaped and placed by bidi order. The rest of pdfkit (shapes, colours, pages) is used on
 * `doc` directly. Every text call throws UnprintableCharacterError before drawing anything when a
 * character has no font.
 */
export class PdfWriter {
  /**
   * What a character with no font does: `refuse` (throw UnprintableCharacterError; letters, which
   * also check before drawing) or `describe` (print it as `[U+1F600]`; reports and printed matter
   * that must show what they hold). The default is `refuse`.
   */
  unprintable: 'refuse' | 'describe' = 'refuse';
  private weight: Weight = 'regular';
  private readonly registered = new Set<string>();

  constructor(readonly doc: PDFKit.PDFDocument) {}

  /** Sets the weight of the text that follows. */
  font(weight: Weight): this {
    this.weight = weight;
    return this;
  }

  fontSize(size: number): this {
    this.doc.fontSize(size);
    return this;
  }

  get y(): number {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
  }

  /**
   * Like pdfkit's `text`: wraps within `options.width`, breaks lines at "\n", moves `doc.y` down.
   * `text(s, options)` writes at the current position.
   */
  text(text: string, x?: number | TextOptions, y?: number, options: TextOptions = {}): this {
    if (typeof x === 'object') return this.text(text, undefined, undefined, x);
    const lines = this.lines(text);
    const faces = new Set(lines.flat().map((run) => run.face));
    // One face and one run a line (the usual case): pdfkit draws the text as given, wrapping and
    // aligning it itself. Otherwise the runs go one by one (pdfkit's `continued`), in visual order.
    if (faces.size <= 1 && lines.every((runs) => runs.length <= 1)) {
      const [face] = faces;
      if (face) this.use(face);
      this.doc.text(lines.map((runs) => runs.map((run) => run.text).join('')).join('\n'), x, y, options);
      return this;
    }
    const fragments: TextRun[] = [];
    lines.forEach((runs, i) => {
      const last = i === lines.length - 1;
      if (runs.length === 0) fragments.push({ text: last ? '' : '\n', face: [...faces][0], level: 0 });
      else runs.forEach((run, j) => fragments.push(j === runs.length - 1 && !last ? { ...run, text: `${run.text}\n` } : run));
    });
    fragments.forEach((run, i) => {
      this.use(run.face);
      const continued = i < fragments.length - 1 || Boolean(options.continued);
      if (i === 0) this.doc.text(run.text, x, y, { ...options, continued });
      else this.doc.text(run.text, { ...options, continued });
    });
    return this;
  }

  /** Width of the widest line in points, at the current size and weight. */
  widthOfString(text: string, options?: TextOptions): number {
    return Math.max(0, ...this.lines(text).map((runs) => runs.reduce((sum, run) => {
      this.use(run.face);
      return sum + this.doc.widthOfString(run.text, options);
    }, 0)));
  }

  /** Height the text takes when wrapped within `options.width`, in points. */
  heightOfString(text: string, options: TextOptions = {}): number {
    const lines = this.lines(text);
    const faces = new Set(lines.flat().map((run) => run.face));
    if (faces.size <= 1 && lines.every((runs) => runs.length <= 1)) {
      const [face] = faces;
      if (face) this.use(face);
      return this.doc.heightOfString(lines.map((runs) => runs.map((run) => run.text).join('')).join('\n'), options);
    }
    // Mixed faces: pdfkit can't measure across fonts; count wrapped lines by width.
    const lineHeight = this.currentLineHeight(true) + (options.lineGap ?? 0);
    const width = options.width ?? Infinity;
    return lines.reduce((sum, runs) => {
      const wide = this.widthOfString(runs.map((run) => run.text).join(''));
      return sum + Math.max(1, Math.ceil(wide / width)) * lineHeight;
    }, 0);
  }

  /** The line height at the current size (every face shares LINE_METRICS). */
  currentLineHeight(includeGap = false): number {
    const size = (this.doc as unknown as { _fontSize: number })._fontSize;
    const gap = includeGap ? LINE_METRICS.lineGap : 0;
    return ((LINE_METRICS.ascender - LINE_METRICS.descender + gap) / 1000) * size;
  }

  private lines(text: string): TextRun[][] {
    const printable = this.unprintable === 'describe' ? describeUnprintable(text) : text;
    return printable.replace(/\r\n?/g, '\n').split('\n').map((line) => layoutRuns(line, this.weight).map(forPdfkit));
  }

  private use(face: Face): void {
    if (!this.registered.has(face.key)) {
      this.doc.registerFont(face.key, face.font() as unknown as string);
      this.registered.add(face.key);
    }
    this.doc.font(face.key);
    // One baseline and line height for every script (see LINE_METRICS).
    const font = (this.doc as FontedDocument)._font;
    font.ascender = LINE_METRICS.ascender;
    font.descender = LINE_METRICS.descender;
    font.lineGap = LINE_METRICS.lineGap;
  }
}
