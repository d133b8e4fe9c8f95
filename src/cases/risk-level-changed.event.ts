import type { RiskLevel } from '../risk/questionnaire.js';

/** A case's risk level before and after a re-assessment. */
export interface RiskChange {
  from: RiskLevel;
  to: RiskLevel;
}

/**
 * A re-assessment changed a case's risk level. Emitted by CaseIntakeService.reassess after the
 * change is committed, and awaited (src/case-journey/evidence-reviews.ts re-plans the update
 * cadence and the review interval); a listener's throw reaches the caller.
 */
export class RiskLevelChanged {
  static readonly event = 'case.risk-level-changed';
  constructor(
    readonly caseId: string,
    readonly change: RiskChange,
  ) {}
}
