import { Injectable } from '@nestjs/common';
import type { EmailMessage } from '../channels/channel.js';
import type { Contact, ContactRecipient } from './contact.entity.js';

/** The email a contact for someone other than the victim becomes: everything but its contact id. */
export type OtherRecipientEmail = Omit<EmailMessage, 'contactId'>;

/**
 * Someone other than the victim a contact can go to (the Witness Service). Their slice writes the
 * message; the pipeline sends it with the usual retries, rate limit and timeline. Composing must
 * not hold a transaction or lock: the send follows at once.
 */
export interface OtherRecipient {
  /** The whole email for `contact`; `data` is the contact's render data (its own data included). */
  email(contact: Contact, data: Record<string, unknown>): Promise<OtherRecipientEmail>;
}

/** Who writes the messages for each recipient other than the victim, registered by their slice at start-up. */
@Injectable()
export class ContactRecipients {
  private readonly others = new Map<ContactRecipient, OtherRecipient>();

  /** Called once by the slice that owns `recipient` (e.g. CourtModule for the Witness Service). */
  register(recipient: Exclude<ContactRecipient, 'victim'>, writer: OtherRecipient): void {
    this.others.set(recipient, writer);
  }

  /** The email for a contact to someone other than the victim; throws when nobody registered to write it. */
  email(contact: Contact, data: Record<string, unknown>): Promise<OtherRecipientEmail> {
    const writer = this.others.get(contact.recipient);
    if (!writer) throw new Error(`Nothing writes messages for the recipient ${contact.recipient}`);
    return writer.email(contact, data);
  }
}
