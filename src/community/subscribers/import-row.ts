import { DateTime } from 'luxon';
import { normalisePostcode } from '../../contact-details/contact-details.js';
import type { Neighbourhood } from '../neighbourhoods/neighbourhood.entity.js';
import { areasOfPostcode } from '../postcode-areas.js';
import { ukMobile, validEmail } from './subscription-request.js';
import { parsePhone, type PhoneMode } from '../../contact-details/phone-numbers.js';

const DRAMA_CHECK = (phone: string): boolean => parsePhone(phone)?.fictional ?? false;

/** The columns of an import; neighbourhood is optional. Order is free, names are not. */
export const IMPORT_COLUMNS = ['email', 'phone', 'postcode', 'consent_date', 'neighbourhood'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
export type Columns = Partial<Record<Column, number>>;

/** A row's problem: its number (the header is row 1, as in a spreadsheet), the column, and why. Never the value. */
export interface RowProblem {
  row: number;
  field: Column | 'row';
  reason: string;
}

export interface ImportRow {
  row: number;
  email: string | null;
  phone: string | null;
  postcode: string;
  consentAt: Date;
  neighbourhoodIds: string[];
}

/** Where each column is, or the problem with the header line. */
export function readHeader(fields: string[]): { columns: Columns } | { problem: string } {
  const columns: Columns = {};
  // The first line may be a resident's details when the header was left out, so it is never echoed.
  for (const [i, raw] of fields.entries()) {
    const name = raw.trim().toLowerCase() as Column;
    if (!IMPORT_COLUMNS.includes(name)) return { problem: `Column ${i + 1} of the first line is not one we know: the first line must name the columns email,phone,postcode,consent_date and optionally neighbourhood` };
    if (columns[name] !== undefined) return { problem: `The header names ${name} twice` };
    columns[name] = i;
  }
  const missing = IMPORT_COLUMNS.filter((c) => c !== 'neighbourhood' && columns[c] === undefined);
  if (missing.length) return { problem: `The header must name the columns email,phone,postcode,consent_date (and optionally neighbourhood); it lacks ${missing.join(', ')}` };
  return { columns };
}

/** Finds a row's neighbourhoods: by id or name when given, else by its postcode's sector and district. */
export class NeighbourhoodLookup {
  private readonly byKey = new Map<string, string>();
  private readonly byArea = new Map<string, string[]>();

  constructor(neighbourhoods: Neighbourhood[]) {
    for (const n of neighbourhoods) {
      this.byKey.set(n.id.toLowerCase(), n.id);
      this.byKey.set(n.name.trim().toLowerCase(), n.id);
      for (const area of n.areas) this.byArea.set(area, [...(this.byArea.get(area) ?? []), n.id]);
    }
  }

  named(text: string): string | null {
    return this.byKey.get(text.trim().toLowerCase()) ?? null;
  }

  covering(postcode: string): string[] {
    return [...new Set(areasOfPostcode(postcode).flatMap((area) => this.byArea.get(area) ?? []))];
  }
}

/** One data row checked: every problem, or the row ready to store. */
export function readImportRow(
  fields: string[], row: number, columns: Columns, width: number, lookup: NeighbourhoodLookup, now: Date, mode: PhoneMode = 'live',
): { row: ImportRow } | { problems: RowProblem[] } {
  if (fields.length !== width) return { problems: [{ row, field: 'row', reason: `has ${fields.length} columns; the header has ${width}` }] };
  const problems: RowProblem[] = [];
  const value = (column: Column) => (columns[column] === undefined ? '' : fields[columns[column]!].trim());
  const email = value('email') ? validEmail(value('email')) : null;
  if (value('email') && !email) problems.push({ row, field: 'email', reason: 'is not a valid email address' });
  const phone = value('phone') ? ukMobile(value('phone'), mode) : null;
  if (value('phone') && !phone) {
    const fictional = mode === 'live' && DRAMA_CHECK(value('phone'));
    problems.push({ row, field: 'phone', reason: fictional ? 'is a fictional number kept for TV and radio drama' : 'is not a UK mobile number' });
  }
  if (!value('email') && !value('phone')) problems.push({ row, field: 'email', reason: 'needs an email address or a mobile number' });
  const postcode = normalisePostcode(value('postcode'));
  if (!postcode) problems.push({ row, field: 'postcode', reason: value('postcode') ? 'is not a full UK postcode' : 'is missing' });
  const consentAt = consentDate(value('consent_date'), now);
  if (typeof consentAt === 'string') problems.push({ row, field: 'consent_date', reason: consentAt });
  let neighbourhoodIds: string[] = [];
  if (value('neighbourhood')) {
    const id = lookup.named(value('neighbourhood'));
    if (id) neighbourhoodIds = [id];
    else problems.push({ row, field: 'neighbourhood', reason: 'does not name a neighbourhood' });
  } else if (postcode) {
    neighbourhoodIds = lookup.covering(postcode);
    if (neighbourhoodIds.length === 0) problems.push({ row, field: 'postcode', reason: 'is not in any neighbourhood, and no neighbourhood is named' });
  }
  if (problems.length) return { problems };
  return { row: { row, email, phone, postcode: postcode!, consentAt: consentAt as Date, neighbourhoodIds } };
}

/** Lists have few distinct consent dates, and parsing one in a time zone is the slowest step of a row. */
const parsedDates = new Map<string, DateTime | null>();

/** `2025-06-30`, `30/06/2025` (London midnight) or an ISO date and time; never in the future. A string is the problem. */
function consentDate(text: string, now: Date): Date | string {
  if (!text) return 'is missing';
  if (!parsedDates.has(text)) {
    if (parsedDates.size > 10_000) parsedDates.clear();
    parsedDates.set(text, parseDate(text));
  }
  const parsed = parsedDates.get(text);
  if (!parsed) return 'must be a date such as 2025-06-30';
  if (parsed.toMillis() > now.getTime()) return 'is in the future: consent must already have been given';
  return parsed.toJSDate();
}

function parseDate(text: string): DateTime | null {
  const zone = 'Europe/London';
  const parsed = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(text)
    ? DateTime.fromISO(text, { zone })
    : /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(text) ? DateTime.fromFormat(text, 'd/M/yyyy', { zone }) : null;
  return parsed?.isValid ? parsed : null;
}
