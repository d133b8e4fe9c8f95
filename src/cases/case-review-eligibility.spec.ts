import { isEligibleForCaseReview, type QualifyingComplaint } from './case-review-eligibility.js';

const complaint = (hateMotivated = false): QualifyingComplaint => ({
  incidentId: 'i', caseId: 'c', caseReference: 'ASB-2026-000001', reportedAt: new Date('2026-11-01T10:00:00Z'), hateMotivated,
});
const threshold = { complaints: 3, hateComplaints: 1, windowMonths: 6 };

describe('ASB Case Review eligibility', () => {
  it('needs three complaints about the same problem', () => {
    expect(isEligibleForCaseReview([complaint(), complaint()], threshold)).toBe(false);
    expect(isEligibleForCaseReview([complaint(), complaint(), complaint()], threshold)).toBe(true);
  });

  it('needs only one when a complaint was hate-motivated', () => {
    expect(isEligibleForCaseReview([complaint(true)], threshold)).toBe(true);
    expect(isEligibleForCaseReview([], threshold)).toBe(false);
  });

  it('follows a local threshold', () => {
    expect(isEligibleForCaseReview([complaint(), complaint(), complaint()], { ...threshold, complaints: 4 })).toBe(false);
    expect(isEligibleForCaseReview([complaint(true)], { ...threshold, hateComplaints: 2 })).toBe(false);
    expect(isEligibleForCaseReview([complaint(true), complaint()], { ...threshold, hateComplaints: 2 })).toBe(true);
  });
});
