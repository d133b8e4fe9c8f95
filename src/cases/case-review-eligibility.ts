export interface QualifyingComplaint {
  incidentId: string;
  caseId: string;
  caseReference: string;
  reportedAt: Date;
  hateMotivated: boolean;
}

export interface CaseReviewThreshold {
  complaints: number;
  hateComplaints: number;
  windowMonths: number;
}

/**
 * The ASB Case Review threshold: enough complaints about the same problem within the window,
 * or fewer when one of them was hate-motivated.
 */
export function isEligibleForCaseReview(complaints: QualifyingComplaint[], threshold: CaseReviewThreshold): boolean {
  const needed = complaints.some((c) => c.hateMotivated) ? Math.min(threshold.hateComplaints, threshold.complaints) : threshold.complaints;
  return complaints.length >= needed;
}
