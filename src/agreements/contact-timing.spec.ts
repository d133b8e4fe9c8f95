import {
  describeWindow,
  DEFAULT_SAFE_WINDOW,
  isWithinSafeWindow,
  nextSafeInstant,
  nextUpdateDue,
  RETRY_FOR_MS,
  retryDelayMs,
  type SafeWindow,
  validateSafeWindow,
} from './contact-timing.js';

// Expected instants are worked out by hand from a calendar, not from the implementation.
// UK clocks: GMT (UTC+0) until 2026-03-29 01:00Z, BST (UTC+1) until 2026-10-25 01:00Z, then GMT.
// 2026-01-04 is a Sunday, 2026-01-05 a Monday; 2026-03-28 and 2026-10-24 are Saturdays;
// 2026-07-03 is a Friday. Bank holidays around Christmas 2026: Fri 25 and Mon 28 December.
const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

const EVENINGS: SafeWindow = { days: [1, 2, 3, 4, 5], from: '18:00', to: '19:30' };

describe('isWithinSafeWindow (default window, Monday-Saturday 08:00-20:00 London)', () => {
  it.each([
    ['Monday 08:00 GMT, from is inclusive', '2026-01-05T08:00:00.000Z', true],
    ['Monday 07:59:59.999 GMT', '2026-01-05T07:59:59.999Z', false],
    ['Monday 19:59:59.999 GMT', '2026-01-05T19:59:59.999Z', true],
    ['Monday 20:00 GMT, to is exclusive', '2026-01-05T20:00:00.000Z', false],
    ['Saturday midday', '2026-01-10T12:00:00.000Z', true],
    ['Sunday midday', '2026-01-04T12:00:00.000Z', false],
    ['summer 08:30 BST (07:30Z)', '2026-07-01T07:30:00.000Z', true],
    ['summer 07:59 BST (06:59Z)', '2026-07-01T06:59:00.000Z', false],
    ['summer 19:59 BST (18:59Z)', '2026-07-01T18:59:00.000Z', true],
    ['summer 20:00 BST (19:00Z)', '2026-07-01T19:00:00.000Z', false],
    ['Saturday 23:30Z is already Sunday 00:30 BST', '2026-07-04T23:30:00.000Z', false],
  ])('%s → %s', (_label, instant, expected) => {
    expect(isWithinSafeWindow(at(instant), DEFAULT_SAFE_WINDOW)).toBe(expected);
  });

  it('allows any time with a null window', () => {
    expect(isWithinSafeWindow(at('2026-01-04T03:00:00Z'), null)).toBe(true);
  });

  it('applies a custom window: weekdays 18:00-19:30', () => {
    expect(isWithinSafeWindow(at('2026-01-09T18:00:00Z'), EVENINGS)).toBe(true); // Friday
    expect(isWithinSafeWindow(at('2026-01-09T19:29:59Z'), EVENINGS)).toBe(true);
    expect(isWithinSafeWindow(at('2026-01-09T19:30:00Z'), EVENINGS)).toBe(false);
    expect(isWithinSafeWindow(at('2026-01-10T18:30:00Z'), EVENINGS)).toBe(false); // Saturday
  });

  it('rejects an invalid window or date', () => {
    expect(() => isWithinSafeWindow(at('2026-01-05T09:00:00Z'), { days: [1], from: '9:00', to: '17:00' })).toThrow(
      /window\.from/,
    );
    expect(() => isWithinSafeWindow(new Date(Number.NaN), DEFAULT_SAFE_WINDOW)).toThrow('valid Date');
  });
});

