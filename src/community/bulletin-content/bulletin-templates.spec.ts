import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingFieldError, TemplateError } from '../../templates/template-types.js';
import { BulletinTemplates, COMMUNITY_TEMPLATES_DIR } from './bulletin-templates.js';
import { bulletinView } from './bulletin-view.js';

/** A copy of templates/community with one change, loaded; the problems it stops start-up with. */
function problemsAfter(change: (dir: string) => void): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'community-templates-'));
  try {
    cpSync(COMMUNITY_TEMPLATES_DIR, dir, { recursive: true });
    change(dir);
    BulletinTemplates.load(dir);
    return [];
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return error.problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const edit = (dir: string, file: string, from: string | RegExp, to: string) =>
  writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(from, to));

describe('community templates at start-up', () => {
  it('load as shipped', () => {
    expect(problemsAfter(() => undefined)).toEqual([]);
  });

  it('name a template that does not compile', () => {
    const problems = problemsAfter((dir) => edit(dir, 'newsletter.email.hbs', '{{> sections}}', '{{#each sections}}'));
    expect(problems).toEqual([expect.stringMatching(/^community\/newsletter\.email\.hbs: /)]);
  });

  it('name a partial that does not compile and a helper that does not exist', () => {
    const problems = problemsAfter((dir) => {
      edit(dir, 'partials/sections.leaflet.hbs', '{{/each}}', '');
      edit(dir, 'street_briefing.sms.hbs', '{{organisation.name}}', '{{upper organisation.name}}');
    });
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^community\/partials\/sections\.leaflet\.hbs: /),
      expect.stringMatching(/^community\/street_briefing\.sms\.hbs: .*no helper "upper"/),
    ]));
  });

  it('name a missing template, a missing partial and an unknown file', () => {
    const problems = problemsAfter((dir) => {
      rmSync(join(dir, 'street_briefing.poster.hbs'));
      edit(dir, 'leaflet.leaflet.hbs', '{{> contact_numbers}}', '{{> phone_numbers}}');
      writeFileSync(join(dir, 'newsletter.html'), '<p>old</p>');
    });
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^community\/street_briefing\.poster\.hbs is missing/),
      expect.stringMatching(/^community\/leaflet\.leaflet\.hbs: .*"phone_numbers" does not exist \(community\/partials\/phone_numbers\.leaflet\.hbs\)/),
      expect.stringMatching(/^community\/newsletter\.html: unknown file/),
    ]));
  });

  it('name bad front matter: an email without a subject, a leaflet without a title', () => {
    const problems = problemsAfter((dir) => {
      edit(dir, 'leaflet.email.hbs', /^subject: .*\n/m, '');
      edit(dir, 'newsletter.leaflet.hbs', /^title: .*\n/m, '');
    });
    expect(problems).toEqual(expect.arrayContaining([
      'community/leaflet.email.hbs: front matter needs subject:',
      'community/newsletter.leaflet.hbs: front matter needs title:',
    ]));
  });

  it('name a template that uses a field its sample does not have', () => {
    const problems = problemsAfter((dir) => edit(dir, 'newsletter.sms.hbs', '{{headlineSentence}}', '{{headlineSentence}} {{bulletin.reference}}'));
    expect(problems).toEqual([expect.stringMatching(/^community\/newsletter\.sms\.hbs: does not render samples\/newsletter\.json/)]);
  });
});

describe('declared fields', () => {
  it('are checked before rendering, naming what is missing', () => {
    const templates = BulletinTemplates.load();
    const view = bulletinView(templates.samples.newsletter);
    expect(() => templates.email('street_briefing', view)).toThrow(MissingFieldError);
    expect(() => templates.email('street_briefing', view)).toThrow(/briefing\.date/);
  });
});
