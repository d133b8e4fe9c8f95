// npm run bench:render: SMS and email renders per second through the template catalogue, and
// letters per second into a 1,000-letter print batch, each against the bare library doing the
// same work: Handlebars with the same templates, partials and strict mode (for email also the
// subject, and the plain-text part by html-to-text); pdfkit drawing the same text on as many pages.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Handlebars from 'handlebars';
import { convert as htmlToText } from 'html-to-text';
import { prepareSms } from '../src/channels/sms/sms-text.js';
import { PURPOSES, TemplateCatalogue, type TemplateChannel } from '../src/templates/template-catalogue.js';
import { benchLetters } from './letters.js';

const DIR = 'templates';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5000);
const stripFrontMatter = (source: string) => source.replace(/^---\n[\s\S]*?\n---\n/, '');
const read = (path: string) => stripFrontMatter(readFileSync(join(DIR, path), 'utf8'));
const samples = Object.fromEntries(PURPOSES.map((p) => [p, JSON.parse(readFileSync(join(DIR, 'samples', `${p}.json`), 'utf8'))]));

/** Bare Handlebars with the same partials (a channel's own variant before the generic one). */
function bareEnvironment(channel: TemplateChannel) {
  const env = Handlebars.create();
  const files = readdirSync(join(DIR, 'partials')).sort((a, b) => b.split('.').length - a.split('.').length);
  for (const file of files.reverse()) {
    const [name, variant] = file.replace(/\.hbs$/, '').split('.');
    if (!variant || variant === channel) env.registerPartial(name, read(join('partials', file)));
  }
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('paragraphs', (text: string) => text);
  return env;
}

function timeIt(work: () => void): number {
  for (let i = 0; i < Math.min(200, ROUNDS); i++) work(); // warm up
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) work();
  return (performance.now() - started) / 1000;
}

function benchChannel(channel: 'sms' | 'email', catalogue: TemplateCatalogue, plainText = true) {
  const env = bareEnvironment(channel);
  const compiled = PURPOSES.map((p) => env.compile(read(join(channel, `${p}.hbs`)), { noEscape: channel === 'sms', strict: true }));
  const layout = env.compile(read(join('layouts', 'email.hbs')), { strict: true });
  const subjects = PURPOSES.map((p) => env.compile(/^subject: (.*)$/m.exec(readFileSync(join(DIR, channel, `${p}.hbs`), 'utf8'))?.[1] ?? ''));
  const ours = timeIt(() => {
    for (const purpose of PURPOSES) {
      const rendered = catalogue.render(channel, purpose, samples[purpose]);
      if (rendered.channel === 'sms') prepareSms(rendered.text);
    }
  });
  const bare = timeIt(() => {
    PURPOSES.forEach((purpose, i) => {
      const body = compiled[i](samples[purpose]);
      // The same three parts an email needs, made the plain way: subject, HTML, html-to-text.
      if (channel !== 'email') return;
      const html = layout({ ...samples[purpose], body, subject: subjects[i](samples[purpose]), discreet: false });
      if (plainText) htmlToText(html);
    });
  });
  const renders = ROUNDS * PURPOSES.length;
  const label = channel === 'sms' ? 'sms' : plainText ? 'email (bare: subject + HTML + html-to-text)' : 'email (bare: subject + HTML only)';
  return { channel: label, ours: renders / ours, bare: renders / bare, overhead: ours / bare };
}

const catalogue = TemplateCatalogue.load(DIR);
const rows = [benchChannel('sms', catalogue), benchChannel('email', catalogue, false), benchChannel('email', catalogue, true)];
const letters = await benchLetters(1000);
const format = (n: number) => Math.round(n).toLocaleString('en-GB');

process.stdout.write(`\nRendering (${ROUNDS} rounds of all ${PURPOSES.length} templates, one core)\n`);
process.stdout.write('ours/s        bare/s  overhead (ours time / bare time)  channel\n');
for (const row of rows) {
  process.stdout.write(`${format(row.ours).padStart(8)}  ${format(row.bare).padStart(10)}  ${row.overhead.toFixed(2).padStart(5)}x  ${row.channel}\n`);
}
process.stdout.write(
  `${format(letters.ours).padStart(8)}  ${format(letters.bare).padStart(10)}  ${(1 / letters.ratio).toFixed(2).padStart(5)}x  letter ` +
    `(1,000-letter print batch in ${letters.batchSeconds.toFixed(2)} s; bare: pdfkit drawing the same text)\n`,
);
process.stdout.write(`peak memory ${Math.round(letters.peakRssMb)} MB\n`);
process.stdout.write(`target letters >= 150/s: ${letters.ours >= 150 ? 'met' : 'MISSED'}\n`);
