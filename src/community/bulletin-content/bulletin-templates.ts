import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { TEMPLATES_DIR } from '../../templates/templates-dir.js';
import { compileFields, findMissing, type FieldCheck } from '../../templates/field-paths.js';
import { checkReferences, compileNow, createEnv, type Compiled, type Env, type EnvKind } from '../../templates/handlebars-env.js';
import { htmlToText, tidyLetter, tidyText } from '../../templates/text-output.js';
import { MissingFieldError, TemplateError } from '../../templates/template-types.js';
import { BULLETIN_TYPES, type BulletinType } from '../bulletins/bulletin.entity.js';
import { bulletinView, type BulletinView, type RenderableBulletin } from './bulletin-view.js';
import { readFrontMatter, type HeaderKey } from './community-front-matter.js';

export const COMMUNITY_TEMPLATES_DIR = join(TEMPLATES_DIR, 'community');

/** The outputs of a bulletin: `<type>.<output>.hbs`. Only street briefings have a poster. */
type Output = 'email' | 'sms' | 'leaflet' | 'poster';
const OUTPUTS: Record<Output, { env: EnvKind; partials: string; header?: HeaderKey; types: readonly BulletinType[] }> = {
  email: { env: 'html', partials: 'email', header: 'subject', types: BULLETIN_TYPES },
  sms: { env: 'sms', partials: 'sms', types: BULLETIN_TYPES },
  leaflet: { env: 'letter', partials: 'leaflet', header: 'title', types: BULLETIN_TYPES },
  poster: { env: 'letter', partials: 'leaflet', header: 'title', types: ['street_briefing'] },
};
const LAYOUTS = ['layout.email.hbs', 'layout.text.hbs'];
const PARTIAL_FILE = /^([a-z0-9_]+)\.(email|sms|leaflet)\.hbs$/;

interface Template {
  file: string;
  checks: FieldCheck[];
  body: Compiled;
  /** The email subject or the leaflet's and poster's title. */
  header?: Compiled;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const visible = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('.')).sort() : []);

/**
 * The bulletin templates in `templates/community/` (see its README), compiled once at start-up
 * (the message template loader leaves this folder alone). A file that does not compile, a missing
 * template, or a sample that does not render stops the service starting, naming the file.
 */
export class BulletinTemplates {
  private constructor(
    private readonly templates: Map<string, Template>,
    private readonly layout: { html: Compiled; text: Compiled },
    readonly samples: Record<BulletinType, RenderableBulletin>,
  ) {}

  static load(dir = COMMUNITY_TEMPLATES_DIR): BulletinTemplates {
    if (!existsSync(dir)) throw new TemplateError([`${dir}: no community templates folder here`]);
    const problems: string[] = [];
    const attempt = <T>(file: string, work: () => T): T | undefined => {
      try {
        return work();
      } catch (error) {
        problems.push(`community/${file}: ${(error as Error).message.trim().split('\n')[0]}`);
        return undefined;
      }
    };

    // Partials per output: `partials/<name>.<email|sms|leaflet>.hbs`.
    const envs = new Map<string, { env: Env; kind: EnvKind; names: Set<string> }>();
    for (const [partials, kind] of [['email', 'html'], ['sms', 'sms'], ['leaflet', 'letter'], ['text', 'text']] as const) {
      envs.set(partials, { env: createEnv(kind), kind, names: new Set() });
    }
    const partialFiles = visible(join(dir, 'partials'));
    for (const name of partialFiles) {
      const match = PARTIAL_FILE.exec(name);
      if (match) envs.get(match[2])!.names.add(match[1]);
      else problems.push(`community/partials/${name}: partials are named <name>.email.hbs, <name>.sms.hbs or <name>.leaflet.hbs`);
    }
    for (const name of partialFiles) {
      const match = PARTIAL_FILE.exec(name);
      if (!match) continue;
      const file = `partials/${name}`;
      const { env, kind, names } = envs.get(match[2])!;
      const source = readFileSync(join(dir, file), 'utf8');
      const compiled = attempt(file, () => compileChecked(env, kind, source, names));
      if (compiled) env.registerPartial(match[1], compiled);
    }

    const expected = new Set<string>([...LAYOUTS, 'README.md']);
    const templates = new Map<string, Template>();
    for (const [output, spec] of Object.entries(OUTPUTS) as [Output, (typeof OUTPUTS)[Output]][]) {
      for (const type of spec.types) {
        const file = `${type}.${output}.hbs`;
        expected.add(file);
        if (!existsSync(join(dir, file))) {
          problems.push(`community/${file} is missing: a ${type.replace('_', ' ')} needs its ${output} template`);
          continue;
        }
        const { meta, source, problems: metaProblems } = readFrontMatter(readFileSync(join(dir, file), 'utf8'), spec.header);
        metaProblems.forEach((problem) => problems.push(`community/${file}: ${problem}`));
        if (!meta) continue;
        const { env, kind, names } = envs.get(spec.partials)!;
        const body = attempt(file, () => compileChecked(env, kind, source, names));
        const headerSource = spec.header ? meta[spec.header]! : undefined;
        const header = headerSource === undefined ? undefined : attempt(`${file} (${spec.header})`, () => compileChecked(envs.get('text')!.env, 'text', headerSource, new Set()));
        if (body && (header || !spec.header)) templates.set(`${type}.${output}`, { file, checks: compileFields(meta.fields), body, header });
      }
    }

    const layoutOf = (file: string, partials: 'email' | 'text') => {
      if (!existsSync(join(dir, file))) {
        problems.push(`community/${file} is missing: every bulletin email is wrapped in it`);
        return undefined;
      }
      const { env, kind, names } = envs.get(partials)!;
      return attempt(file, () => compileChecked(env, kind, readFileSync(join(dir, file), 'utf8'), names));
    };
    const html = layoutOf('layout.email.hbs', 'email');
    const text = layoutOf('layout.text.hbs', 'text');

    for (const name of visible(dir)) {
      if (!expected.has(name) && name !== 'partials' && name !== 'samples') problems.push(`community/${name}: unknown file; templates are <type>.<email|sms|leaflet>.hbs`);
    }
    const samples = {} as Record<BulletinType, RenderableBulletin>;
    for (const type of BULLETIN_TYPES) {
      const file = `samples/${type}.json`;
      const sample = existsSync(join(dir, file))
        ? attempt(file, () => JSON.parse(readFileSync(join(dir, file), 'utf8')) as RenderableBulletin)
        : (problems.push(`community/${file} is missing: each type needs sample data for tests and checks`), undefined);
      if (sample) samples[type] = sample;
    }
    if (problems.length > 0 || !html || !text) throw new TemplateError(problems);

    const loaded = new BulletinTemplates(templates, { html, text }, samples);
    loaded.checkSamples(problems);
    if (problems.length > 0) throw new TemplateError(problems);
    return loaded;
  }

