import { DateTime } from 'luxon';
import { addWorkingDays, LONDON } from '../calendar/working-days.js';
import type { RiskLevel } from '../risk/questionnaire.js';

export interface ReviewInterval {
  workingDays: number;
  highRiskDays: number;
}

/** When the next evidence review is due: N working days on, or N calendar days for high risk. */
export function nextEvidenceReview(from: Date, risk: RiskLevel, interval: ReviewInterval): Date {
  const london = DateTime.fromJSDate(from, { zone: LONDON });
  if (risk === 'high') return london.plus({ days: interval.highRiskDays }).toJSDate();
  const day = addWorkingDays(london.toISODate()!, interval.workingDays);
  return DateTime.fromISO(day, { zone: LONDON }).set({ hour: london.hour, minute: london.minute, second: london.second }).toJSDate();
}
