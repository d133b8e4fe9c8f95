import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The training outbox's copy of each contact: a text, an email, or a letter's PDF. */
const COPIES = [
  ['sms', '.json'],
  ['email', '.eml'],
  ['letters', '.pdf'],
] as const;

/**
 * Removes the training outbox's copies of these contacts' messages, so the words do not outlive
 * the database's copy. Files that were never written (or already cleared) are not an error.
 */
export async function removeOutboxCopies(outboxDir: string, contactIds: string[]): Promise<void> {
  for (const id of contactIds) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) continue;
    await Promise.all(COPIES.map(([folder, ext]) => rm(join(outboxDir, folder, `${id}${ext}`), { force: true })));
  }
}
