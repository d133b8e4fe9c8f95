import { compile as compileHtmlToText, type HtmlToTextOptions } from 'html-to-text';

/**
 * How the plain-text part of an email is written from its HTML. No word wrapping (lines are as
 * long as the paragraph; mail clients wrap), links show their text only (our link texts are the
 * URLs themselves), headings keep their case, list items start "- " and a div is a paragraph.
 */
export const HTML_TO_TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    ...['h1', 'h2', 'h3', 'h4'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'div', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
  ],
};
export const htmlToText = compileHtmlToText(HTML_TO_TEXT_OPTIONS);

const MUSTACHE = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g;
const STRUCTURAL = /^\{\{~?\s*([#^/>]|else\b)/;
const STANDALONE = /^[ \t]*(\{\{~?\s*([#^/>]|else\b)[^}]*\}\})[ \t]*$/;
const TOKEN = /\uE000(\d+)\uE001/g;

/**
 * A block tag or partial alone on its line, between paragraphs, becomes a paragraph of its own, so
 * that html-to-text keeps it on its own line (Handlebars then drops such lines) with blank lines
 * around whatever it wraps. Inside a list it stays as it is, so that list items stay together.
 */
function isolateStandalone(html: string): string {
  let listDepth = 0;
  return html
    .split('\n')
    .map((line) => {
      const standalone = STANDALONE.exec(line);
      listDepth += (line.match(/<(ul|ol)\b/gi)?.length ?? 0) - (line.match(/<\/(ul|ol)>/gi)?.length ?? 0);
      return standalone && listDepth === 0 ? `<p>${standalone[1]}</p>` : line;
    })
    .join('\n');
}

/**
 * Writes the plain-text twin of an email template once, at load, instead of running html-to-text
 * on every email (which costs some 40 times the Handlebars render). Each `{{…}}` is swapped for an
 * inert token, the HTML converted, and the tokens swapped back, giving a Handlebars source that
 * renders the same text html-to-text would produce from the rendered HTML (the tests check this
 * on every sample). Blocks and partials must therefore sit in text, not inside HTML attributes.
 */
export function deriveTextSource(htmlSource: string): { source: string; problems: string[] } {
  const mustaches: string[] = [];
  const tokenised = isolateStandalone(htmlSource).replace(MUSTACHE, (m) => (m.startsWith('{{!') ? '' : `\uE000${mustaches.push(m) - 1}\uE001`));
  const text = htmlToText(tokenised);

  const seen = new Array<number>(mustaches.length).fill(0);
  const source = text.replace(TOKEN, (_, n: string) => {
    seen[Number(n)]++;
    return mustaches[Number(n)];
  });
  const lost = mustaches.filter((m, i) => STRUCTURAL.test(m) && seen[i] !== 1);
  const problems = lost.map((m) => `${m} cannot go inside an HTML tag or attribute: the plain-text part would lose it`);
  return { source: tidyText(source), problems };
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Free text an officer typed is plain text, not HTML: it is escaped (the data in it is escaped by
 * Handlebars), blank lines start a new paragraph and single line breaks are kept.
 */
export function plainTextToHtml(source: string): string {
  const mustaches: string[] = [];
  const tokenised = source.replace(/\r\n?/g, '\n').replace(MUSTACHE, (m) => `\uE000${mustaches.push(m) - 1}\uE001`);
  return escapeHtml(tokenised.trim())
    .split(/\n[ \t]*\n\s*/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>\n')}</p>`)
    .join('\n')
    .replace(TOKEN, (_, n: string) => mustaches[Number(n)]);
}

/** SMS and email text: no trailing spaces, at most one blank line in a row, nothing around. */
export function tidyText(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Letters: every line trimmed (the markup is "## " and "- " at the start of a line), at most one blank line in a row. */
export function tidyLetter(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n[ \t]+/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
