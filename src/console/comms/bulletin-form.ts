import { DateTime } from 'luxon';
import { LONDON } from '../../calendar/working-days.js';
import type { BulletinContent } from '../../community/bulletins/bulletin-content.js';

/** A form as the browser sends it: one value, or several for repeated names (checkboxes). */
export type Form = Record<string, string | string[] | undefined>;

/** Slots for sections and contact numbers shown without JavaScript; one more than used, 3 at least, 10 at most (the API's limit). */
const MIN_SLOTS = 3;
const MAX_SLOTS = 10;
export const slots = (used: number) => Math.min(MAX_SLOTS, Math.max(MIN_SLOTS, used + 1));

const text = (form: Form, field: string) => String([form[field] ?? ''].flat()[0] ?? '').trim();
const lines = (value: string) => value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
export const many = (form: Form, field: string) => [form[field] ?? []].flat().map(String).filter(Boolean);

/** A London date and time typed in two boxes, as an ISO 8601 instant; anything else as typed, for the API's message. */
export function londonDateTime(date: string, time: string): string | undefined {
  if (!date && !time) return undefined;
  const at = DateTime.fromISO(`${date}T${time}`, { zone: LONDON });
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time) && at.isValid ? at.toUTC().toISO({ suppressMilliseconds: true })! : `${date} ${time}`.trim();
}

/**
 * The editor's form as the body `POST /v1/bulletins` takes: empty section and contact-number
 * slots left out, lists one per line, a street briefing's day and time as one instant.
 */
export function bulletinBody(form: Form): { type?: string; neighbourhoodIds: string[]; content: BulletinContent } {
  const sections: BulletinContent['sections'] = [];
  const contactNumbers: BulletinContent['contactNumbers'] = [];
  for (let i = 1; i <= MAX_SLOTS; i++) {
    const heading = text(form, `section-${i}-heading`);
    const body = text(form, `section-${i}-body`);
    if (heading || body) sections.push({ heading, body });
    const label = text(form, `number-${i}-label`);
    const number = text(form, `number-${i}-number`);
    if (label || number) contactNumbers.push({ label, number });
  }
  const type = text(form, 'type') || undefined;
  const content: BulletinContent = {
    headline: text(form, 'headline'),
    summary: text(form, 'summary'),
    sections,
    whatWeAreDoing: lines(text(form, 'whatWeAreDoing')),
    howToReport: text(form, 'howToReport'),
    contactNumbers,
  };
  const where = text(form, 'briefing-where');
  const when = londonDateTime(text(form, 'briefing-date'), text(form, 'briefing-time'));
  const who = lines(text(form, 'briefing-who'));
  if (type === 'street_briefing' && (where || when || who.length)) content.briefing = { where, when: when ?? '', who };
  return { type, neighbourhoodIds: many(form, 'neighbourhoodIds'), content };
}

/** A saved bulletin as the editor's form values. */
export function bulletinForm(b: { type: string; neighbourhoodIds: string[]; content: BulletinContent }): Form {
  const form: Form = {
    type: b.type,
    neighbourhoodIds: b.neighbourhoodIds,
    headline: b.content.headline,
    summary: b.content.summary,
    whatWeAreDoing: (b.content.whatWeAreDoing ?? []).join('\n'),
    howToReport: b.content.howToReport,
  };
  (b.content.sections ?? []).forEach((s, i) => Object.assign(form, { [`section-${i + 1}-heading`]: s.heading, [`section-${i + 1}-body`]: s.body }));
  (b.content.contactNumbers ?? []).forEach((c, i) => Object.assign(form, { [`number-${i + 1}-label`]: c.label, [`number-${i + 1}-number`]: c.number }));
  if (b.content.briefing) {
    const at = DateTime.fromISO(b.content.briefing.when, { zone: LONDON });
    Object.assign(form, {
      'briefing-where': b.content.briefing.where,
      'briefing-date': at.isValid ? at.toISODate() : '',
      'briefing-time': at.isValid ? at.toFormat('HH:mm') : '',
      'briefing-who': (b.content.briefing.who ?? []).join('\n'),
    });
  }
  return form;
}

/** How many section and contact-number slots the form shows. */
export function slotCounts(form: Form) {
  const used = (prefix: string) => {
    let last = 0;
    for (let i = 1; i <= MAX_SLOTS; i++) if (text(form, `${prefix}-${i}-${prefix === 'section' ? 'heading' : 'label'}`) || text(form, `${prefix}-${i}-${prefix === 'section' ? 'body' : 'number'}`)) last = i;
    return last;
  };
  return { sections: slots(used('section')), numbers: slots(used('number')) };
}

/**
 * The editor's field id for a problem the API names (`content.sections.0.body`,
 * `content.sections[0].body`, `neighbourhoodIds[1]`): the GOV.UK error summary links to it.
 * Section and number indexes follow the order of the filled slots, which is the slots' order
 * when no slot in between was left empty.
 */
export function bulletinFieldId(field: string): string {
  const f = field.replace(/\[(\d+)\]/g, '.$1').replace(/^content\./, '');
  const slot = /^(sections|contactNumbers)(?:\.(\d+)(?:\.(\w+))?)?$/.exec(f);
  if (slot) {
    const n = Number(slot[2] ?? 0) + 1;
    return slot[1] === 'sections' ? `section-${n}-${slot[3] ?? 'heading'}` : `number-${n}-${slot[3] ?? 'label'}`;
  }
  if (f.startsWith('neighbourhoodIds')) return 'neighbourhoodIds';
  if (f.startsWith('whatWeAreDoing')) return 'whatWeAreDoing';
  if (f === 'briefing' || f === 'briefing.where') return 'briefing-where';
  if (f === 'briefing.when') return 'briefing-date';
  if (f.startsWith('briefing.who')) return 'briefing-who';
  return f.replace(/\./g, '-');
}
