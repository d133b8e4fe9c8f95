import { csvRecords, isBlankRecord } from './csv-records.js';

async function records(chunks: string[]): Promise<string[][]> {
  const out: string[][] = [];
  for await (const record of csvRecords((async function* () { yield* chunks; })())) out.push(record);
  return out;
}

describe('CSV records (csv-parse)', () => {
  const text = '\uFEFFemail,phone\r\n"a,b","say ""hi"""\r\n"two\nlines",z\n,\n\n"carriage\rreturn",x\r\nlast,"finished"';
  const expected = [['email', 'phone'], ['a,b', 'say "hi"'], ['two\nlines', 'z'], ['', ''], [''], ['carriage\rreturn', 'x'], ['last', 'finished']];

  it('reads quoted fields, doubled quotes, line breaks and carriage returns inside quotes, CRLF and a byte order mark', async () => {
    expect(await records([text])).toEqual(expected);
  });

  it('gives the same records however the text is split as it arrives', async () => {
    for (let at = 0; at <= text.length; at++) expect(await records([text.slice(0, at), text.slice(at)])).toEqual(expected);
    expect(await records(text.split(''))).toEqual(expected);
  });

  it('keeps a quote inside an unquoted field, and needs no line break at the end', async () => {
    expect(await records(['5" screen,x\n', 'a,b'])).toEqual([['5" screen', 'x'], ['a', 'b']]);
    expect(await records([''])).toEqual([]);
  });

  it('refuses a quote that is never closed with a 400 naming the line', async () => {
    await expect(records(['a,b\n', 'last,"unfinished\nmore'])).rejects.toMatchObject({
      problems: [{ field: 'body', rule: 'csv', message: 'The CSV cannot be read at line 3: a quoted field is never closed with "' }],
    });
  });

  it('passes on an error from the upload itself', async () => {
    const failing = (async function* () { yield 'a,b\n'; throw new Error('upload cut off'); })();
    const read = async () => { for await (const _ of csvRecords(failing)) void _; };
    await expect(read()).rejects.toThrow('upload cut off');
  });

  it.each([[['']], [['', '', '']], [[' ', '\t', '']]])('treats %j as a blank record', (fields) => expect(isBlankRecord(fields)).toBe(true));
  it('does not treat a record with one value as blank', () => expect(isBlankRecord(['', 'x'])).toBe(false));
});
