import { DateTime } from 'luxon';
import { InputError } from '../http/input-error.js';

/** Allowance for clocks that run a little ahead of ours. */
const SKEW_MS = 5 * 60_000;

/**
 * An ISO 8601 time an officer gave (a report, an incident, a response), which cannot be later
 * than `latest`. A time without an offset is London local time, as an officer taking a call means it.
 */
export function pastInstant(value: string | undefined, field: string, latest: Date): Date | undefined {
  if (value === undefined) return undefined;
  const at = DateTime.fromISO(value, { zone: 'Europe/London' }).toJSDate();
  if (at.getTime() > latest.getTime() + SKEW_MS) {
    throw InputError.of(field, 'notInFuture', `${field} must not be later than ${latest.toISOString()}`);
  }
  return at;
}
