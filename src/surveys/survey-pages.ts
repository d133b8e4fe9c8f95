import { PageTemplates } from '../templates/page-templates.js';

export { PageTemplateError } from '../templates/page-templates.js';

/** The victim-facing pages, `templates/pages/<name>.hbs`, each shown inside `layout.hbs`. */
export const PAGE_NAMES = ['survey-form', 'survey-thanks', 'survey-unavailable'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

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

/** The survey pages, loaded and checked at start-up like every page (see PageTemplates). */
export class SurveyPages {
  private constructor(private readonly pages: PageTemplates<PageName>) {}

  static load(dir?: string): SurveyPages {
    return new SurveyPages(PageTemplates.load(SAMPLES, dir));
  }

  render(name: 'survey-form', title: string, data: SurveyFormPage): string;
  render(name: 'survey-thanks', title: string, data: { organisationName: string; dissatisfied: boolean; caseReview: unknown }): string;
  render(name: 'survey-unavailable', title: string, data: { heading: string; paragraphs: string[] }): string;
  render(name: PageName, title: string, data: object): string {
    const hasErrors = name === 'survey-form' && (data as SurveyFormPage).errors.length > 0;
    return this.pages.page(name, title, data, hasErrors);
  }
}
