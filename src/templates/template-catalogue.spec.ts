import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convert } from 'html-to-text';
import { CHANNELS, MissingFieldError, PURPOSES, TemplateCatalogue, TemplateError, type Purpose, type Rendered } from './template-catalogue.js';
import { HTML_TO_TEXT_OPTIONS } from './text-output.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const sample = (purpose: string): Record<string, any> => JSON.parse(readFileSync(join(TEMPLATES, 'samples', `${purpose}.json`), 'utf8'));
const clone = <T>(value: T): T => structuredClone(value);

// GSM 03.38 basic set: each costs one septet. (The extension table, e.g. [ ] { } € ~, costs two: kept out.)
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const MAX_SMS = 459; // 3 concatenated GSM-7 fragments of 153

const textOf = (rendered: Rendered): string[] =>
  rendered.channel === 'sms' ? [rendered.text] : rendered.channel === 'letter' ? [rendered.body] : [rendered.subject, rendered.html, rendered.text];

/** The sample's string values that say something about the case (names and phone numbers aside). */
/**
 * Details the discreet rendering must not carry. The officer's own words in an update are the
 * exception: they go only after the officer has read the discreet preview and confirmed it.
 */
function caseDetails(data: Record<string, any>): string[] {
  const allowed = [data.update?.message ?? '', data.recipient.firstName, data.spoc.firstName, data.spoc.phone, data.organisation.discreetName ?? '', data.holding?.nextContactBy ?? '', data.letter?.number ?? '', ...(data.letter?.returnAddress ?? [])];
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string' && value.length >= 8 && !allowed.some((a) => a.includes(value))) out.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(data);
  return out;
}

