import type { EntityManager } from 'typeorm';
import type { Contact } from './contact.entity.js';

/**
 * A contact has failed for good. Emitted by ContactLog.transition inside the transaction that
 * failed it (`db`) and awaited, so whatever it starts (failover: src/agreements/contact-failover.ts)
 * commits with the failure or not at all; a listener's throw reaches the caller.
 */
export class ContactFailed {
  static readonly event = 'contact.failed';
  constructor(
    readonly contact: Contact,
    readonly db: EntityManager,
  ) {}
}
