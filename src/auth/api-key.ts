import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, prefixed so a leaked key is easy to recognise in a secret scanner. */
export function generateApiKey(): string {
  return `asb_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
