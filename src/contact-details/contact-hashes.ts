import type { PersonalDataCipher } from '../privacy/personal-data-cipher.js';

/**
 * The keyed hashes that find a person again by phone or email (victims, subscribers, texts
 * received): one spelling of each, so a text's sender always matches the number on record.
 */
export const phoneHash = (cipher: PersonalDataCipher, e164: string): string => cipher.matchHash(`phone:${e164}`);
export const emailHash = (cipher: PersonalDataCipher, normalisedEmail: string): string => cipher.matchHash(`email:${normalisedEmail}`);
