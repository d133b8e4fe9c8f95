import { DateTime } from 'luxon';
import { addWorkingDaysAt, LONDON } from '../calendar/working-days.js';
import type { RiskLevel } from '../risk/questionnaire.js';

export interface ReviewInterval {
  workingDays: number;
  highRiskDays: number;
}

/** When the next evidence review is due: N working days on, or N calendar days for high risk. */
export function nextEvidenceReview(from: Date, risk: RiskLevel, interval: ReviewInterval): Date {
  const london = DateTime.fromJSDate(from, { zone: LONDON });
  if (risk === 'high') return london.plus({ days: interval.highRiskDays }).toJSDate();
  return addWorkingDaysAt(from, interval.workingDays);
}
