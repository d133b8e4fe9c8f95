import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { LetterPrinted } from '../channels/letter/letter-printed.event.js';
import { TaskContactOutcome } from '../tasks/task-contact-outcome.event.js';
import { ContactLog } from './contact-log.js';

/**
 * The contact log's part in work done by the slices below it (tasks, channels), which may not
 * call it: each event is awaited inside its sender's transaction and handled with it.
 */
@Injectable()
export class ContactLogListeners {
  constructor(private readonly contacts: ContactLog) {}

  /** An officer's call or visit: delivered, failed, cancelled with its task, or an attempt noted. */
  @OnEvent(TaskContactOutcome.event, { suppressErrors: false })
  async onTaskContactOutcome({ contactId, change, db }: TaskContactOutcome): Promise<void> {
    if ('note' in change) {
      await this.contacts.note(contactId, change.note, {}, db);
    } else if (change.status === 'failed') {
      await this.contacts.transition(contactId, 'failed', { reason: change.reason, failureCode: change.failureCode }, db);
    } else {
      await this.contacts.transition(contactId, change.status, { reason: change.reason }, db);
    }
  }

  /** A letter in a print run is on its way: `sent`, with the run's id. */
  @OnEvent(LetterPrinted.event, { suppressErrors: false })
  async onLetterPrinted({ contactId, printBatchId, db }: LetterPrinted): Promise<void> {
    await this.contacts.transition(contactId, 'sent', { reason: 'printed for posting', detail: { printBatchId } }, db);
  }
}
