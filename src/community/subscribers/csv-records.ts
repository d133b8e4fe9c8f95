import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { InputError } from '../../http/input-error.js';

/**
 * The records of a CSV read with csv-parse (RFC 4180: quoted fields with `""` for a quote, line
 * breaks and carriage returns inside quotes kept; LF or CRLF between records; a byte order mark
 * dropped), as the text arrives, so a large upload is never held whole in memory. A quote inside
 * an unquoted field is kept as it is, as spreadsheets do. Records keep their number of fields
 * (the caller checks it) and blank lines come through as `['']`, so record numbers match the
 * file's rows. A quote never closed is a 400 naming the line where reading stopped.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  // pipeline, not pipe: an error from the upload (too large, cut off) ends the parser too.
  const parser = pipeline(
    Readable.from(chunks),
    parse({
      bom: true,
      record_delimiter: ['\r\n', '\n'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }),
    () => undefined, // errors reach the loop below through the parser
  );
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    if (error instanceof CsvError) {
      // The file's own text is never echoed back: only the line and what is wrong there.
      const where = error.lines ? ` at line ${error.lines}` : '';
      const why = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed with "' : 'it is not valid CSV (RFC 4180)';
      throw InputError.of('body', 'csv', `The CSV cannot be read${where}: ${why}`);
    }
    throw error;
  } finally {
    parser.destroy();
  }
}

/** Whether a record has no content: a blank line, or only separators (`,,,`). */
export function isBlankRecord(fields: string[]): boolean {
  return fields.every((field) => field.trim() === '');
}
