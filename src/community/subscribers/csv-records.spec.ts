import { csvRecords } from './csv-records.js';

async function records(chunks: string[]): Promise<string[][]> {
  const out: string[][] = [];
  for await (const record of csvRecords((async function* () { yield* chunks; })())) out.push(record);
  return out;
}

describe('CSV records', () => {
  const text = '\uFEFFemail,phone\r\n"a,b","say ""hi"""\r\n"two\nlines",z\n,\nlast,"unfinished';
  const expected = [['email', 'phone'], ['a,b', 'say "hi"'], ['two\nlines', 'z'], ['', ''], ['last', 'unfinished']];

  it('reads quoted fields, doubled quotes, line breaks inside quotes, CRLF and a byte order mark', async () => {
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
});
