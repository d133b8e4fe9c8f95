import { DateTime } from 'luxon';
import { type BankHolidayChanges, isLibraryBankHoliday } from './working-days.js';

const commaList = (value: string): string[] => value.split(',').map((part) => part.trim()).filter(Boolean);

const HOLIDAY = /^(\d{4}-\d{2}-\d{2})(?:\s*=\s*(.+))?$/;

/**
 * EXTRA_BANK_HOLIDAYS (`date` or `date=name`, comma-separated) and REMOVED_BANK_HOLIDAYS (dates).
 * Refused, naming the variable: a day that is not a real date, an extra day at a weekend, a removed
 * day date-holidays does not list, a day in both lists.
 */
export function readBankHolidayChanges(extraList: string, removedList: string): BankHolidayChanges {
  const read = (variable: string, value: string) =>
    commaList(value).map((item) => {
      const match = HOLIDAY.exec(item);
      const date = match ? DateTime.fromISO(match[1], { zone: 'utc' }) : null;
      if (!match || !date?.isValid) {
        throw new Error(`${variable} must be dates as YYYY-MM-DD separated by commas; "${item}" is not one`);
      }
      return { date: match[1], name: match[2]?.trim(), weekday: date.weekday };
    });
  const extra = read('EXTRA_BANK_HOLIDAYS', extraList);
  const removed = read('REMOVED_BANK_HOLIDAYS', removedList);
  const weekend = extra.find((day) => day.weekday > 5);
  if (weekend) throw new Error(`EXTRA_BANK_HOLIDAYS has ${weekend.date}, a weekend day, which is never a working day`);
  const unknown = removed.find((day) => day.name !== undefined || !isLibraryBankHoliday(day.date));
  if (unknown) throw new Error(`REMOVED_BANK_HOLIDAYS has ${unknown.date}, which is not a bank holiday in date-holidays (give dates only)`);
  const both = extra.find((day) => removed.some((r) => r.date === day.date));
  if (both) throw new Error(`${both.date} is in both EXTRA_BANK_HOLIDAYS and REMOVED_BANK_HOLIDAYS`);
  return {
    extra: extra.map((day) => ({ date: day.date, name: day.name || 'Extra bank holiday' })),
    removed: removed.map((day) => day.date),
  };
}
