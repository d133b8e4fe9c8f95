import { DateTime } from 'luxon';
import { formatLondonDate, LONDON } from '../../calendar/working-days.js';
import { InputError } from '../../http/input-error.js';
import type { Bulletin } from './bulletin.entity.js';

const londonDay = (at: Date): string => DateTime.fromJSDate(at, { zone: LONDON }).toISODate()!;

/**
 * A street briefing is news only until its day: once its date (in London) has passed it cannot be
 * sent for approval, approved, sent or scheduled (400, `content.briefing.when`, rule `notPast`),
 * and it cannot be scheduled to go after that day (400, `at`, rule `notAfterBriefing`). `now` is
 * the service clock's (the training clock's in training).
 */
export function checkBriefingDate(b: Pick<Bulletin, 'type' | 'content'>, now: Date, sendAt?: Date): void {
  if (b.type !== 'street_briefing' || !b.content.briefing) return;
  const when = new Date(b.content.briefing.when);
  if (Number.isNaN(when.getTime())) return;
  const day = londonDay(when);
  if (day < londonDay(now)) {
    throw InputError.of('content.briefing.when', 'notPast',
      `content.briefing.when is ${formatLondonDate(when)}, which has passed: a street briefing cannot be sent for approval, approved, sent or scheduled after its date`);
  }
  if (sendAt && londonDay(sendAt) > day) {
    throw InputError.of('at', 'notAfterBriefing', `at must be on or before the street briefing's date, ${formatLondonDate(when)} (content.briefing.when)`);
  }
}
