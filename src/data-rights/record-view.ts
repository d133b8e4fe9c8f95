import type { PersonalDataCipher } from '../privacy/personal-data-cipher.js';

export type RecordView = Record<string, unknown>;

/** `answers_enc` → `answers`, `reported_at` → `reportedAt`. */
export function fieldName(column: string): string {
  return column.replace(/_enc$/, '').replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A sealed value opened: JSON (sealJson) parsed back, plain text as text. */
export function openSealed(cipher: PersonalDataCipher, sealed: Buffer | null): unknown {
  if (!sealed) return null;
  let text: string;
  try {
    text = cipher.open(sealed);
  } catch {
    return '(this value could not be decrypted)';
  }
  if (/^\s*[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * One database row as the person should see it: sealed columns opened, names in words a
 * reader can follow. Matching hashes and other binary columns are left out (they are codes
 * derived from the details shown, meaningless to read), as is the key linking it to its case.
 */
export function recordView(
  row: Record<string, unknown>,
  cipher: PersonalDataCipher,
  options: { omit?: string[]; dates?: string[] } = {},
): RecordView {
  const view: RecordView = {};
  for (const [column, value] of Object.entries(row)) {
    if (options.omit?.includes(column) || column.endsWith('_hash')) continue;
    if (column.endsWith('_enc')) view[fieldName(column)] = openSealed(cipher, value as Buffer | null);
    else if (Buffer.isBuffer(value)) continue;
    else if (value instanceof Date && options.dates?.includes(column)) view[fieldName(column)] = calendarDate(value);
    else view[fieldName(column)] = value;
  }
  return view;
}

/** A `date` column as YYYY-MM-DD: the driver reads it as local midnight. */
function calendarDate(value: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** Column to order a table's rows by, when it has one: the time things happened. */
export function timeColumn(columns: string[]): string | null {
  const preferred = ['at', 'reported_at', 'assessed_at', 'received_at', 'due_at', 'sent_at', 'queued_at', 'agreed_at', 'created_at', 'updated_at'];
  return preferred.find((c) => columns.includes(c)) ?? null;
}
