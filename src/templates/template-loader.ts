import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { indexPaths, type PathIndex } from './field-paths.js';
import { splitFrontMatter } from './front-matter.js';
import { checkReferences, compileNow, createEnv, type Compiled, type Env, type EnvKind } from './handlebars-env.js';
import { deriveTextSource } from './text-output.js';
import {
  CHANNELS,
  DISCREET_CHANNELS,
  PURPOSES,
  TemplateError,
  isPurpose,
  type TemplateChannel,
  type TemplateInfo,
} from './template-types.js';

/** One output of the set: its Handlebars environment and what its partials refer to. */
export interface Output {
  env: Env;
  partials: ReadonlySet<string>;
  partialIndexes: PathIndex[];
}

export interface LoadedTemplate {
  info: TemplateInfo;
  file: string;
  body: Compiled;
  /** Email: the plain-text twin of `body`, and the subject. */
  text?: Compiled;
  subject?: Compiled;
  indexes: PathIndex[];
}

export interface TemplateSet {
  outputs: Record<EnvKind, Output>;
  layout: { html: Compiled; text: Compiled; index: PathIndex };
  templates: LoadedTemplate[];
}

const KINDS: EnvKind[] = ['sms', 'letter', 'html', 'text'];
const channelOf = (kind: EnvKind): TemplateChannel => (kind === 'html' || kind === 'text' ? 'email' : kind);
const FOLDERS = new Set<string>([...CHANNELS, 'partials', 'layouts', 'samples']);
/** Templates that are not messages to a victim, each loaded by its own module. */
const OTHER_FOLDERS = new Set<string>(['pages', 'referrals', 'community']);
const PARTIAL_FILE = /^([a-z0-9_-]+)(?:\.(sms|email|letter))?\.hbs$/;
const TEMPLATE_FILE = /^([a-z0-9_-]+)(\.discreet)?\.hbs$/;

const hbsFiles = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('.')).sort() : [];

