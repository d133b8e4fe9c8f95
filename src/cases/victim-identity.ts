import { emailHash, phoneHash } from '../contact-details/contact-hashes.js';
import type { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { normaliseEmail, normaliseName, postcodeOfAddress, toE164 } from '../contact-details/contact-details.js';
import type { VictimHashes } from './cases.repository.js';

/**
 * Keyed hashes that recognise the same person across cases without storing or comparing
 * plaintext: phone, email, or name together with postcode (home address, else incident).
 */
export function victimHashes(
  cipher: PersonalDataCipher,
  victim: { name: string; phone?: string | null; email?: string | null; address?: string[] | null },
  incidentPostcode: string,
): VictimHashes {
  const phone = victim.phone ? toE164(victim.phone) : null;
  const postcode = (victim.address && postcodeOfAddress(victim.address)) || incidentPostcode;
  return {
    phoneHash: phone ? phoneHash(cipher, phone) : null,
    emailHash: victim.email ? emailHash(cipher, normaliseEmail(victim.email)) : null,
    namePostcodeHash: cipher.matchHash(`name-postcode:${normaliseName(victim.name)}|${postcode.replace(/\s/g, '')}`),
  };
}
