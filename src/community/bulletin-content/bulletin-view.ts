import { formatLondonDate, LONDON } from '../../calendar/working-days.js';
import type { BulletinContent } from '../bulletins/bulletin-content.js';
import type { BulletinType } from '../bulletins/bulletin.entity.js';

/** A bulletin with what every channel needs to lay it out: its words, where it goes, who it is from. */
export interface RenderableBulletin {
  id: string;
  type: BulletinType;
  content: BulletinContent;
  neighbourhoods: { name: string; areas: string[]; streets: { name: string; addresses: number }[] }[];
  organisationName: string;
  /** Not yet approved: printed matter carries "DRAFT — NOT APPROVED" on every page. */
  draft?: boolean;
}

/** What the templates in `templates/community/` are given (see its README). */
export interface BulletinView {
  organisation: { name: string };
  /** Texts only: whether the sender can receive "STOP" (a phone number), else the recipient's unsubscribe link. */
  canReply?: boolean;
  unsubscribeLink?: string;
  /** The neighbourhoods' names as a phrase: "Mill Court, Eastfield and Kingsley". */
  neighbourhoods: string;
  headline: string;
  /** The headline and summary ending with a full stop (or their own ! or ?), for running text. */
  headlineSentence: string;
  summary: string;
  summarySentence: string;
  sections: { heading: string; body: string }[];
  whatWeAreDoing: string[];
  howToReport: string;
  contactNumbers: { label: string; number: string }[];
  briefing?: { where: string; date: string; time: string; who: string[]; whoText: string };
  /** The first web address in the content, if any: where to read more. */
  readMore?: string;
}

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, weekday: 'long' });
const HOUR_MINUTE = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });

/** "Thursday 10 December 2026", London time. */
export function formatLondonDay(at: Date): string {
  return `${WEEKDAY.format(at)} ${formatLondonDate(at)}`;
}

/** "6:30pm", "7pm", "midday", "midnight" (GOV.UK style), London time. */
export function formatLondonTime(at: Date): string {
  const parts = HOUR_MINUTE.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  const minute = parts.find((p) => p.type === 'minute')!.value;
  if (minute === '00' && hour === 12) return 'midday';
  if (minute === '00' && hour === 0) return 'midnight';
  const clock = hour % 12 === 0 ? 12 : hour % 12;
  return `${clock}${minute === '00' ? '' : `:${minute}`}${hour < 12 ? 'am' : 'pm'}`;
}

/** "A", "A and B", "A, B and C". */
export function listPhrase(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const asSentence = (text: string): string => {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?]["')]?$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

const WEB_ADDRESS = /\b(?:https?:\/\/|www\.)[^\s<>"]+/i;

/** The first web address in what residents are told, without the sentence's closing punctuation. */
export function findWebAddress(content: BulletinContent): string | undefined {
  const texts = [content.howToReport, ...content.sections.map((s) => s.body), content.summary];
  for (const text of texts) {
    const found = WEB_ADDRESS.exec(text ?? '');
    if (found) return found[0].replace(/[.,;:!?)'"]+$/, '');
  }
  return undefined;
}

export function bulletinView(b: RenderableBulletin): BulletinView {
  const c = b.content;
  const view: BulletinView = {
    organisation: { name: b.organisationName },
    neighbourhoods: listPhrase(b.neighbourhoods.map((n) => n.name)),
    headline: c.headline,
    headlineSentence: asSentence(c.headline),
    summary: c.summary,
    summarySentence: asSentence(c.summary),
    sections: c.sections ?? [],
    whatWeAreDoing: c.whatWeAreDoing ?? [],
    howToReport: c.howToReport,
    contactNumbers: c.contactNumbers ?? [],
  };
  if (c.briefing) {
    const at = new Date(c.briefing.when);
    if (Number.isNaN(at.getTime())) throw new RangeError('briefing.when is not a date and time');
    view.briefing = {
      where: c.briefing.where,
      date: formatLondonDay(at),
      time: formatLondonTime(at),
      who: c.briefing.who ?? [],
      whoText: listPhrase(c.briefing.who ?? []),
    };
  }
  const readMore = findWebAddress(c);
  if (readMore) view.readMore = readMore;
  return view;
}
