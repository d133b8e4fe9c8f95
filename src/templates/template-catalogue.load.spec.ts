import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MissingFieldError, PURPOSES, TemplateCatalogue, TemplateError } from './template-catalogue.js';

// Each test breaks a fresh copy of the real templates/ folder in its own way.
const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const sample = (purpose: string): Record<string, any> => JSON.parse(readFileSync(join(TEMPLATES, 'samples', `${purpose}.json`), 'utf8'));

describe('TemplateCatalogue.load on a broken copy', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-'));
    cpSync(TEMPLATES, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const loadError = (): TemplateError => {
    try {
      TemplateCatalogue.load(dir);
    } catch (error) {
      if (error instanceof TemplateError) return error;
      throw error;
    }
    throw new Error('loaded');
  };

  it('loads an unchanged copy', () => {
    expect(TemplateCatalogue.load(dir).list()).toHaveLength(PURPOSES.length * 6);
  });

  it('names a template that does not compile', () => {
    writeFileSync(join(dir, 'sms', 'update.hbs'), '---\nfields: [spoc.phone]\n---\nHello {{spoc.phone}\nBye\n');
    expect(loadError().message).toMatch(/sms\/update\.hbs: Parse error on line 4/);
  });

  it('names a purpose that lacks its letter template', () => {
    unlinkSync(join(dir, 'letter', 'case_closure.hbs'));
    expect(loadError().message).toMatch(/letter\/case_closure\.hbs is missing: the purpose case_closure has no letter template/);
  });

  it('names a missing discreet variant', () => {
    unlinkSync(join(dir, 'email', 'update.discreet.hbs'));
    expect(loadError().message).toContain('email/update.discreet.hbs is missing');
  });

  it('names invalid front matter', () => {
    writeFileSync(join(dir, 'sms', 'update.hbs'), '---\nfields: [spoc.phone\n---\nHi\n');
    expect(loadError().message).toMatch(/sms\/update\.hbs: front matter is not valid YAML/);
    writeFileSync(join(dir, 'sms', 'update.hbs'), '---\nfield: [spoc.phone]\n---\nHi\n');
    expect(loadError().problems).toEqual(expect.arrayContaining([expect.stringMatching(/sms\/update\.hbs: front matter has an unknown key "field"/)]));
    writeFileSync(join(dir, 'email', 'update.hbs'), '---\nfields: [spoc.phone]\n---\n<p>Hi</p>\n');
    expect(loadError().message).toContain('email/update.hbs: an email template needs subject:');
  });

  it('names unknown purposes, channels and partials', () => {
    writeFileSync(join(dir, 'sms', 'community_trigger.hbs'), '---\nfields: []\n---\nHi\n');
    rmSync(join(dir, 'letter', 'update.discreet.hbs'));
    cpSync(join(dir, 'sms'), join(dir, 'whatsapp'), { recursive: true });
    writeFileSync(join(dir, 'letter', 'update.hbs'), '---\nfields: []\n---\n{{> signature}}\n{{shout x}}\n');
    const { problems } = loadError();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/sms\/community_trigger\.hbs: unknown purpose "community_trigger"/),
        expect.stringMatching(/letter\/update\.discreet\.hbs is missing/),
        expect.stringMatching(/whatsapp\/: unknown folder/),
        expect.stringMatching(/letter\/update\.hbs: line 4: the partial "signature" does not exist/),
        expect.stringMatching(/letter\/update\.hbs: line 5: there is no helper "shout"/),
      ]),
    );
  });

  it('names an undeclared field that a template uses, by its whole path', () => {
    const source = '{{#each actionPlan.actions}}{{what}} by {{who}}\n{{/each}}{{#if witnessService.court}}{{/if}}{{> danger}} {{spoc.name}}';
    writeFileSync(join(dir, 'sms', 'update.hbs'), `---\nfields: [spoc.phone]\n---\n${source}\n`);
    const catalogue = TemplateCatalogue.load(dir);
    const data: Record<string, any> = { ...sample('action_plan'), witnessService: {} };
    const missing = (value: unknown) => {
      try {
        catalogue.render('sms', 'update', value);
      } catch (error) {
        if (error instanceof MissingFieldError) return error.fields;
        throw error;
      }
      return [];
    };
    expect(missing(data)).toEqual([]);
    delete data.spoc.name;
    expect(missing(data)).toEqual(['spoc.name']);
    delete data.actionPlan.actions[2].who;
    expect(missing(data)).toEqual(['actionPlan.actions[].who']);
    data.actionPlan.actions[2].who = 'You';
    delete data.witnessService;
    expect(missing(data)).toEqual(['witnessService']);
  });

  it('names a broken partial once, and a missing layout', () => {
    writeFileSync(join(dir, 'partials', 'danger.hbs'), 'If {{#if x}} unclosed\n');
    unlinkSync(join(dir, 'layouts', 'email.hbs'));
    const { problems } = loadError();
    expect(problems.filter((problem) => problem.startsWith('partials/danger.hbs: Parse error'))).toHaveLength(1);
    expect(problems).toContain('layouts/email.hbs is missing: every email is wrapped in it');
  });

  it('names a block that an email hides inside an HTML attribute', () => {
    writeFileSync(join(dir, 'email', 'update.hbs'), '---\nsubject: Hi\nfields: []\n---\n<p class="{{#if x}}a{{/if}}">Hi</p>\n');
    expect(loadError().message).toContain('email/update.hbs: {{#if x}} cannot go inside an HTML tag or attribute');
  });
});
