import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

/** Working days, bank holidays and SLA deadlines for England, reckoned in London local time. */
export const LONDON = 'Europe/London';

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'long', year: 'numeric' });

/** A date as letters and messages print it: "24 November 2026", London time. */
export function formatLondonDate(at: Date): string {
  return LONDON_DATE.format(at);
}

export interface BankHoliday {
  date: string;
  name: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

const englandAndWales = new Holidays('GB', 'ENG');
const bankHolidaysByYear = new Map<number, Map<string, string>>();

/**
 * Days that differ from the date-holidays release: a one-off bank holiday announced after it
 * (as 19 September 2022 was) or a day moved. Set once at start-up from EXTRA_BANK_HOLIDAYS and
 * REMOVED_BANK_HOLIDAYS (CalendarService), for every working-day calculation in the process.
 */
export interface BankHolidayChanges {
  extra: BankHoliday[];
  removed: string[];
}

let changes: BankHolidayChanges = { extra: [], removed: [] };

export function useBankHolidayChanges(next: BankHolidayChanges): void {
  changes = { extra: [...next.extra], removed: [...next.removed] };
  bankHolidaysByYear.clear();
}

/** The library's bank holidays of one year (gov.uk's list for England and Wales), by ISO date. */
function libraryBankHolidaysOf(year: number): Map<string, string> {
  const holidays = new Map<string, string>();
  for (const holiday of englandAndWales.getHolidays(year)) {
    const date = holiday.date.slice(0, 10); // "yyyy-mm-dd 00:00:00", already the local date
    if (holiday.type === 'public' && !isWeekend(date)) holidays.set(date, holiday.name);
  }
  return holidays;
}

/**
 * Bank holidays of one year, by ISO date: the library's, less the removed days, plus the extra
 * ones. date-holidays also lists Christmas Day, Boxing Day and New Year's Day when they fall at a
 * weekend, alongside the weekday substitute; those weekend entries are not bank holidays (gov.uk
 * lists only the substitute), so they are left out here.
 */
function bankHolidaysOf(year: number): Map<string, string> {
  let holidays = bankHolidaysByYear.get(year);
  if (!holidays) {
    holidays = libraryBankHolidaysOf(year);
    for (const date of changes.removed) holidays.delete(date);
    for (const extra of changes.extra) if (extra.date.startsWith(`${year}-`)) holidays.set(extra.date, extra.name);
    holidays = new Map([...holidays].sort(([a], [b]) => a.localeCompare(b)));
    bankHolidaysByYear.set(year, holidays);
  }
  return holidays;
}

/** Whether date-holidays itself lists `isoDate` as a bank holiday (before any change). */
export function isLibraryBankHoliday(isoDate: string): boolean {
  return libraryBankHolidaysOf(parseDate(isoDate).year).has(isoDate);
}

/** A year's bank holidays as they are counted, each with where it comes from, and the library's days removed. */
export function bankHolidaysOfYear(year: number): {
  year: number;
  bankHolidays: (BankHoliday & { source: 'library' | 'extra' })[];
  removed: BankHoliday[];
} {
  const library = libraryBankHolidaysOf(year);
  const extra = new Set(changes.extra.map((h) => h.date));
  return {
    year,
    bankHolidays: [...bankHolidaysOf(year)].map(([date, name]) => ({ date, name, source: extra.has(date) ? 'extra' as const : 'library' as const })),
    removed: changes.removed.filter((date) => library.has(date)).sort().map((date) => ({ date, name: library.get(date)! })),
  };
}

function parseDate(isoDate: string): DateTime {
  const date = ISO_DATE.test(isoDate) ? DateTime.fromISO(isoDate, { zone: 'utc' }) : null;
  if (!date?.isValid) throw new Error(`Expected a calendar date as yyyy-mm-dd, got "${isoDate}"`);
  return date;
}

/** Calendar arithmetic on dates already checked by parseDate: native UTC dates, many times cheaper than luxon on hot loops. */
function plusDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function isWeekend(isoDate: string): boolean {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The hour and minute of a close-of-business time "HH:mm"; throws if it is not one. */
export function parseCloseOfBusiness(closeOfBusiness: string): { hour: number; minute: number } {
  const match = TIME_OF_DAY.exec(closeOfBusiness);
  if (!match) throw new Error(`Close of business must be a time of day as HH:mm (00:00-23:59), got "${closeOfBusiness}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function assertWorkingDays(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`Working days must be a non-negative integer, got ${n}`);
}

function assertValidDate(at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new Error('Expected a valid Date');
}

export function isBankHoliday(isoDate: string): boolean {
  return bankHolidaysOf(parseDate(isoDate).year).has(isoDate);
}

/** Bank holidays from `fromIso` to `toIso`, both inclusive, in date order. */
export function bankHolidaysBetween(fromIso: string, toIso: string): BankHoliday[] {
  const from = parseDate(fromIso).year;
  const to = parseDate(toIso).year;
  const found: BankHoliday[] = [];
  for (let year = from; year <= to; year++) {
    for (const [date, name] of bankHolidaysOf(year)) {
      if (date >= fromIso && date <= toIso) found.push({ date, name });
    }
  }
  return found.sort((a, b) => a.date.localeCompare(b.date));
}

export function isWorkingDay(isoDate: string): boolean {
  return !isWeekend(isoDate) && !isBankHoliday(isoDate);
}

/** isWorkingDay for a date already checked: no parsing on the hot loops. */
function isCheckedWorkingDay(isoDate: string): boolean {
  return !isWeekend(isoDate) && !bankHolidaysOf(Number(isoDate.slice(0, 4))).has(isoDate);
}

/** The first working day strictly after `isoDate`. */
export function nextWorkingDay(isoDate: string): string {
  return nextCheckedWorkingDay(parseDate(isoDate).toISODate()!);
}

function nextCheckedWorkingDay(isoDate: string): string {
  let day = plusDays(isoDate, 1);
  while (!isCheckedWorkingDay(day)) day = plusDays(day, 1);
  return day;
}

/** The date `n` working days after `isoDate` (which need not be a working day); `n = 0` gives `isoDate`. */
export function addWorkingDays(isoDate: string, n: number): string {
  assertWorkingDays(n);
  let day = parseDate(isoDate).toISODate()!;
  for (let i = 0; i < n; i++) day = nextCheckedWorkingDay(day);
  return day;
}

/**
 * Working days after `fromIso` up to and including `toIso`, so that
 * `addWorkingDays(from, workingDaysBetween(from, to))` is `to` when `to` is a working day.
 * Negative when `toIso` is before `fromIso`, e.g. for counting how overdue something is.
 */
export function workingDaysBetween(fromIso: string, toIso: string): number {
  parseDate(toIso);
  parseDate(fromIso);
  if (toIso < fromIso) return -workingDaysBetween(toIso, fromIso);
  let count = 0;
  for (let day = plusDays(fromIso, 1); day <= toIso; day = plusDays(day, 1)) {
    if (isCheckedWorkingDay(day)) count++;
  }
  return count;
}

function closeOfBusinessOn(isoDate: string, closeOfBusiness: string): DateTime {
  const { hour, minute } = parseCloseOfBusiness(closeOfBusiness);
  const { year, month, day } = parseDate(isoDate);
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone: LONDON });
}

/**
 * The day a complaint counts as received: its London date if that is a working day and it arrived
 * before close of business, otherwise the next working day.
 */
export function dayOfReceipt(receivedAt: Date, closeOfBusiness: string): string {
  assertValidDate(receivedAt);
  parseCloseOfBusiness(closeOfBusiness);
  const local = DateTime.fromJSDate(receivedAt, { zone: LONDON });
  const date = local.toISODate()!;
  const beforeClose = local < closeOfBusinessOn(date, closeOfBusiness);
  return isWorkingDay(date) && beforeClose ? date : nextWorkingDay(date);
}

/** Close of business (London time) on the `workingDays`-th working day after the day of receipt. */
export function responseDeadline(
  receivedAt: Date,
  workingDays: number,
  closeOfBusiness: string,
): { receivedOn: string; dueOn: string; dueAt: Date } {
  assertWorkingDays(workingDays);
  const receivedOn = dayOfReceipt(receivedAt, closeOfBusiness);
  const dueOn = addWorkingDays(receivedOn, workingDays);
  return { receivedOn, dueOn, dueAt: closeOfBusinessOn(dueOn, closeOfBusiness).toJSDate() };
}

/** The same London time of day, `n` working days after `at` (reminders, reviews, referrals). */
export function addWorkingDaysAt(at: Date, n: number): Date {
  const london = DateTime.fromJSDate(at, { zone: LONDON });
  return DateTime.fromISO(addWorkingDays(london.toISODate()!, n), { zone: LONDON })
    .set({ hour: london.hour, minute: london.minute, second: london.second, millisecond: london.millisecond })
    .toJSDate();
}
