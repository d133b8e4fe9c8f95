import type { RiskChange } from './case-intake.service.js';

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
