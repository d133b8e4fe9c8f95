import { isKnownOutcode, normalisePostcode, postcodeDistrict } from '../contact-details/postcodes.js';

const SECTOR = /^(\S+) (\d)$/;

/**
 * A postcode area as neighbourhoods are drawn: a sector (`nn1 3` → `NN1 3`) or a district
 * (`nn1` → `NN1`); null when it is neither, or its postcode area does not exist (`NF1`). A full
 * postcode is not an area.
 */
export function normaliseArea(input: string): string | null {
  if (typeof input !== 'string') return null;
  const area = input.trim().replace(/\s+/g, ' ').toUpperCase();
  const sector = SECTOR.exec(area);
  if (sector) return isKnownOutcode(sector[1]) ? area : null;
  return isKnownOutcode(area) ? area : null;
}

/** The areas a full postcode falls in, narrowest first: `NN1 3AB` → [`NN1 3`, `NN1`]; [] if it is not a postcode. */
export function areasOfPostcode(postcode: string): string[] {
  const normalised = normalisePostcode(postcode);
  const district = normalised ? postcodeDistrict(normalised) : null;
  if (!normalised || !district) return [];
  return [normalised.slice(0, -2), district];
}
