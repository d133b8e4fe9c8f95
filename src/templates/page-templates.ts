import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import { TEMPLATES_DIR } from './templates-dir.js';
import { htmlToText } from './text-output.js';

export class PageTemplateError extends Error {}

type Compiled = HandlebarsTemplateDelegate;

/**
 * A set of files in `templates/pages/`, loaded, compiled and tried with sample data once, at
 * start-up, so a broken one stops the service starting. Strict mode, Handlebars' own helpers only.
 *
 * - `<name>.hbs`: a page, shown inside `layout.hbs` (HTML-escaped);
 * - `<name>.email.hbs`: a whole HTML email, with `subject:` in YAML front matter;
 *   its plain-text part is written from the HTML;
 * - `<name>.sms.hbs`: the text of an SMS (not escaped, trimmed).
 */
export class PageTemplates<Name extends string> {
  private constructor(
    private readonly layout: Compiled,
    private readonly compiled: Record<Name, { body: Compiled; subject?: Compiled }>,
  ) {}

  static load<Name extends string>(samples: Record<Name, Record<string, unknown>[]>, dir = join(TEMPLATES_DIR, 'pages')): PageTemplates<Name> {
    const env = Handlebars.create();
    env.unregisterHelper('log');
    const problems: string[] = [];
    const compile = (file: string, source: string, noEscape: boolean): Compiled => {
      try {
        const spec = env.precompile(source, { strict: true, noEscape, knownHelpersOnly: true, knownHelpers: { log: false } }) as unknown as string;
        return env.template(new Function(`return ${spec}`)());
      } catch (error) {
        problems.push(`templates/pages/${file}: ${(error as Error).message.split('\n')[0]}`);
        return () => '';
      }
    };
    const read = (file: string): string => {
      try {
        return readFileSync(join(dir, file), 'utf8');
      } catch {
        problems.push(`templates/pages/${file}: missing`);
        return '';
      }
    };
    const layout = compile('layout.hbs', read('layout.hbs'), false);
    const names = Object.keys(samples) as Name[];
    const compiled = {} as Record<Name, { body: Compiled; subject?: Compiled }>;
    for (const name of names) {
      const file = `${name}.hbs`;
      let split: { subject?: string; source: string } = { source: '' };
      try {
        split = splitSubject(read(file));
      } catch (error) {
        problems.push(`templates/pages/${file}: front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      }
      const { subject, source } = split;
      if (name.endsWith('.email') && !subject) problems.push(`templates/pages/${file}: needs a subject: in front matter`);
      compiled[name] = {
        body: compile(file, source, name.endsWith('.sms')),
        subject: subject ? compile(file, subject, true) : undefined,
      };
    }
    const templates = new PageTemplates(layout, compiled);
    if (problems.length === 0) {
      for (const name of names) {
        for (const sample of samples[name]) {
          try {
            if (name.endsWith('.email')) templates.email(name, sample);
            else if (name.endsWith('.sms')) templates.sms(name, sample);
            else templates.page(name, 't', sample);
          } catch (error) {
            problems.push(`templates/pages/${name}.hbs: ${(error as Error).message.split('\n')[0]}`);
          }
        }
      }
    }
    if (problems.length) throw new PageTemplateError(`Page templates are not valid:\n${[...new Set(problems)].join('\n')}`);
    return templates;
  }

  /** A page inside the layout; `hasErrors` puts "Error:" in the title, as screen readers expect. */
  page(name: Name, title: string, data: object, hasErrors = false): string {
    return this.layout({ title, hasErrors, body: this.compiled[name].body(data) });
  }

  email(name: Name, data: object): { subject: string; html: string; text: string } {
    const html = this.compiled[name].body(data);
    const subject = this.compiled[name].subject?.(data).trim() ?? '';
    return { subject, html, text: htmlToText(html).trim() };
  }

  sms(name: Name, data: object): string {
    return this.compiled[name].body(data).trim().replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
  }
}

/** Optional YAML front matter holding `subject:`; the rest is the template. */
function splitSubject(text: string): { subject?: string; source: string } {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!normalised.startsWith('---\n')) return { source: normalised };
  const end = normalised.indexOf('\n---\n', 3);
  if (end < 0) return { source: normalised };
  const meta = parseYaml(normalised.slice(4, end)) as { subject?: unknown } | null;
  return { subject: typeof meta?.subject === 'string' ? meta.subject : undefined, source: normalised.slice(end + 5) };
}