/** Reads, checks and compiles a whole `templates/` folder; every problem found is reported at once. */
export function loadTemplateSet(dir: string): TemplateSet {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new TemplateError([`${dir}: no templates folder here`]);
  const problems = new Set<string>();
  const attempt = <T>(file: string, work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      problems.add(`${file}: ${(error as Error).message.trim()}`);
      return undefined;
    }
  };
  const parse = (file: string, source: string) => attempt(file, () => Handlebars.parse(source));

  for (const name of readdirSync(dir).sort()) {
    if (statSync(join(dir, name)).isDirectory() && !FOLDERS.has(name) && !OTHER_FOLDERS.has(name) && !name.startsWith('.')) {
      problems.add(`${name}/: unknown folder; channels are ${CHANNELS.join(', ')}, besides partials, layouts and samples`);
    }
  }

  // Partials: `name.hbs` serves every channel, `name.<channel>.hbs` replaces it for one channel.
  const generic = new Map<string, string>();
  const specific = new Map<string, Map<string, string>>(CHANNELS.map((channel) => [channel, new Map()]));
  for (const file of hbsFiles(join(dir, 'partials'))) {
    const match = PARTIAL_FILE.exec(file);
    if (!match) problems.add(`partials/${file}: partials are named <name>.hbs or <name>.<channel>.hbs`);
    else (match[2] ? specific.get(match[2])! : generic).set(match[1], `partials/${file}`);
  }
  const outputs = {} as Record<EnvKind, Output>;
  const broken = new Set<string>(); // reported once, not again for each output
  for (const kind of KINDS) {
    const env = createEnv(kind);
    const files = new Map([...generic, ...specific.get(channelOf(kind))!]);
    const names = new Set(files.keys());
    const partialIndexes: PathIndex[] = [];
    for (const [name, file] of files) {
      if (broken.has(file)) continue;
      const raw = readFileSync(join(dir, file), 'utf8').replace(/\r\n?/g, '\n');
      // A partial file ends with a line break, which a partial alone on its line relies on.
      const source = kind === 'text' ? `${deriveText(file, raw)}\n` : raw;
      const ast = parse(file, source);
      if (!ast) {
        broken.add(file);
        continue;
      }
      checkReferences(ast, names).forEach((problem) => problems.add(`${file}: ${problem}`));
      partialIndexes.push(indexPaths(ast));
      const compiled = attempt(file, () => compileNow(env, kind, source));
      if (compiled) env.registerPartial(name, compiled);
    }
    outputs[kind] = { env, partials: names, partialIndexes };
  }
  function deriveText(file: string, html: string): string {
    const derived = deriveTextSource(html);
    derived.problems.forEach((problem) => problems.add(`${file}: ${problem}`));
    return derived.source;
  }

  const layout = loadLayout();
  function loadLayout() {
    const file = 'layouts/email.hbs';
    hbsFiles(join(dir, 'layouts'))
      .filter((name) => name !== 'email.hbs')
      .forEach((name) => problems.add(`layouts/${name}: unknown layout; the only layout is layouts/email.hbs`));
    if (!existsSync(join(dir, file))) {
      problems.add(`${file} is missing: every email is wrapped in it`);
      return undefined;
    }
    const html = readFileSync(join(dir, file), 'utf8').replace(/\r\n?/g, '\n');
    const ast = parse(file, html);
    if (!ast) return undefined;
    checkReferences(ast, outputs.html.partials).forEach((problem) => problems.add(`${file}: ${problem}`));
    const text = deriveText(file, html);
    const compiledHtml = attempt(file, () => compileNow(outputs.html.env, 'html', html));
    const compiledText = attempt(file, () => compileNow(outputs.text.env, 'text', text));
    return compiledHtml && compiledText ? { html: compiledHtml, text: compiledText, index: indexPaths(ast) } : undefined;
  }

  const templates: LoadedTemplate[] = [];
  for (const channel of CHANNELS) {
    for (const name of hbsFiles(join(dir, channel))) {
      const file = `${channel}/${name}`;
      const match = TEMPLATE_FILE.exec(name);
      if (!match) problems.add(`${file}: templates are named <purpose>.hbs or <purpose>.discreet.hbs`);
      else if (!isPurpose(match[1])) problems.add(`${file}: unknown purpose "${match[1]}"; purposes are ${PURPOSES.join(', ')}`);
      else if (match[2] && !DISCREET_CHANNELS.includes(channel)) problems.add(`${file}: ${channel} templates have no discreet variant`);
      else {
        const loaded = loadTemplate(file, { channel, purpose: match[1], discreet: Boolean(match[2]), fields: [] });
        if (loaded) templates.push(loaded);
      }
    }
  }
  function loadTemplate(file: string, info: TemplateInfo): LoadedTemplate | undefined {
    const email = info.channel === 'email';
    const { meta, source, problems: metaProblems } = splitFrontMatter(readFileSync(join(dir, file), 'utf8'), email);
    metaProblems.forEach((problem) => problems.add(`${file}: ${problem}`));
    const kind: EnvKind = email ? 'html' : (info.channel as 'sms' | 'letter');
    const ast = parse(file, source);
    if (!meta || !ast) return undefined;
    checkReferences(ast, outputs[kind].partials).forEach((problem) => problems.add(`${file}: ${problem}`));
    const indexes = [indexPaths(ast), ...(email && layout ? [layout.index] : []), ...outputs[kind].partialIndexes];
    const body = attempt(file, () => compileNow(outputs[kind].env, kind, source));
    if (!email) return body && { info: { ...info, fields: meta.fields }, file, body, indexes };

    const subjectAst = parse(`${file} (subject)`, meta.subject!);
    if (subjectAst) indexes.push(indexPaths(subjectAst));
    const text = attempt(file, () => compileNow(outputs.text.env, 'text', deriveText(file, source)));
    const subject = attempt(`${file} (subject)`, () => compileNow(outputs.text.env, 'text', meta.subject!));
    if (!body || !text || !subject) return undefined;
    return { info: { ...info, fields: meta.fields, subject: meta.subject }, file, body, text, subject, indexes };
  }

  for (const purpose of PURPOSES) {
    for (const channel of CHANNELS) {
      const variants = DISCREET_CHANNELS.includes(channel) ? [false, true] : [false];
      for (const discreet of variants) {
        const file = `${channel}/${purpose}${discreet ? '.discreet' : ''}.hbs`;
        if (!existsSync(join(dir, file))) {
          problems.add(`${file} is missing: the purpose ${purpose} has no ${discreet ? 'discreet ' : ''}${channel} template`);
        }
      }
    }
  }

  if (problems.size > 0 || !layout) throw new TemplateError([...problems]);
  return { outputs, layout, templates };
}
