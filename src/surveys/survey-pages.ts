import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { TEMPLATES_DIR } from '../previews/templates-dir.js';

/** The victim-facing pages, `templates/pages/<name>.hbs`, each shown inside `layout.hbs`. */
export const PAGE_NAMES = ['survey-form', 'survey-thanks', 'survey-unavailable'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

export class PageTemplateError extends Error {}

export interface ScoreQuestion {
  name: 'overall' | 'keptInformed';
  legend: string;
  hint: string;
  error: string | null;
  options: { id: string; value: number; label: string; checked: boolean }[];
}

export interface SurveyFormPage {
  heading: string;
  organisationName: string;
  errors: { href: string; message: string }[];
  questions: ScoreQuestion[];
  comment: { value: string; error: string | null; maxLength: number };
}

const sampleQuestion = (name: ScoreQuestion['name'], error: string | null): ScoreQuestion => ({
  name, legend: 'How satisfied are you?', hint: 'Choose one', error,
  options: [1, 2, 3, 4, 5].map((value) => ({ id: `${name}-${value}`, value, label: 'Satisfied', checked: value === 4 })),
});

/** Every page is rendered once at start-up with these, so a broken page stops the service starting. */
const SAMPLES: Record<PageName, Record<string, unknown>[]> = {
  'survey-form': [
    { heading: 'h', organisationName: 'o', errors: [], questions: [sampleQuestion('overall', null)], comment: { value: '', error: null, maxLength: 2000 } },
    {
      heading: 'h', organisationName: 'o', errors: [{ href: 'overall-1', message: 'm' }],
      questions: [sampleQuestion('overall', 'm'), sampleQuestion('keptInformed', null)], comment: { value: 'c', error: 'm', maxLength: 2000 },
    },
  ],
  'survey-thanks': [
    { organisationName: 'o', dissatisfied: false, caseReview: null },
    { organisationName: 'o', dissatisfied: true, caseReview: { threshold: 't', contactName: 'n', contactPhone: 'p', link: null } },
  ],
  'survey-unavailable': [{ heading: 'h', paragraphs: ['p'] }],
};

/**
 * Loads and compiles the pages once, at start-up (the message template loader leaves the
 * `pages/` folder alone). Strict mode and no helpers beyond Handlebars' own, HTML-escaped.
 */
export class SurveyPages {
  private constructor(
    private readonly layout: HandlebarsTemplateDelegate,
    private readonly pages: Record<PageName, HandlebarsTemplateDelegate>,
  ) {}

  static load(dir = join(TEMPLATES_DIR, 'pages')): SurveyPages {
    const env = Handlebars.create();
    env.unregisterHelper('log');
    const problems: string[] = [];
    const compile = (name: string): HandlebarsTemplateDelegate => {
      try {
        const source = readFileSync(join(dir, `${name}.hbs`), 'utf8');
        const spec = env.precompile(source, { strict: true, knownHelpersOnly: true, knownHelpers: { log: false } }) as unknown as string;
        return env.template(new Function(`return ${spec}`)());
      } catch (error) {
        problems.push(`templates/pages/${name}.hbs: ${(error as Error).message.split('\n')[0]}`);
        return () => '';
      }
    };
    const layout = compile('layout');
    const pages = Object.fromEntries(PAGE_NAMES.map((name) => [name, compile(name)])) as Record<PageName, HandlebarsTemplateDelegate>;
    if (problems.length === 0) {
      for (const name of PAGE_NAMES) {
        for (const sample of SAMPLES[name]) {
          try {
            layout({ title: 't', hasErrors: false, body: pages[name](sample) });
          } catch (error) {
            problems.push(`templates/pages/${name}.hbs: ${(error as Error).message.split('\n')[0]}`);
          }
        }
      }
    }
    if (problems.length) throw new PageTemplateError(`Page templates are not valid:\n${[...new Set(problems)].join('\n')}`);
    return new SurveyPages(layout, pages);
  }

  render(name: 'survey-form', title: string, data: SurveyFormPage): string;
  render(name: 'survey-thanks', title: string, data: { organisationName: string; dissatisfied: boolean; caseReview: unknown }): string;
  render(name: 'survey-unavailable', title: string, data: { heading: string; paragraphs: string[] }): string;
  render(name: PageName, title: string, data: object): string {
    const hasErrors = name === 'survey-form' && (data as SurveyFormPage).errors.length > 0;
    return this.layout({ title, hasErrors, body: this.pages[name](data) });
  }
}
