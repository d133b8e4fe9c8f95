/**
 * The case-history and open-case-lock helpers, kept under their old name for the slices that
 * still import them from here. Their SQL lives in cases.repository.ts; new code injects
 * CasesRepository and calls `addEvent` / `lockOpen` instead.
 */
export { addCaseEvent, lockOpenCase } from './cases.repository.js';
