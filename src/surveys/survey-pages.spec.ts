import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../templates/templates-dir.js';
import { PageTemplateError, SurveyPages } from './survey-pages.js';

/** A copy of the real pages to break one at a time. */
function pagesCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asb-pages-'));
  cpSync(join(TEMPLATES_DIR, 'pages'), dir, { recursive: true });
  return dir;
}

describe('survey pages', () => {
  it('load from templates/pages and escape what they are given', () => {
    const html = SurveyPages.load().render('survey-unavailable', 'Gone', { heading: '<b>Closed</b>', paragraphs: ['a & b'] });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>&lt;b&gt;Closed&lt;/b&gt;</h1>');
    expect(html).toContain('<p>a &amp; b</p>');
  });

  it('stop the service starting when a page does not compile, naming the file', () => {
    const dir = pagesCopy();
    writeFileSync(join(dir, 'survey-thanks.hbs'), '<h1>{{#if dissatisfied}}oops</h1>');
    expect(() => SurveyPages.load(dir)).toThrow(PageTemplateError);
    expect(() => SurveyPages.load(dir)).toThrow(/templates\/pages\/survey-thanks\.hbs/);
  });

  it('stop the service starting when a page uses a helper or a field it is not given', () => {
    const helper = pagesCopy();
    writeFileSync(join(helper, 'survey-unavailable.hbs'), '<h1>{{shout heading}}</h1>');
    expect(() => SurveyPages.load(helper)).toThrow(/survey-unavailable\.hbs/);
    const field = pagesCopy();
    writeFileSync(join(field, 'survey-form.hbs'), '<h1>{{victim.name}}</h1>');
    expect(() => SurveyPages.load(field)).toThrow(/survey-form\.hbs: "name" not defined/);
  });

  it('stop the service starting when a page is missing', () => {
    const dir = pagesCopy();
    rmSync(join(dir, 'layout.hbs'));
    expect(() => SurveyPages.load(dir)).toThrow(/templates\/pages\/layout\.hbs: missing/);
  });
});
