import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes in base64url: 43 characters, no padding. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newSurveyToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSurveyToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN.test(token);
}

/**
 * The short code a letter prints, for a link someone has to type: 8 characters from an alphabet
 * without vowels or look-alikes (no words, no 0/O or 1/I), read in any case.
 */
const SHORT_ALPHABET = '23456789BCDFGHJKMNPQRSTVWXZ';
const SHORT_CODE = /^[2-9BCDFGHJKMNPQRSTVWXZ]{8}$/;

export function newShortCode(): string {
  return [...randomBytes(8)].map((byte) => SHORT_ALPHABET[byte % SHORT_ALPHABET.length]).join('');
}

export function isWellFormedShortCode(code: string): boolean {
  return SHORT_CODE.test(code.toUpperCase());
}
