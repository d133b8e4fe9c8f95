import { DateTime } from 'luxon';
import { addWorkingDays, LONDON } from '../calendar/working-days.js';

/**
 * When a victim may safely be contacted, and when contact is next due. Pure functions: all
 * wall-clock reasoning is done in London local time, so BST/GMT changes are handled by luxon.
 */

/** ISO weekdays (1 = Monday … 7 = Sunday) and a same-day London local period, `from` inclusive, `to` exclusive. */
export interface SafeWindow {
  days: number[];
  from: string;
  to: string;
}

/** Monday to Saturday, 08:00 to 20:00 London time. */
export const DEFAULT_SAFE_WINDOW: SafeWindow = { days: [1, 2, 3, 4, 5, 6], from: '08:00', to: '20:00' };

export interface Cadence {
  every: number;
  unit: 'days' | 'workingDays';
}

/** Temporary failures are retried for up to 24 hours from the first attempt. */
export const RETRY_FOR_MS = 24 * 3_600_000;

const RETRY_BASE_MS = 30_000;
const RETRY_CAP_MS = 3_600_000;
const RETRY_FLOOR_MS = 5_000;

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Problems with a safe window given as API input; empty when it is valid. */
export function validateSafeWindow(w: unknown, field: string): { field: string; message: string }[] {
  if (typeof w !== 'object' || w === null || Array.isArray(w)) {
    return [{ field, message: `${field} must be an object with days, from and to` }];
  }
  const { days, from, to } = w as Record<string, unknown>;
  const problems: { field: string; message: string }[] = [];
  const problem = (name: string, message: string) => problems.push({ field: `${field}.${name}`, message: `${field}.${name} ${message}` });

  if (!Array.isArray(days) || days.length === 0) {
    problem('days', 'must be a non-empty array of ISO weekdays, 1 (Monday) to 7 (Sunday)');
  } else if (!days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
    problem('days', 'must contain only ISO weekdays, integers 1 (Monday) to 7 (Sunday)');
  } else if (new Set(days).size !== days.length) {
    problem('days', 'must not repeat a day');
  }
  const fromOk = typeof from === 'string' && TIME_OF_DAY.test(from);
  const toOk = typeof to === 'string' && TIME_OF_DAY.test(to);
  if (!fromOk) problem('from', 'must be a time of day as HH:mm (00:00-23:59)');
  if (!toOk) problem('to', 'must be a time of day as HH:mm (00:00-23:59)');
  if (fromOk && toOk && from >= to) problem('to', `must be later than ${field}.from on the same day`);
  return problems;
}

function assertValidWindow(window: SafeWindow): void {
  const problems = validateSafeWindow(window, 'window');
  if (problems.length > 0) throw new Error(`Invalid safe window: ${problems.map((p) => p.message).join('; ')}`);
}

function inLondon(at: Date): DateTime {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new Error('Expected a valid Date');
  return DateTime.fromJSDate(at, { zone: LONDON });
}

/** The London instant at local time `hhmm` on the London date of `day`. */
function atLocalTime(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/** Whether `at` falls inside the window; a null window allows any time. Throws on an invalid window. */
export function isWithinSafeWindow(at: Date, window: SafeWindow | null): boolean {
  const local = inLondon(at);
  if (window === null) return true;
  assertValidWindow(window);
  return (
    window.days.includes(local.weekday) &&
    local >= atLocalTime(local, window.from) &&
    local < atLocalTime(local, window.to)
  );
}

/** `at` itself when it is inside the window, otherwise the next opening: `from` London time on the next allowed day. */
export function nextSafeInstant(at: Date, window: SafeWindow | null): Date {
  if (window === null || isWithinSafeWindow(at, window)) return at;
  const local = inLondon(at);
  // Today's opening may still be ahead; otherwise an allowed day comes within the next 7.
  for (let offset = 0; offset <= 7; offset++) {
    const day = local.plus({ days: offset });
    const opening = atLocalTime(day, window.from);
    // On the day the clocks go forward a window inside the lost hour (01:00–02:00) never opens:
    // the wall-clock time does not exist, and luxon would move it past the window's end.
    if (window.days.includes(day.weekday) && opening > local && isWithinSafeWindow(opening.toJSDate(), window)) return opening.toJSDate();
  }
  throw new Error('Unreachable: a valid safe window opens within a week');
}

/** When the next update is due: `every` calendar or working days after `after`, at the same London wall-clock time. */
export function nextUpdateDue(after: Date, cadence: Cadence): Date {
  if (!Number.isInteger(cadence.every) || cadence.every < 1) {
    throw new Error(`Cadence must be a positive whole number of ${cadence.unit}, got ${cadence.every}`);
  }
  const local = inLondon(after);
  if (cadence.unit === 'days') return local.plus({ days: cadence.every }).toJSDate();
  if (cadence.unit !== 'workingDays') throw new Error(`Unknown cadence unit "${String(cadence.unit)}"`);
  const due = DateTime.fromISO(addWorkingDays(local.toISODate()!, cadence.every), { zone: LONDON });
  const { hour, minute, second, millisecond } = local;
  return due.set({ hour, minute, second, millisecond }).toJSDate();
}

/** Backoff before retry `attempt` (1-based): full jitter over 30 s × 2^(attempt − 1), capped at 1 hour, at least 5 s. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new Error(`Attempt must be a positive integer, got ${attempt}`);
  return Math.max(RETRY_FLOOR_MS, random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempt - 1)));
}

const DAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Monday to Saturday, 08:00 to 20:00" or "Monday, Wednesday, 18:00 to 19:30", for an officer. */
export function describeWindow(window: SafeWindow): string {
  const days = [...window.days].sort((a, b) => a - b);
  const consecutive = days.every((d, i) => i === 0 || d === days[i - 1] + 1);
  const dayText = days.length > 2 && consecutive ? `${DAY_NAMES[days[0]]} to ${DAY_NAMES[days.at(-1)!]}` : days.map((d) => DAY_NAMES[d]).join(', ');
  return `${dayText}, ${window.from} to ${window.to}`;
}
