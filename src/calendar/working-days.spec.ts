import { Test } from '@nestjs/testing';
import { CalendarModule } from './calendar.module.js';
import { CalendarService } from './calendar.service.js';
import {
  addWorkingDaysAt,
  addWorkingDays,
  bankHolidaysBetween,
  bankHolidaysOfYear,
  useBankHolidayChanges,
  dayOfReceipt,
  isBankHoliday,
  isWorkingDay,
  nextWorkingDay,
  responseDeadline,
  workingDaysBetween,
} from './working-days.js';

// Expected values below are worked out by hand from the gov.uk bank holiday list and a calendar,
// not taken from the implementation. UK clocks: BST 2026-03-29 to 2026-10-25, from 2027-03-28.
const at = (iso: string) => new Date(iso);

// England and Wales bank holidays as published on gov.uk.
const BANK_HOLIDAYS_2026_2027 = [
  ['2026-01-01', "New Year's Day"],
  ['2026-04-03', 'Good Friday'],
  ['2026-04-06', 'Easter Monday'],
  ['2026-05-04', 'Early May bank holiday'],
  ['2026-05-25', 'Spring bank holiday'],
  ['2026-08-31', 'Summer bank holiday'],
  ['2026-12-25', 'Christmas Day'],
  ['2026-12-28', 'Boxing Day (substitute day)'],
  ['2027-01-01', "New Year's Day"],
  ['2027-03-26', 'Good Friday'],
  ['2027-03-29', 'Easter Monday'],
  ['2027-05-03', 'Early May bank holiday'],
  ['2027-05-31', 'Spring bank holiday'],
  ['2027-08-30', 'Summer bank holiday'],
  ['2027-12-27', 'Christmas Day (substitute day)'],
  ['2027-12-28', 'Boxing Day (substitute day)'],
] as const;

describe('bank holidays', () => {
  it.each(BANK_HOLIDAYS_2026_2027)('%s (%s) is a bank holiday and not a working day', (date) => {
    expect(isBankHoliday(date)).toBe(true);
    expect(isWorkingDay(date)).toBe(false);
  });

  it('lists exactly the gov.uk bank holidays for 2026 and 2027, in order', () => {
    expect(bankHolidaysBetween('2026-01-01', '2027-12-31')).toEqual(
      BANK_HOLIDAYS_2026_2027.map(([date, name]) => ({ date, name })),
    );
  });

  it('includes both ends of the range', () => {
    expect(bankHolidaysBetween('2026-12-25', '2027-01-01').map((h) => h.date)).toEqual(['2026-12-25', '2026-12-28', '2027-01-01']);
    expect(bankHolidaysBetween('2026-12-26', '2026-12-27')).toEqual([]);
  });

  it.each(['2026-12-26', '2027-12-25', '2027-12-26'])(
    'does not count %s, a Christmas holiday falling at a weekend, as a bank holiday (its substitute is)',
    (date) => {
      expect(isBankHoliday(date)).toBe(false);
      expect(isWorkingDay(date)).toBe(false);
    },
  );

  it.each([
    ['2026-04-05', 'Easter Sunday'],
    ['2026-03-15', "Mother's Day"],
    ['2026-06-21', "Father's Day"],
  ])('ignores observances such as %s (%s)', (date) => expect(isBankHoliday(date)).toBe(false));

  it('knows the 2028 New Year substitute (1 Jan is a Saturday)', () => {
    expect(isBankHoliday('2028-01-03')).toBe(true);
    expect(isBankHoliday('2028-01-01')).toBe(false);
  });
});

