import { stringify } from 'csv-stringify/sync';

/** Text a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell for a spreadsheet: text that would start a formula gets a leading `'`, shown but never run. */
export function defuseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * CSV for people to open in a spreadsheet, written with csv-stringify (RFC 4180: CRLF after every
 * record, quotes where a field holds a comma, a quote or a line break). Text cells are defused
 * (defuseFormula); numbers are written as they are; null is an empty cell.
 */
export function toCsv(header: readonly string[], rows: readonly (string | number | null)[][]): string {
  return stringify([[...header], ...rows.map((row) => [...row])], {
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
    cast: { string: defuseFormula },
  });
}
