import { assertSendableSms, isGsm7, prepareSms, SmsTooLongError, type SmsText } from '../../channels/sms/sms-text.js';
import type { BulletinView } from './bulletin-view.js';

/** Bulletins go to many phones at once: at most 3 fragments (459 GSM characters) each. */
export const BULLETIN_SMS_FRAGMENTS = 3;

const SHORT_MARKS = /\p{M}/gu;
const LETTER = /\p{L}/u;

/**
 * Keeps a text in GSM characters (UCS-2 would cut each fragment from 153 characters to 67):
 * look-alikes first (prepareSms), then letters lose their accents where GSM lacks them
 * (ł → l, ā → a), other letters become "?" and symbols such as emoji are dropped.
 */
export function toGsmText(text: string): string {
  const prepared = prepareSms(text).text;
  if (isGsm7(prepared)) return prepared;
  let out = '';
  for (const ch of prepared) {
    if (isGsm7(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(SHORT_MARKS, '');
      if (base !== '' && isGsm7(base)) out += base;
      else if (ch === 'ł' || ch === 'Ł') out += ch === 'ł' ? 'l' : 'L';
      else if (LETTER.test(ch)) out += '?';
    }
  }
  return out.replace(/ {2,}/g, ' ');
}

/** Cuts text at a word boundary, ending "...", to at most `max` characters ('' when max is tiny). */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 8) return '';
  const cut = text.slice(0, max - 3);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}...`;
}

type Reduction = (view: BulletinView) => BulletinView;

/**
 * What goes when the text is too long, one step after another: first the summary is shortened
 * (at each step), then who will be there, the read-more link, a long place and a long headline.
 */
const REDUCTIONS: Reduction[] = [
  (v) => v,
  (v) => (v.briefing ? { ...v, briefing: { ...v.briefing, whoText: '' } } : v),
  (v) => ({ ...v, readMore: undefined }),
  (v) => (v.briefing ? { ...v, briefing: { ...v.briefing, where: shorten(v.briefing.where, 60) } } : v),
  (v) => ({ ...v, headlineSentence: shorten(v.headlineSentence, 60) }),
];

/**
 * The bulletin's SMS in GSM characters and at most 3 fragments: the full text if it fits, else
 * the longest summary that fits after as few reductions as needed. Throws SmsTooLongError if even
 * the barest text is too long (an organisation name of hundreds of characters).
 */
export function fitSms(render: (view: BulletinView) => string, view: BulletinView): SmsText {
  const gsmView: BulletinView = JSON.parse(JSON.stringify(view), (_key, value) => (typeof value === 'string' ? toGsmText(value) : value));
  gsmView.summarySentence = gsmView.summarySentence.replace(/\s+/g, ' ');
  const attempt = (v: BulletinView): SmsText => prepareSms(toGsmText(render(v)));
  const fits = (sms: SmsText) => sms.fragments <= BULLETIN_SMS_FRAGMENTS && sms.encoding === 'GSM-7';

  const full = attempt(gsmView);
  if (fits(full)) return done(full);
  const summary = gsmView.summarySentence;
  let reduced = gsmView;
  for (const reduce of REDUCTIONS) {
    reduced = reduce(reduced);
    if (!fits(attempt({ ...reduced, summarySentence: '' }))) continue;
    // The longest summary that still fits: binary search on its length.
    let low = 0;
    let high = summary.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(attempt({ ...reduced, summarySentence: shorten(summary, mid) }))) low = mid;
      else high = mid - 1;
    }
    return done(attempt({ ...reduced, summarySentence: shorten(summary, low) }));
  }
  throw new SmsTooLongError(`The bulletin's text cannot be made to fit ${BULLETIN_SMS_FRAGMENTS} SMS fragments`);
}

function done(sms: SmsText): SmsText {
  assertSendableSms(sms);
  return sms;
}