describe('nextSafeInstant', () => {
  it.each([
    ['Sunday midday → Monday 08:00', '2026-01-04T12:00:00.000Z', '2026-01-05T08:00:00.000Z'],
    ['Saturday 21:00 → Monday 08:00', '2026-01-10T21:00:00.000Z', '2026-01-12T08:00:00.000Z'],
    ['Tuesday 06:00 → Tuesday 08:00', '2026-01-06T06:00:00.000Z', '2026-01-06T08:00:00.000Z'],
    ['Tuesday 20:00 → Wednesday 08:00', '2026-01-06T20:00:00.000Z', '2026-01-07T08:00:00.000Z'],
    // Night before the spring change: Saturday 21:00 GMT; Monday 08:00 BST is 07:00Z.
    ['Sat 2026-03-28 21:00Z → Mon 08:00 BST', '2026-03-28T21:00:00.000Z', '2026-03-30T07:00:00.000Z'],
    ['Sun 2026-03-29 08:30 BST → Mon 08:00 BST', '2026-03-29T07:30:00.000Z', '2026-03-30T07:00:00.000Z'],
    // Night before the autumn change: Saturday 21:00 BST (20:00Z); Monday 08:00 GMT is 08:00Z.
    ['Sat 2026-10-24 21:00 BST → Mon 08:00 GMT', '2026-10-24T20:00:00.000Z', '2026-10-26T08:00:00.000Z'],
    ['Sat 2026-10-24 07:30 BST → same day 08:00 BST', '2026-10-24T06:30:00.000Z', '2026-10-24T07:00:00.000Z'],
    // Sunday 23:30Z in summer is Monday 00:30 BST, so the opening is that same London Monday.
    ['Sun 2026-07-05 23:30Z → Mon 08:00 BST', '2026-07-05T23:30:00.000Z', '2026-07-06T07:00:00.000Z'],
  ])('%s', (_label, instant, expected) => {
    expect(iso(nextSafeInstant(at(instant), DEFAULT_SAFE_WINDOW))).toBe(expected);
  });

  it('returns `at` itself when already inside the window', () => {
    const inside = at('2026-01-05T08:00:00Z');
    expect(nextSafeInstant(inside, DEFAULT_SAFE_WINDOW)).toBe(inside);
  });

  it('returns `at` itself for a null window', () => {
    const sundayNight = at('2026-01-04T23:00:00Z');
    expect(nextSafeInstant(sundayNight, null)).toBe(sundayNight);
  });

  it('finds the next opening of a custom weekday-evening window', () => {
    expect(iso(nextSafeInstant(at('2026-01-12T10:00:00Z'), EVENINGS))).toBe('2026-01-12T18:00:00.000Z'); // Mon
    expect(iso(nextSafeInstant(at('2026-01-09T19:30:00Z'), EVENINGS))).toBe('2026-01-12T18:00:00.000Z'); // Fri → Mon
    // Friday 19:30 BST (18:30Z) → Monday 18:00 BST (17:00Z).
    expect(iso(nextSafeInstant(at('2026-07-03T18:30:00Z'), EVENINGS))).toBe('2026-07-06T17:00:00.000Z');
  });

  it('waits a whole week for a one-day window that has just closed', () => {
    const sundays: SafeWindow = { days: [7], from: '10:00', to: '16:00' };
    expect(iso(nextSafeInstant(at('2026-01-04T16:00:00Z'), sundays))).toBe('2026-01-11T10:00:00.000Z');
  });

  it('skips a window inside the hour lost when the clocks go forward (found by the plan property test)', () => {
    // Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:19–02:00 never happens that day.
    const lostHour: SafeWindow = { days: [7], from: '01:19', to: '02:00' };
    const next = nextSafeInstant(at('2026-03-29T01:00:00Z'), lostHour);
    expect(iso(next)).toBe('2026-04-05T00:19:00.000Z'); // the next Sunday, 01:19 BST
    expect(isWithinSafeWindow(next, lostHour)).toBe(true);
  });

  it('throws for a window with no days', () => {
    expect(() => nextSafeInstant(at('2026-01-05T12:00:00Z'), { days: [], from: '08:00', to: '20:00' })).toThrow(
      /window\.days/,
    );
  });
});

describe('nextUpdateDue', () => {
  it('7 days across the March clock change keeps 10:00 London', () => {
    // Wed 25 March 10:00 GMT → Wed 1 April 10:00 BST (09:00Z).
    expect(iso(nextUpdateDue(at('2026-03-25T10:00:00Z'), { every: 7, unit: 'days' }))).toBe('2026-04-01T09:00:00.000Z');
  });

  it('1 day across the October clock change keeps 10:00 London', () => {
    // Sat 24 October 10:00 BST (09:00Z) → Sun 25 October 10:00 GMT.
    expect(iso(nextUpdateDue(at('2026-10-24T09:00:00Z'), { every: 1, unit: 'days' }))).toBe('2026-10-25T10:00:00.000Z');
  });

  it('5 working days across Christmas 2026 skips the weekend and both bank holidays', () => {
    // From Tue 22 Dec: Wed 23 (1), Thu 24 (2), [Fri 25 BH, Sat 26, Sun 27, Mon 28 BH], Tue 29 (3), Wed 30 (4), Thu 31 (5).
    expect(iso(nextUpdateDue(at('2026-12-22T10:00:00Z'), { every: 5, unit: 'workingDays' }))).toBe(
      '2026-12-31T10:00:00.000Z',
    );
  });

  it('working days across the March clock change keep the London wall-clock time', () => {
    // Fri 27 March 10:00 GMT + 1 working day → Mon 30 March 10:00 BST (09:00Z).
    expect(iso(nextUpdateDue(at('2026-03-27T10:00:00Z'), { every: 1, unit: 'workingDays' }))).toBe(
      '2026-03-30T09:00:00.000Z',
    );
  });

  it('counts working days from the London date, not the UTC date', () => {
    // Thu 2 July 23:30Z is Fri 3 July 00:30 BST; 1 working day later is Mon 6 July 00:30 BST (Sun 23:30Z).
    expect(iso(nextUpdateDue(at('2026-07-02T23:30:00Z'), { every: 1, unit: 'workingDays' }))).toBe(
      '2026-07-05T23:30:00.000Z',
    );
  });

  it('rejects a cadence that is not a positive whole number', () => {
    expect(() => nextUpdateDue(at('2026-01-05T10:00:00Z'), { every: 0, unit: 'days' })).toThrow();
    expect(() => nextUpdateDue(at('2026-01-05T10:00:00Z'), { every: 1.5, unit: 'workingDays' })).toThrow();
  });
});

