import { nextEvidenceReview } from './review-timing.js';

const interval = { workingDays: 10, highRiskDays: 14 };

describe('evidence review timing', () => {
  it('comes 10 working days on, skipping weekends and bank holidays', () => {
    // Monday 14 December 2026 + 10 working days: 25, 26 (Sat), 28 (substitute Boxing Day) are not working days.
    expect(nextEvidenceReview(new Date('2026-12-14T10:00:00Z'), 'standard', interval).toISOString()).toBe('2026-12-30T10:00:00.000Z');
  });

  it('comes 14 calendar days on for a high-risk case, at the same London time across the clock change', () => {
    expect(nextEvidenceReview(new Date('2026-03-20T10:00:00Z'), 'high', interval).toISOString()).toBe('2026-04-03T09:00:00.000Z');
  });
});
