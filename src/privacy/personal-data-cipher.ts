import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts personal data at rest with AES-256-GCM and makes keyed hashes (HMAC-SHA256) for
 * matching without plaintext. Both keys are derived from the one DATA_ENCRYPTION_KEY with
 * HKDF, so a leaked hash key can never decrypt anything.
 *
 * Stored layout: version (1 byte) | IV (12) | auth tag (16) | ciphertext.
 */
export class PersonalDataCipher {
  /** A KeyObject, made once: a raw Buffer key is checked and copied on every cipher (about half the cost of a small seal or open, measured). */
  private readonly encryptionKey: KeyObject;
  private readonly hashKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The data encryption key must be 32 bytes');
    this.encryptionKey = createSecretKey(Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'asb/personal-data/aes-256-gcm', 32)));
    this.hashKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'asb/personal-data/match-hash', 32));
  }

  seal(plaintext: string | Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): string {
    return this.openBytes(sealed).toString('utf8');
  }

  openBytes(sealed: Buffer): Buffer {
    if (sealed[0] !== FORMAT_VERSION) throw new Error('Unknown personal-data format');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  sealOptional(plaintext: string | null | undefined): Buffer | null {
    return plaintext === null || plaintext === undefined ? null : this.seal(plaintext);
  }

  openOptional(sealed: Buffer | null | undefined): string | null {
    return sealed ? this.open(sealed) : null;
  }

  sealJson(value: unknown): Buffer {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: Buffer): T {
    return JSON.parse(this.open(sealed)) as T;
  }

  /** A keyed hash of an already-normalised value, for equality matching (repeat victims). */
  matchHash(normalised: string): string {
    return createHmac('sha256', this.hashKey).update(normalised, 'utf8').digest('base64url');
  }
}