describe('TemplateCatalogue on the real templates', () => {
  const catalogue = TemplateCatalogue.load(TEMPLATES);
  const combinations = PURPOSES.flatMap((purpose) =>
    CHANNELS.flatMap((channel) => [false, true].map((discreet) => ({ purpose, channel, discreet }))),
  );

  it('lists every purpose on every channel, each with its discreet variant', () => {
    const listed = catalogue.list();
    expect(listed).toHaveLength(PURPOSES.length * 6);
    expect(listed.filter((t) => t.discreet && t.channel === 'letter')).toHaveLength(PURPOSES.length);
    expect(listed.filter((t) => t.channel === 'email').every((t) => typeof t.subject === 'string')).toBe(true);
    expect(listed.find((t) => t.channel === 'sms' && t.purpose === 'acknowledgement' && !t.discreet)?.fields).toContain('spoc.phone');
  });

  it.each(combinations)('renders $channel $purpose (discreet: $discreet) from its sample cleanly', ({ purpose, channel, discreet }) => {
    const rendered = catalogue.render(channel, purpose, sample(purpose), { discreet });
    expect(rendered.channel).toBe(channel);
    for (const text of textOf(rendered)) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/undefined|\[object Object\]|\{\{|\}\}|\bnull\b|NaN/);
    }
  });

  it.each(combinations)('needs no more than its declared fields: $channel $purpose (discreet: $discreet)', ({ purpose, channel, discreet }) => {
    const info = catalogue.list().find((t) => t.purpose === purpose && t.channel === channel && t.discreet === discreet)!;
    const full = sample(purpose);
    const minimal: Record<string, any> = {};
    for (const field of info.fields) {
      const parts = field.replace(/\[\].*$/, '').split('.');
      let from: any = full;
      let to: any = minimal;
      parts.forEach((part, i) => {
        if (i === parts.length - 1) to[part] = clone(from[part]);
        else to = to[part] ??= {};
        from = from[part];
      });
    }
    expect(() => catalogue.render(channel, purpose, minimal, { discreet })).not.toThrow();
  });

  it.each(combinations.filter((c) => !c.discreet))('tells the victim how to reach their contact: $channel $purpose', ({ purpose, channel }) => {
    const data = sample(purpose);
    const all = textOf(catalogue.render(channel, purpose, data)).join('\n');
    expect(all).toContain(data.spoc.phone);
    if (channel !== 'sms') expect(all).toContain('If you are in immediate danger, call 999.');
  });

  it.each(PURPOSES)('keeps the %s SMS, normal and discreet, within 3 fragments of plain GSM characters', (purpose) => {
    for (const discreet of [false, true]) {
      const rendered = catalogue.render('sms', purpose, sample(purpose), { discreet });
      if (rendered.channel !== 'sms') throw new Error('not an SMS');
      expect(rendered.text.length).toBeLessThanOrEqual(MAX_SMS);
      expect([...rendered.text].filter((ch) => !GSM_BASIC.has(ch) || ch > '~')).toEqual([]);
      expect(rendered.text).not.toMatch(/ \n|\n{3,}|^\s|\s$/);
    }
  });

  it.each(PURPOSES.flatMap((purpose) => (['sms', 'email', 'letter'] as const).map((channel) => ({ purpose, channel }))))(
    'says nothing about why we are in touch in the discreet $channel $purpose',
    ({ purpose, channel }) => {
      const data = sample(purpose);
      const rendered = catalogue.render(channel, purpose, data, { discreet: true });
      const all = textOf(rendered).join('\n');
      for (const word of ['anti-social', 'antisocial', 'ASB', 'behaviour', 'police', 'crime', 'case', 'reference', 'report', 'court', 'survey', 'danger', '999']) {
        expect(all.toLowerCase()).not.toContain(word.toLowerCase());
      }
      for (const detail of caseDetails(data)) expect(all).not.toContain(detail);
      expect(all).toContain(data.spoc.phone);
      if (data.organisation.discreetName) expect(all).toContain(data.organisation.discreetName);
    },
  );

  it.each(PURPOSES)('gives the %s email a plain-text part that html-to-text would give', (purpose) => {
    for (const discreet of [false, true]) {
      const rendered = catalogue.render('email', purpose, sample(purpose), { discreet });
      if (rendered.channel !== 'email') throw new Error('not an email');
      const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
      expect(squash(rendered.text)).toBe(squash(convert(rendered.html, HTML_TO_TEXT_OPTIONS)));
    }
  });

  it('wraps emails in an accessible en-GB layout, without the organisation when discreet unless it has a discreet name', () => {
    const data = sample('acknowledgement');
    const normal = catalogue.render('email', 'acknowledgement', data);
    if (normal.channel !== 'email') throw new Error('not an email');
    expect(normal.html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    expect(normal.html).toContain('max-width');
    expect(normal.html).not.toMatch(/<img|<script/);
    expect(normal.html).toContain(`<title>We have your report of anti-social behaviour: ${data.case.reference}</title>`);
    expect(normal.text).toContain(data.organisation.name);

    const discreet = catalogue.render('email', 'acknowledgement', data, { discreet: true });
    expect(textOf(discreet).join()).not.toContain(data.organisation.name);
    expect(textOf(discreet).join()).toContain(data.organisation.discreetName);
    delete data.organisation.discreetName;
    const anonymous = catalogue.render('email', 'acknowledgement', data, { discreet: true });
    expect(textOf(anonymous).join()).not.toMatch(/Northtown/);
  });

  it('renders the email subject from the front matter', () => {
    const rendered = catalogue.render('email', 'update', sample('update'));
    expect(rendered).toMatchObject({ channel: 'email', subject: 'An update on your report ASB-2026-000123' });
  });

  it('escapes data in email HTML, but not in the text part, SMS or letters', () => {
    const data = sample('update');
    data.update.message = 'Tom & Jerry <script>alert(1)</script>';
    const email = catalogue.render('email', 'update', data);
    if (email.channel !== 'email') throw new Error('not an email');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.text).toContain('Tom & Jerry <script>alert(1)</script>');
    expect(textOf(catalogue.render('sms', 'update', data))[0]).toContain('Tom & Jerry <script>alert(1)</script>');
    expect(textOf(catalogue.render('letter', 'update', data))[0]).toContain('Tom & Jerry <script>alert(1)</script>');
  });

  it("keeps the officer's paragraphs in every channel", () => {
    const data = sample('update');
    data.update.message = 'First paragraph.\n\nSecond paragraph,\nsame paragraph.';
    const email = catalogue.render('email', 'update', data);
    if (email.channel !== 'email') throw new Error('not an email');
    expect(email.html).toContain('<p>First paragraph.</p>\n<p>Second paragraph,<br>\nsame paragraph.</p>');
    expect(email.text).toContain('First paragraph.\n\nSecond paragraph,\nsame paragraph.');
    expect(textOf(catalogue.render('letter', 'update', data))[0]).toContain('First paragraph.\n\nSecond paragraph,\nsame paragraph.');
  });

  it('writes letters in the letter markup: paragraphs, "## " headings and "- " bullets, no HTML', () => {
    const rendered = catalogue.render('letter', 'action_plan', sample('action_plan'));
    if (rendered.channel !== 'letter') throw new Error('not a letter');
    expect(rendered.body).toMatch(/^Dear Sam Taylor,\n\n/);
    expect(rendered.body).toContain('\n\n## Your action plan\n\n- Visit the people involved');
    expect(rendered.body).not.toMatch(/<[a-z]|\n{3,}|^[ \t]|[ \t]$/m);
    expect(rendered.body).toMatch(/Yours sincerely,\n\nAlex Morgan\nNorthtown Borough Council$/);
  });

  it('renders a discreet letter that asks only for a call, signed with a first name', () => {
    const rendered = catalogue.render('letter', 'acknowledgement', sample('acknowledgement'), { discreet: true });
    if (rendered.channel !== 'letter') throw new Error('not a letter');
    expect(rendered.body).toBe('Dear Sam,\n\nI am writing to ask if you could call me on 01632 960111 when you have a moment.\n\nThank you.\n\nYours sincerely,\n\nAlex\nNorthtown Community Team');
  });

  it('follows each branch of special measures and the Witness Service', () => {
    const measures = sample('special_measures');
    const sms = (purpose: Purpose, data: unknown) => textOf(catalogue.render('sms', purpose, data))[0];
    expect(sms('special_measures', measures)).toContain('The court has agreed');
    measures.specialMeasures.outcome = 'refused';
    expect(sms('special_measures', measures)).toContain('decided not to allow');
    measures.specialMeasures.outcome = 'pending';
    expect(sms('special_measures', measures)).toContain('not decided yet');

    const witness = sample('witness_service_referral');
    witness.witnessService.referred = false;
    delete witness.witnessService.court;
    const letter = textOf(catalogue.render('letter', 'witness_service_referral', witness))[0];
    expect(letter).toContain('If you would like their help');
    expect(letter).toContain(`The hearing is on ${witness.witnessService.hearingDate}.`);
  });

  describe('missing data', () => {
    it('names a missing required field', () => {
      const data = sample('acknowledgement');
      delete data.spoc.phone;
      expect(() => catalogue.render('sms', 'acknowledgement', data)).toThrow(MissingFieldError);
      expect(() => catalogue.render('sms', 'acknowledgement', data)).toThrow(/spoc\.phone/);
    });

    it('names every missing field at once, counting null, blank text and empty lists as missing', () => {
      const data = sample('action_plan');
      data.spoc.phone = '   ';
      data.case.reference = null;
      delete data.recipient;
      data.actionPlan.actions[1].who = '';
      try {
        catalogue.render('email', 'action_plan', data);
        throw new Error('rendered');
      } catch (error) {
        expect(error).toBeInstanceOf(MissingFieldError);
        expect((error as MissingFieldError).fields).toEqual(['recipient.name', 'spoc.phone', 'case.reference', 'actionPlan.actions[1].who']);
      }
      data.actionPlan.actions = [];
      expect(() => catalogue.render('sms', 'action_plan', data)).toThrow(/actionPlan\.actions/);
    });

    it('treats data that is not an object as missing everything', () => {
      expect(() => catalogue.render('sms', 'acknowledgement', null)).toThrow(MissingFieldError);
    });
  });

  describe('renderBody', () => {
    const data = sample('update');

    it('renders free text for SMS and letters as written', () => {
      expect(catalogue.renderBody('sms', 'Hello {{recipient.firstName}},  \n\n\n\nsee you & bye <3  ', data)).toEqual({
        channel: 'sms',
        text: 'Hello Sam,\n\nsee you & bye <3',
      });
      expect(catalogue.renderBody('letter', '  Dear {{recipient.name}},\n\n  ## Next\n- one', data)).toEqual({
        channel: 'letter',
        body: 'Dear Sam Taylor,\n\n## Next\n- one',
      });
    });

    it('escapes free text and its data in an email and keeps its paragraphs', () => {
      const rendered = catalogue.renderBody('email', 'Hi {{recipient.firstName}} <b>\n\n{{update.message}}', { ...data, update: { message: '<script>x</script>' } }, {
        subject: 'About {{case.reference}}',
      });
      if (rendered.channel !== 'email') throw new Error('not an email');
      expect(rendered.subject).toBe('About ASB-2026-000123');
      expect(rendered.html).toContain('<p>Hi Sam &lt;b&gt;</p>\n<p>&lt;script&gt;x&lt;/script&gt;</p>');
      expect(rendered.html).toContain('<html lang="en-GB">');
      expect(rendered.text).toContain('Hi Sam <b>\n\n<script>x</script>');
    });

    it('needs the fields it uses', () => {
      expect(() => catalogue.renderBody('sms', 'Call {{spoc.phone}} or {{spoc.mobile}}', { spoc: { phone: ' ' } })).toThrow(
        expect.objectContaining({ fields: ['spoc.phone', 'spoc.mobile'] }),
      );
      expect(() => catalogue.renderBody('sms', '{{#if spoc.phone}}{{spoc.mobile}}{{/if}}', data)).toThrow(
        expect.objectContaining({ fields: ['spoc.mobile'] }),
      );
    });

    it('reports broken free text as a TemplateError', () => {
      expect(() => catalogue.renderBody('sms', 'Hello {{#if x}}', data)).toThrow(TemplateError);
      expect(() => catalogue.renderBody('sms', '{{> nowhere}}', data)).toThrow(/nowhere/);
      expect(() => catalogue.renderBody('sms', '{{shout spoc.name}}', data)).toThrow(/shout/);
    });
  });
});
