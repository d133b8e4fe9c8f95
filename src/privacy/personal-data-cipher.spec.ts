import { randomBytes } from 'node:crypto';
import { PersonalDataCipher } from './personal-data-cipher.js';

describe('PersonalDataCipher', () => {
  const cipher = new PersonalDataCipher(randomBytes(32));

  it('round-trips text and never stores it in the clear', () => {
    const sealed = cipher.seal('Jane Doe, 07700 900123');
    expect(sealed.toString('latin1')).not.toContain('Jane');
    expect(cipher.open(sealed)).toBe('Jane Doe, 07700 900123');
  });

  it('uses a fresh IV each time, so equal values do not look equal at rest', () => {
    expect(cipher.seal('same').equals(cipher.seal('same'))).toBe(false);
  });

  it('detects tampering', () => {
    const sealed = cipher.seal('address line');
    sealed[sealed.length - 1] ^= 0xff;
    expect(() => cipher.open(sealed)).toThrow();
  });

  it('cannot be opened with another key', () => {
    const other = new PersonalDataCipher(randomBytes(32));
    expect(() => other.open(cipher.seal('secret'))).toThrow();
  });

  it('makes stable keyed hashes that differ between keys', () => {
    const other = new PersonalDataCipher(randomBytes(32));
    expect(cipher.matchHash('+447700900123')).toBe(cipher.matchHash('+447700900123'));
    expect(cipher.matchHash('+447700900123')).not.toBe(other.matchHash('+447700900123'));
    expect(cipher.matchHash('+447700900123')).not.toContain('7700');
  });
});
