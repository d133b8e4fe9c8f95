const QUOTE = 34;
const COMMA = 44;
const LF = 10;

/**
 * The records of a CSV (RFC 4180: quoted fields with `""` for a quote and line breaks inside
 * quotes; LF or CRLF) read as text arrives, so a large upload is never held whole in memory.
 * A quote inside an unquoted field is kept as it is, as spreadsheets do.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<string[]> {
  let record: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let closing = false; // just read a quote inside a quoted field: its end, or the first of `""`
  let wasQuoted = false; // the current field began with a quote
  let first = true;
  for await (let chunk of chunks) {
    if (first && chunk.length > 0) {
      chunk = chunk.replace(/^\uFEFF/, '');
      first = false;
    }
    let start = 0; // text is copied in runs from here, not a character at a time
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (quoted) {
        if (!closing) {
          if (c === QUOTE) {
            field += chunk.slice(start, i);
            closing = true;
            start = i + 1;
          }
          continue;
        }
        closing = false;
        if (c === QUOTE) {
          field += '"';
          start = i + 1;
          continue;
        }
        quoted = false; // the quote ended the field's quoted part; this character is read as unquoted
        start = i;
      }
      if (c === QUOTE && !wasQuoted && field === '' && i === start) {
        quoted = wasQuoted = true;
        start = i + 1;
      } else if (c === COMMA || c === LF) {
        const value = field + chunk.slice(start, i);
        record.push(c === LF ? value.replace(/\r$/, '') : value);
        field = '';
        wasQuoted = false;
        start = i + 1;
        if (c === LF) {
          yield record;
          record = [];
        }
      }
    }
    field += chunk.slice(start);
  }
  if (field !== '' || record.length > 0 || wasQuoted) {
    record.push(field.replace(/\r$/, ''));
    yield record;
  }
}
