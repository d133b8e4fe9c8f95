import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const made = new Map<string, Promise<unknown>>();

/**
 * Writes a training-outbox file, readable only by the service's user. Folders are made once;
 * if one disappears while the service runs (someone cleared the outbox), it is made again.
 */
export async function writeOutboxFile(dir: string, name: string, content: string | Buffer): Promise<void> {
  if (!made.has(dir)) made.set(dir, mkdir(dir, { recursive: true }));
  await made.get(dir);
  try {
    await writeFile(join(dir, name), content, { mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    made.delete(dir);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), content, { mode: 0o600 });
  }
}
