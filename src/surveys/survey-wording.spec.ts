import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TemplateCatalogue, type Rendered } from '../templates/template-catalogue.js';

// Issue 12 item 12: the survey's words follow the case's state, and answering by phone goes to
// the feedback line, never to the officer being rated.
const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const sample = JSON.parse(readFileSync(join(TEMPLATES, 'samples', 'satisfaction_survey.json'), 'utf8')) as Record<string, any>;
const catalogue = TemplateCatalogue.load(TEMPLATES);

const textOf = (rendered: Rendered): string =>
  (rendered.channel === 'sms' ? [rendered.text] : rendered.channel === 'letter' ? [rendered.body] : [rendered.subject, rendered.text]).join('\n').replace(/\s+/g, ' ');
const render = (channel: 'sms' | 'email' | 'letter', survey: Record<string, unknown>, canReply = true): string =>
  textOf(catalogue.render(channel, 'satisfaction_survey', { ...sample, canReply, survey: { ...sample.survey, ...survey } }));
const CHANNELS = [['sms', true], ['sms', false], ['email', true], ['letter', true]] as const;

describe('the satisfaction survey wording', () => {
  it.each(CHANNELS)('asks about an open case as still being dealt with (%s, can reply: %s)', (channel, canReply) => {
    const text = render(channel, { caseOpen: true }, canReply);
    expect(text).toMatch(/how we are dealing with/);
    expect(text).not.toMatch(/dealt with/);
  });

  it.each(CHANNELS)('asks about a closed case as dealt with (%s, can reply: %s)', (channel, canReply) => {
    const text = render(channel, { caseOpen: false }, canReply);
    expect(text).toMatch(/how we dealt with your report/);
    expect(text).not.toMatch(/are dealing with/);
  });

  it.each(CHANNELS)('gives the feedback line, not the officer being rated, for answering by phone (%s, can reply: %s)', (channel, canReply) => {
    for (const caseOpen of [true, false]) {
      const text = render(channel, { caseOpen, feedbackPhone: '01632 960998' }, canReply);
      expect(text).toMatch(/call our feedback line on 01632 960998/);
      // The SPOC's number is there only for questions about the report, never to give the answers.
      const spocSentences = text.split(/(?<=\.)\s/).filter((sentence) => sentence.includes(sample.spoc.phone));
      for (const sentence of spocSentences) expect(sentence).toMatch(/question/i);
      expect(text).not.toMatch(new RegExp(`(tell us|answer)[^.]*${sample.spoc.phone}`, 'i'));
    }
  });

  it('offers no phone answer at all when there is no feedback line, rather than the officer', () => {
    for (const [channel, canReply] of CHANNELS) {
      const text = render(channel, { caseOpen: true, feedbackPhone: null }, canReply);
      expect(text).not.toMatch(/feedback line|tell us by phone/);
    }
  });
});
