import fc from 'fast-check';
import { DateTime } from 'luxon';
import { bankHolidaysBetween, LONDON } from '../calendar/working-days.js';
import { CONTACT_CHANNELS, type ContactChannel } from './contact-channels.js';
import { failoverChannel, planContact, planFirstContacts, type PlanningTerms, windowFor } from './contact-plan.js';
import { isWithinSafeWindow, nextUpdateDue, type SafeWindow, validateSafeWindow } from './contact-timing.js';

/**
 * Issue 11, "victim safety first", as properties of the pure planning functions the planner,
 * failover and officer updates all use (test/agreement-first.e2e-spec.ts checks the service
 * plans with these same functions): over random agreements, clocks and purposes, every contact
 * planned is on an agreed channel, inside its safe window, never a letter unless letters may
 * go home, and nothing at all is planned before an agreement exists.
 */

const RUNS = 10_000;
const HOUR = 3_600_000;

// Instants around which the calendar is awkward: UK clock changes and E&W bank holidays.
const CLOCK_CHANGES = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z', '2028-03-26T01:00:00Z', '2028-10-29T01:00:00Z'];
const BANK_HOLIDAYS = bankHolidaysBetween('2026-01-01', '2028-12-31').map((h) => DateTime.fromISO(`${h.date}T12:00`, { zone: LONDON }).toUTC().toISO()!);
const AWKWARD = [...CLOCK_CHANGES, ...BANK_HOLIDAYS].map((iso) => Date.parse(iso));

const instant = fc.oneof(
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }).map((ms) => new Date(ms)),
  fc.tuple(fc.constantFrom(...AWKWARD), fc.integer({ min: -72 * HOUR, max: 72 * HOUR })).map(([at, offset]) => new Date(at + offset)),
);

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Only windows the API accepts: some days, and a `from` before `to` (it opens). */
const safeWindow: fc.Arbitrary<SafeWindow> = fc
  .record({
    days: fc.shuffledSubarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
    from: fc.integer({ min: 0, max: 23 * 60 + 58 }),
    length: fc.integer({ min: 1, max: 24 * 60 }),
  })
  .map(({ days, from, length }) => ({ days, from: hhmm(from), to: hhmm(Math.min(from + length, 23 * 60 + 59)) }));

const agreement: fc.Arbitrary<PlanningTerms & { discreet: boolean }> = fc.record({
  channels: fc.shuffledSubarray([...CONTACT_CHANNELS], { minLength: 1 }),
  safeWindows: fc.record(
    { sms: safeWindow, phone: safeWindow, email: safeWindow, in_person: safeWindow },
    { requiredKeys: [] },
  ),
  lettersToHome: fc.boolean(),
  cadenceEvery: fc.integer({ min: 1, max: 90 }),
  cadenceUnit: fc.constantFrom('days' as const, 'workingDays' as const),
  discreet: fc.boolean(),
});

const purpose = fc.constantFrom(
  'acknowledgement', 'spoc_introduction', 'update', 'holding_update', 'satisfaction_survey', 'court_hearing',
  'action_plan', 'case_review_information', 'witness_service_referral', 'special_measures', 'case_closure', 'diary_sheet_cover',
);

/** What must hold of any one contact planned under `terms`. */
function expectSafe(terms: PlanningTerms, planned: { channel: ContactChannel; dueAt: Date }, notBefore: Date): void {
  expect(terms.channels).toContain(planned.channel);
  if (!terms.lettersToHome) expect(planned.channel).not.toBe('letter');
  expect(isWithinSafeWindow(planned.dueAt, windowFor(terms, planned.channel))).toBe(true);
  expect(planned.dueAt.getTime()).toBeGreaterThanOrEqual(notBefore.getTime());
}

describe('the contact plan keeps to the agreement (property)', () => {
  it('generates only windows the API accepts', () => {
    fc.assert(fc.property(safeWindow, (w) => validateSafeWindow(w, 'w').length === 0), { numRuns: 500 });
  });

  it(`plans every message on an agreed channel inside its safe window, and nothing without an agreement (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.option(agreement, { freq: 5 }), instant, purpose, fc.option(fc.constantFrom(...CONTACT_CHANNELS)), (terms, now, why, preferred) => {
        const planned = planContact(terms, now, why, preferred ?? undefined);
        if (!terms) {
          expect(planned).toBeNull();
          return;
        }
        const usable = terms.channels.filter((c) => c !== 'letter' || terms.lettersToHome);
        if (usable.length === 0) {
          expect(planned).toBeNull();
          return;
        }
        expect(planned).not.toBeNull();
        const notBefore = why === 'update' ? nextUpdateDue(now, { every: terms.cadenceEvery, unit: terms.cadenceUnit }) : now;
        expectSafe(terms, planned!, notBefore);
        if (preferred && usable.includes(preferred)) expect(planned!.channel).toBe(preferred);
        else expect(planned!.channel).toBe(usable[0]);
        // The first safe time, not some later one: a window opens within a week.
        expect(planned!.dueAt.getTime() - notBefore.getTime()).toBeLessThanOrEqual(8 * 24 * HOUR);
      }),
      { numRuns: RUNS },
    );
  });

  it('plans the acknowledgement, then the introduction on the same channel, then the first update; nothing before an agreement', () => {
    fc.assert(
      fc.property(fc.option(agreement, { freq: 5 }), instant, (terms, now) => {
        const planned = planFirstContacts(terms, now);
        if (!terms || terms.channels.every((c) => c === 'letter' && !terms.lettersToHome)) {
          expect(planned).toEqual([]);
          return;
        }
        expect(planned.map((k) => k.purpose)).toEqual(['acknowledgement', 'spoc_introduction', 'update']);
        const [ack, intro] = planned;
        for (const k of planned) expectSafe(terms, k, now);
        expect(intro.channel).toBe(ack.channel);
        expect(intro.dueAt.getTime()).toBeGreaterThan(ack.dueAt.getTime());
      }),
      { numRuns: 1_000 },
    );
  });

  it('fails over only to an agreed channel not yet tried, and to nothing once they are all tried', () => {
    fc.assert(
      fc.property(fc.option(agreement, { freq: 5 }), fc.subarray([...CONTACT_CHANNELS]), (terms, tried) => {
        const next = failoverChannel(terms, new Set(tried));
        if (!terms) return expect(next).toBeNull();
        const left = terms.channels.filter((c) => !tried.includes(c) && (c !== 'letter' || terms.lettersToHome));
        expect(next).toBe(left[0] ?? null);
      }),
      { numRuns: 2_000 },
    );
  });
});
