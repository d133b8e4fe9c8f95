import { asSentence, findWebAddress, formatLondonDay, formatLondonTime, listPhrase } from './bulletin-view.js';

describe('briefing times, London time', () => {
  it.each([
    ['2026-12-10T18:30:00Z', '6:30pm'],
    ['2026-06-11T17:30:00Z', '6:30pm'], // British Summer Time
    ['2026-06-11T18:00:00Z', '7pm'],
    ['2026-12-10T12:00:00Z', 'midday'],
    ['2026-12-10T00:00:00Z', 'midnight'],
    ['2026-12-10T09:05:00Z', '9:05am'],
    ['2026-12-10T00:30:00Z', '12:30am'],
    ['2026-12-10T12:45:00Z', '12:45pm'],
  ])('%s is %s', (at, time) => {
    expect(formatLondonTime(new Date(at))).toBe(time);
  });

  it('gives the day by London date', () => {
    // 23:30 UTC on Saturday 27 June is 00:30 on Sunday 28 June in London.
    expect(formatLondonDay(new Date('2026-06-27T23:30:00Z'))).toBe('Sunday 28 June 2026');
  });
});

describe('wording', () => {
  it('joins names as a phrase', () => {
    expect(listPhrase([])).toBe('');
    expect(listPhrase(['PC Alex Morgan'])).toBe('PC Alex Morgan');
    expect(listPhrase(['A', 'B', 'C'])).toBe('A, B and C');
  });

  it('ends a sentence once', () => {
    expect(asSentence('Meet your team')).toBe('Meet your team.');
    expect(asSentence('Meet your team!')).toBe('Meet your team!');
    expect(asSentence('Who is "there?"')).toBe('Who is "there?"');
  });

  it('finds where to read more', () => {
    const content = { headline: 'h', summary: 's', sections: [{ heading: 'h', body: 'See https://northtown.example/news.' }], whatWeAreDoing: [], howToReport: 'Call 101.', contactNumbers: [] };
    expect(findWebAddress(content)).toBe('https://northtown.example/news');
    expect(findWebAddress({ ...content, howToReport: 'Report at www.northtown.example/asb, or call 101.' })).toBe('www.northtown.example/asb');
    expect(findWebAddress({ ...content, sections: [] })).toBeUndefined();
  });
});
