import { DateTime } from 'luxon';
import { InputError } from '../http/input-error.js';

/** Allowance for clocks that run a little ahead of ours. */
const SKEW_MS = 5 * 60_000;

/** No record here is older than this: an earlier date is a typing slip (0001-01-01), not a fact. */
export const EARLIEST = new Date('1900-01-01T00:00:00Z');

/**
 * An ISO 8601 time an officer gave (a report, an incident, a response, a consent), which cannot
 * be later than `latest` (the service's clock: the training clock in training) nor earlier than
 * 1900. A time without an offset is London local time, as an officer taking a call means it.
 */
export function pastInstant(value: string | undefined, field: string, latest: Date): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const at = DateTime.fromISO(value, { zone: 'Europe/London' }).toJSDate();
  if (Number.isNaN(at.getTime())) throw InputError.of(field, 'isIso8601', `${field} must be a date and time in ISO 8601 form`);
  if (at.getTime() > latest.getTime() + SKEW_MS) {
    throw InputError.of(field, 'notInFuture', `${field} must not be later than ${latest.toISOString()}`);
  }
  if (at < EARLIEST) throw InputError.of(field, 'notBefore1900', `${field} must not be before 1 January 1900`);
  return at;
}

/** A calendar date that has happened (a date of birth): from 1 January 1900 to today in London. */
export function pastDate(value: string | undefined, field: string, now: Date): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = DateTime.fromISO(value, { zone: 'Europe/London' });
  if (!date.isValid) throw InputError.of(field, 'isIso8601', `${field} must be a date such as 1961-04-12`);
  const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).endOf('day');
  if (date > today) throw InputError.of(field, 'notInFuture', `${field} must not be in the future`);
  if (date.toJSDate() < EARLIEST) throw InputError.of(field, 'notBefore1900', `${field} must not be before 1 January 1900`);
  return value;
}