  /** Every template renders its type's sample: a field used but not there stops start-up, not a send. */
  private checkSamples(problems: string[]): void {
    for (const type of BULLETIN_TYPES) {
      const view = bulletinView(this.samples[type]);
      for (const output of Object.keys(OUTPUTS) as Output[]) {
        const template = this.templates.get(`${type}.${output}`);
        if (!template) continue;
        try {
          if (output === 'email') this.email(type, view);
          else if (output === 'sms') this.sms(type, { ...view, canReply: false, unsubscribeLink: 'https://example.invalid/p/unsubscribe/sample' });
          else this.print(output, type, view);
        } catch (error) {
          problems.push(`community/${template.file}: does not render samples/${type}.json: ${(error as Error).message.split('\n')[0]}`);
        }
      }
    }
  }

  hasPoster(type: BulletinType): boolean {
    return this.templates.has(`${type}.poster`);
  }

  email(type: BulletinType, view: BulletinView): RenderedEmail {
    const template = this.get(type, 'email', view);
    const subject = oneLine(template.header!(view));
    const body = template.body(view).trim();
    const html = this.layout.html({ ...view, subject, body });
    const text = tidyText(this.layout.text({ ...view, subject, body: htmlToText(body) }));
    return { subject, html, text };
  }

  /** The text as written, before it is made to fit (see sms-fit.ts). */
  sms(type: BulletinType, view: BulletinView): string {
    return tidyText(this.get(type, 'sms', view).body(view));
  }

  /** The leaflet's or poster's title and its body in the letter markup. */
  print(output: 'leaflet' | 'poster', type: BulletinType, view: BulletinView): { title: string; body: string } {
    const template = this.get(type, output, view);
    return { title: oneLine(template.header!(view)), body: tidyLetter(template.body(view)) };
  }

  private get(type: BulletinType, output: Output, view: BulletinView): Template {
    const template = this.templates.get(`${type}.${output}`);
    if (!template) throw new TemplateError([`there is no ${output} template for a ${type.replace('_', ' ')}`]);
    const missing = findMissing(view, template.checks);
    if (missing.length > 0) throw new MissingFieldError(missing, `community/${template.file}`);
    return template;
  }
}

const PARTIAL_HINT: Record<EnvKind, string> = { html: 'email', text: 'email', sms: 'sms', letter: 'leaflet' };

function compileChecked(env: Env, kind: EnvKind, source: string, partials: ReadonlySet<string>): Compiled {
  const problems = checkReferences(Handlebars.parse(source), partials)
    .map((problem) => problem.replace(/\(templates\/partials\/([\w-]+)\.hbs\)/, `(community/partials/$1.${PARTIAL_HINT[kind]}.hbs)`));
  if (problems.length > 0) throw new Error(problems.join('; '));
  return compileNow(env, kind, source);
}