describe('retryDelayMs', () => {
  it.each([
    // attempt, ceiling = min(1 h, 30 s × 2^(attempt-1))
    [1, 30_000],
    [2, 60_000],
    [8, 3_600_000], // 30 s × 128 = 3 840 s, capped at 1 h
    [20, 3_600_000],
  ])('attempt %i: never below 5 s, at most %i ms', (attempt, ceiling) => {
    expect(retryDelayMs(attempt, () => 0)).toBe(5_000);
    expect(retryDelayMs(attempt, () => 0.999)).toBeCloseTo(0.999 * ceiling, 6);
    expect(retryDelayMs(attempt, () => 0.999)).toBeLessThan(ceiling);
  });

  it('spreads the delay over the whole range (full jitter)', () => {
    expect(retryDelayMs(3, () => 0.5)).toBe(60_000); // half of 120 s
    expect(retryDelayMs(7, () => 0.5)).toBe(960_000); // half of 1 920 s, below the cap
  });

  it('stays within bounds with the default random source', () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      const delay = retryDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(5_000);
      expect(delay).toBeLessThanOrEqual(3_600_000);
    }
  });

  it('rejects attempts that are not positive integers', () => {
    expect(() => retryDelayMs(0)).toThrow();
    expect(() => retryDelayMs(1.5)).toThrow();
  });

  it('retries temporary failures for 24 hours', () => {
    expect(RETRY_FOR_MS).toBe(86_400_000);
  });
});

describe('validateSafeWindow', () => {
  const fieldsOf = (w: unknown) => validateSafeWindow(w, 'safeWindow').map((p) => p.field);

  it('accepts the default window and a custom one', () => {
    expect(validateSafeWindow(DEFAULT_SAFE_WINDOW, 'safeWindow')).toEqual([]);
    expect(validateSafeWindow(EVENINGS, 'safeWindow')).toEqual([]);
    expect(validateSafeWindow({ days: [7], from: '00:00', to: '23:59' }, 'safeWindow')).toEqual([]);
  });

  it.each([null, 'weekdays', [1, 2], 42])('rejects a non-object %p', (value) => {
    expect(fieldsOf(value)).toEqual(['safeWindow']);
  });

  it.each([
    ['missing', undefined],
    ['empty', []],
    ['zero', [0, 1]],
    ['eight', [1, 8]],
    ['fraction', [1.5]],
    ['string', ['1']],
    ['repeated', [1, 2, 1]],
  ])('rejects days that are %s', (_label, days) => {
    expect(fieldsOf({ days, from: '08:00', to: '20:00' })).toEqual(['safeWindow.days']);
  });

  it.each(['8:00', '24:00', '12:60', '12:00:00', '', 800])('rejects the time %p', (time) => {
    expect(fieldsOf({ days: [1], from: time, to: '23:00' })).toEqual(['safeWindow.from']);
    expect(fieldsOf({ days: [1], from: '00:00', to: time })).toEqual(['safeWindow.to']);
  });

  it('requires from to be before to on the same day', () => {
    expect(fieldsOf({ days: [1], from: '20:00', to: '08:00' })).toEqual(['safeWindow.to']);
    expect(fieldsOf({ days: [1], from: '09:00', to: '09:00' })).toEqual(['safeWindow.to']);
  });

  it('reports every problem at once, each message naming its field', () => {
    const problems = validateSafeWindow({}, 'safeWindow');
    expect(problems.map((p) => p.field)).toEqual(['safeWindow.days', 'safeWindow.from', 'safeWindow.to']);
    for (const { field, message } of problems) expect(message).toContain(field);
  });
});

describe('describeWindow', () => {
  it('reads as an officer would say it', () => {
    expect(describeWindow({ days: [1, 2, 3, 4, 5, 6], from: '08:00', to: '20:00' })).toBe('Monday to Saturday, 08:00 to 20:00');
    expect(describeWindow({ days: [3, 1], from: '18:00', to: '19:30' })).toBe('Monday, Wednesday, 18:00 to 19:30');
  });
});
