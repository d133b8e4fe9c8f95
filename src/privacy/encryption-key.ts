import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The configured key, or (embedded default only) one generated once into var/ and reused on
 * every later start. Losing that file loses the data, so it is created only beside a new
 * embedded database.
 */
export function resolveEncryptionKey(configured: string | undefined, varDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = join(varDir, 'data-encryption.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  mkdirSync(varDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
