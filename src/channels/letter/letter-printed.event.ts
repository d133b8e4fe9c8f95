import type { EntityManager } from 'typeorm';

/**
 * A waiting letter went into a print run. Emitted by LetterPost.runPrintBatch inside the run's
 * transaction (`db`) and awaited: the contact log (in src/contacts, a layer above channels) marks
 * the letter's contact `sent` there, so the run and the contact commit together or not at all.
 */
export class LetterPrinted {
  static readonly event = 'letter.printed';
  constructor(
    readonly contactId: string,
    readonly printBatchId: string,
    readonly db: EntityManager,
  ) {}
}
