import { isValid, toArea, toNormalised, toOutcode, validOutcode } from 'postcode';

/**
 * UK postcodes that Royal Mail delivers to as inland post. The `postcode` library checks only the
 * shape (so `NF1 1AA` passes); here the area (the leading letters) must also be a real one.
 *
 * Source: Royal Mail's Postcode Address File, as listed by the ONS Postcode Directory: the 121
 * postcode areas of Great Britain and Northern Ireland (BT), plus the Crown dependencies that Royal
 * Mail treats as inland (GY Guernsey, JE Jersey, IM Isle of Man). Gibraltar has the one postcode
 * GX11 1AA; British Forces Post Office addresses have BF1 postcodes. Non-geographic areas (BX) and
 * novelty codes (XM4 5HQ) are not places a letter to a person can go.
 */
export const POSTCODE_AREAS: ReadonlySet<string> = new Set([
  'AB', 'AL', 'B', 'BA', 'BB', 'BD', 'BH', 'BL', 'BN', 'BR', 'BS', 'BT', 'CA', 'CB', 'CF', 'CH', 'CM', 'CO', 'CR', 'CT',
  'CV', 'CW', 'DA', 'DD', 'DE', 'DG', 'DH', 'DL', 'DN', 'DT', 'DY', 'E', 'EC', 'EH', 'EN', 'EX', 'FK', 'FY', 'G', 'GL',
  'GU', 'HA', 'HD', 'HG', 'HP', 'HR', 'HS', 'HU', 'HX', 'IG', 'IP', 'IV', 'KA', 'KT', 'KW', 'KY', 'L', 'LA', 'LD', 'LE',
  'LL', 'LN', 'LS', 'LU', 'M', 'ME', 'MK', 'ML', 'N', 'NE', 'NG', 'NN', 'NP', 'NR', 'NW', 'OL', 'OX', 'PA', 'PE', 'PH',
  'PL', 'PO', 'PR', 'RG', 'RH', 'RM', 'S', 'SA', 'SE', 'SG', 'SK', 'SL', 'SM', 'SN', 'SO', 'SP', 'SR', 'SS', 'ST', 'SW',
  'SY', 'TA', 'TD', 'TF', 'TN', 'TQ', 'TR', 'TS', 'TW', 'UB', 'W', 'WA', 'WC', 'WD', 'WF', 'WN', 'WR', 'WS', 'WV', 'YO',
  'ZE',
]);

/** The Crown dependencies, inland for Royal Mail. */
export const CROWN_DEPENDENCY_AREAS: ReadonlySet<string> = new Set(['GY', 'JE', 'IM']);

const GIBRALTAR = 'GX11 1AA';
const BFPO_DISTRICT = 'BF1';

/**
 * A nation line some people write after the postcode ("Scotland", "Cymru", "United Kingdom"): not
 * part of an inland address for Royal Mail, so it is dropped rather than refused.
 */
export const NATION_LINE = /^(united kingdom|u\.?k\.?|great britain|gb|england|scotland|wales|cymru|northern ireland)$/i;

/** Whether an outward code (`NN1`, `GX11`, `BF1`) lies in a real area Royal Mail delivers to. */
export function isKnownOutcode(outcode: string): boolean {
  const upper = outcode.toUpperCase();
  if (!validOutcode(upper)) return false;
  const area = /^[A-Z]+/.exec(upper)![0];
  if (area === 'GX') return upper === 'GX11';
  if (area === 'BF') return upper === BFPO_DISTRICT;
  return POSTCODE_AREAS.has(area) || CROWN_DEPENDENCY_AREAS.has(area);
}

/**
 * `sw1a1aa`, `SW1A 1AA` or `S W1 A 1 AA` (stray spaces) → `SW1A 1AA`; null when it is not the
 * shape of a UK postcode or its area does not exist (`NF1 1AA`). The inward code is always a digit
 * and two letters, so removing every space is never ambiguous.
 */
export function normalisePostcode(postcode: string): string | null {
  if (typeof postcode !== 'string') return null;
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  if (compact.length > 7 || !isValid(compact)) return null;
  const normalised = toNormalised(compact)!;
  if (toArea(normalised) === 'GX') return normalised === GIBRALTAR ? normalised : null;
  return isKnownOutcode(toOutcode(normalised)!) ? normalised : null;
}

/** The outward code (`SW1A`) of a valid postcode: coarse enough to report on by area. */
export function postcodeDistrict(postcode: string): string | null {
  const normalised = normalisePostcode(postcode);
  return normalised ? toOutcode(normalised) : null;
}

/** Whether a (normalised) postcode belongs to a British Forces Post Office address. */
export function isBfpoPostcode(postcode: string): boolean {
  return postcode.startsWith(`${BFPO_DISTRICT} `);
}