describe('working days', () => {
  it.each([
    ['2026-11-21', false], // Saturday
    ['2026-11-22', false], // Sunday
    ['2026-11-23', true], // Monday
    ['2026-11-27', true], // Friday
    ['2026-04-02', true], // Thursday before Good Friday
    ['2026-04-07', true], // Tuesday after Easter Monday
    ['2026-12-24', true],
    ['2026-12-29', true],
  ])('%s is a working day: %s', (date, working) => expect(isWorkingDay(date)).toBe(working));

  it.each([
    ['2026-11-20', '2026-11-23'], // Friday to Monday
    ['2026-11-23', '2026-11-24'],
    ['2026-04-02', '2026-04-07'], // over Easter
    ['2026-12-24', '2026-12-29'], // over Christmas and the Boxing Day substitute
    ['2026-12-31', '2027-01-04'], // over New Year's Day (Friday)
    ['2027-12-24', '2027-12-29'], // over both 2027 substitutes
    ['2026-11-21', '2026-11-23'], // from a weekend day
  ])('the next working day after %s is %s', (date, next) => expect(nextWorkingDay(date)).toBe(next));

  it.each([
    ['2026-11-23', 0, '2026-11-23'],
    ['2026-11-22', 0, '2026-11-22'],
    ['2026-11-23', 5, '2026-11-30'],
    ['2026-12-23', 5, '2027-01-04'],
    ['2026-08-28', 1, '2026-09-01'], // Friday, then the summer bank holiday Monday
    ['2027-05-28', 1, '2027-06-01'], // Friday, then the spring bank holiday Monday
    ['2027-04-30', 1, '2027-05-04'], // Friday, then the early May bank holiday Monday
    ['2027-03-25', 2, '2027-03-31'],
  ])('%s plus %i working days is %s', (date, n, expected) => expect(addWorkingDays(date, n)).toBe(expected));

  it.each([-1, 1.5, Number.NaN])('refuses %p working days', (n) => {
    expect(() => addWorkingDays('2026-11-23', n)).toThrow(/non-negative integer/);
  });

  it.each(['2026-02-30', '26-11-23', '2026-11-23T10:00', ''])('refuses the date %p', (date) => {
    expect(() => isWorkingDay(date)).toThrow(/yyyy-mm-dd/);
  });

  it('counts working days after one date up to and including another', () => {
    expect(workingDaysBetween('2026-12-23', '2027-01-04')).toBe(5);
    expect(workingDaysBetween('2027-01-04', '2026-12-23')).toBe(-5);
    expect(workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(workingDaysBetween('2026-11-20', '2026-11-22')).toBe(0);
    // 2026 has 261 weekdays (52 weeks plus Thursday 1 Jan) and 8 bank holidays, all on weekdays.
    expect(workingDaysBetween('2026-01-01', '2026-12-31')).toBe(261 - 8);
  });
});

describe('day of receipt', () => {
  it.each([
    ['before close of business on a working day', '2026-11-23T10:00:00Z', '2026-11-23'],
    ['one millisecond before close', '2026-11-23T16:59:59.999Z', '2026-11-23'],
    ['exactly at close of business', '2026-11-23T17:00:00Z', '2026-11-24'],
    ['after close of business', '2026-11-23T18:00:00Z', '2026-11-24'],
    ['on Friday evening', '2026-11-20T18:00:00Z', '2026-11-23'],
    ['on a Saturday', '2026-11-21T10:00:00Z', '2026-11-23'],
    ['on a Sunday', '2026-11-22T10:00:00Z', '2026-11-23'],
    ['on a bank holiday', '2026-08-31T09:00:00Z', '2026-09-01'], // 10:00 BST
    ['on Christmas Eve evening', '2026-12-24T17:30:00Z', '2026-12-29'],
    ['at 16:30 London in BST (15:30Z)', '2026-07-15T15:30:00Z', '2026-07-15'],
    ['at 17:30 London in BST (16:30Z)', '2026-07-15T16:30:00Z', '2026-07-16'],
    ['at 16:30Z in GMT, which is 16:30 London', '2026-11-25T16:30:00Z', '2026-11-25'],
    ['just after midnight London in BST, still the previous day in UTC', '2026-07-15T23:30:00Z', '2026-07-16'],
  ])('counts a complaint received %s (%s) as received on %s', (_, receivedAt, expected) => {
    expect(dayOfReceipt(at(receivedAt), '17:00')).toBe(expected);
  });

  it('honours a custom close of business', () => {
    expect(dayOfReceipt(at('2026-11-23T16:29:00Z'), '16:30')).toBe('2026-11-23');
    expect(dayOfReceipt(at('2026-11-23T16:30:00Z'), '16:30')).toBe('2026-11-24');
    expect(dayOfReceipt(at('2026-07-15T15:29:00Z'), '16:30')).toBe('2026-07-15'); // 16:29 BST
    expect(dayOfReceipt(at('2026-07-15T15:30:00Z'), '16:30')).toBe('2026-07-16'); // 16:30 BST
  });

  it.each(['5pm', '17', '7:00', '24:00', '17:60', '17:00:00', ''])('refuses the close of business %p', (closeOfBusiness) => {
    expect(() => dayOfReceipt(at('2026-11-23T10:00:00Z'), closeOfBusiness)).toThrow(/HH:mm/);
    expect(() => responseDeadline(at('2026-11-23T10:00:00Z'), 1, closeOfBusiness)).toThrow(/HH:mm/);
  });

  it('refuses an invalid Date', () => {
    expect(() => dayOfReceipt(new Date('not a date'), '17:00')).toThrow(/valid Date/);
  });
});

describe('response deadline', () => {
  it.each([
    ['Monday 10:00, 1 day', '2026-11-23T10:00:00Z', 1, '2026-11-23', '2026-11-24T17:00:00.000Z'],
    ['Friday 18:00, 1 day', '2026-11-20T18:00:00Z', 1, '2026-11-23', '2026-11-24T17:00:00.000Z'],
    ['Monday 10:00, 5 days', '2026-11-23T10:00:00Z', 5, '2026-11-23', '2026-11-30T17:00:00.000Z'],
    // 24 Dec (1), 25 Dec and 28 Dec bank holidays, 29 (2), 30 (3), 31 (4), 1 Jan bank holiday, 4 Jan (5).
    ['Wednesday 23 Dec 2026 14:00, 5 days', '2026-12-23T14:00:00Z', 5, '2026-12-23', '2027-01-04T17:00:00.000Z'],
    ['Christmas Eve 2027, 1 day', '2027-12-24T10:00:00Z', 1, '2027-12-24', '2027-12-29T17:00:00.000Z'],
    // Thursday before Easter 2026 (BST): Good Friday and Easter Monday skipped; 17:00 BST = 16:00Z.
    ['Thursday before Good Friday 2026, 1 day', '2026-04-02T09:00:00Z', 1, '2026-04-02', '2026-04-07T16:00:00.000Z'],
    // Weekend receipt: day of receipt is Monday, and the first working day counted is Tuesday.
    ['Saturday, 1 day', '2026-11-21T10:00:00Z', 1, '2026-11-23', '2026-11-24T17:00:00.000Z'],
    ['bank holiday Monday, 1 day', '2026-08-31T09:00:00Z', 1, '2026-09-01', '2026-09-02T16:00:00.000Z'],
    ['Monday 10:00, 0 days', '2026-11-23T10:00:00Z', 0, '2026-11-23', '2026-11-23T17:00:00.000Z'],
  ])('%s', (_, receivedAt, days, receivedOn, dueAt) => {
    const deadline = responseDeadline(at(receivedAt), days, '17:00');
    expect(deadline.receivedOn).toBe(receivedOn);
    expect(deadline.dueAt.toISOString()).toBe(dueAt);
  });

  describe('across clock changes', () => {
    it('is 17:00Z when the deadline falls after BST ends (Sunday 25 Oct 2026)', () => {
      // Friday 23 Oct 10:00 BST; due Monday 26 Oct 17:00 GMT.
      const { dueOn, dueAt } = responseDeadline(at('2026-10-23T09:00:00Z'), 1, '17:00');
      expect(dueOn).toBe('2026-10-26');
      expect(dueAt.toISOString()).toBe('2026-10-26T17:00:00.000Z');
    });

    it('is 16:00Z when the deadline falls before BST ends', () => {
      // Thursday 22 Oct 10:00 BST; due Friday 23 Oct 17:00 BST.
      const { dueAt } = responseDeadline(at('2026-10-22T09:00:00Z'), 1, '17:00');
      expect(dueAt.toISOString()).toBe('2026-10-23T16:00:00.000Z');
    });

    it('is 16:00Z when received in GMT and due after BST starts (Sunday 29 Mar 2026)', () => {
      // Friday 27 Mar 10:00 GMT; due Monday 30 Mar 17:00 BST.
      const { dueAt } = responseDeadline(at('2026-03-27T10:00:00Z'), 1, '17:00');
      expect(dueAt.toISOString()).toBe('2026-03-30T16:00:00.000Z');
    });

    it('handles Easter 2027 and the start of BST in the same weekend', () => {
      // Thursday 25 Mar 2027 17:30 GMT, after close: next working day is Tuesday 30 Mar (after Good
      // Friday, the weekend and Easter Monday); 1 day on is Wednesday 31 Mar, 17:00 BST.
      const deadline = responseDeadline(at('2027-03-25T17:30:00Z'), 1, '17:00');
      expect(deadline.receivedOn).toBe('2027-03-30');
      expect(deadline.dueAt.toISOString()).toBe('2027-03-31T16:00:00.000Z');
    });
  });

  it('uses a custom close of business for the deadline too', () => {
    const deadline = responseDeadline(at('2026-07-15T15:45:00Z'), 1, '16:30'); // 16:45 BST, after close
    expect(deadline.receivedOn).toBe('2026-07-16');
    expect(deadline.dueAt.toISOString()).toBe('2026-07-17T15:30:00.000Z');
  });

  it.each([-1, 2.5])('refuses %p working days', (days) => {
    expect(() => responseDeadline(at('2026-11-23T10:00:00Z'), days, '17:00')).toThrow(/non-negative integer/);
  });
});

describe('CalendarService', () => {
  const policy = { closeOfBusiness: '17:00', highRiskWorkingDays: 1, standardWorkingDays: 5 };

  async function service(p = policy): Promise<CalendarService> {
    const moduleRef = await Test.createTestingModule({ imports: [CalendarModule.register(p)] }).compile();
    return moduleRef.get(CalendarService);
  }

  it('gives high risk cases 1 working day and others 5', async () => {
    const calendar = await service();
    const receivedAt = at('2026-11-23T10:00:00Z');
    expect(calendar.responseDeadline(receivedAt, 'high').dueAt.toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(calendar.responseDeadline(receivedAt, 'medium').dueAt.toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(calendar.responseDeadline(receivedAt, 'standard').dueAt.toISOString()).toBe('2026-11-30T17:00:00.000Z');
  });

  it('takes the close of business and day counts from its policy', async () => {
    const calendar = await service({ closeOfBusiness: '16:30', highRiskWorkingDays: 2, standardWorkingDays: 10 });
    const receivedAt = at('2026-11-23T16:45:00Z'); // after 16:30, so received Tuesday 24th
    expect(calendar.responseDeadline(receivedAt, 'high')).toEqual({
      receivedOn: '2026-11-24',
      dueOn: '2026-11-26',
      dueAt: at('2026-11-26T16:30:00Z'),
    });
    expect(calendar.responseDeadline(receivedAt, 'standard').dueOn).toBe('2026-12-08');
  });

  it('passes through working day checks', async () => {
    const calendar = await service();
    expect(calendar.isWorkingDay('2026-12-28')).toBe(false);
    expect(calendar.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
  });

  it('refuses an invalid policy when it is created', async () => {
    await expect(service({ ...policy, closeOfBusiness: '5pm' })).rejects.toThrow(/HH:mm/);
    await expect(service({ ...policy, standardWorkingDays: -1 })).rejects.toThrow(/non-negative integer/);
  });
});

describe('addWorkingDaysAt', () => {
  it('keeps the London time of day across weekends, bank holidays and the clock change', () => {
    // Thursday 24 December 2026, 10:30 GMT: Friday 25 and Monday 28 (substitute Boxing Day) are holidays.
    expect(addWorkingDaysAt(new Date('2026-12-24T10:30:00Z'), 1).toISOString()).toBe('2026-12-29T10:30:00.000Z');
    // Friday 27 March 2026, 09:00 GMT (09:00 London) → Monday 30 March, 09:00 London = 08:00 UTC.
    expect(addWorkingDaysAt(new Date('2026-03-27T09:00:00Z'), 1).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });
});

describe('one-off bank holiday changes (issue 12 item 13)', () => {
  afterEach(() => useBankHolidayChanges({ extra: [], removed: [] }));

  it('skips an extra day and counts a removed one in every working-day calculation', () => {
    // Friday 12 June 2026 + 1 working day is Monday 15 June, until 15 June is a bank holiday.
    expect(addWorkingDays('2026-06-12', 1)).toBe('2026-06-15');
    useBankHolidayChanges({ extra: [{ date: '2026-06-15', name: 'Partnership day' }], removed: ['2026-08-31'] });
    expect(isWorkingDay('2026-06-15')).toBe(false);
    expect(addWorkingDays('2026-06-12', 1)).toBe('2026-06-16');
    expect(workingDaysBetween('2026-06-12', '2026-06-16')).toBe(1);
    // Received Friday 12 June 2026 at 10:00 London, 1 working day: close of business Tuesday 16 June.
    expect(responseDeadline(at('2026-06-12T09:00:00Z'), 1, '17:00').dueOn).toBe('2026-06-16');
    // Summer bank holiday 2026 (Monday 31 August) removed: a working day again.
    expect(isWorkingDay('2026-08-31')).toBe(true);
    expect(addWorkingDays('2026-08-28', 1)).toBe('2026-08-31');
  });

  it('lists a year with each day’s source, and the days removed', () => {
    useBankHolidayChanges({ extra: [{ date: '2026-06-15', name: 'Partnership day' }], removed: ['2026-08-31'] });
    const year = bankHolidaysOfYear(2026);
    expect(year.bankHolidays).toContainEqual({ date: '2026-06-15', name: 'Partnership day', source: 'extra' });
    expect(year.bankHolidays).toContainEqual({ date: '2026-12-25', name: 'Christmas Day', source: 'library' });
    expect(year.bankHolidays.map((h) => h.date)).not.toContain('2026-08-31');
    expect(year.bankHolidays.map((h) => h.date)).toEqual([...year.bankHolidays.map((h) => h.date)].sort());
    expect(year.removed).toEqual([{ date: '2026-08-31', name: 'Summer bank holiday' }]);
    expect(bankHolidaysOfYear(2027).removed).toEqual([]);
  });
});
