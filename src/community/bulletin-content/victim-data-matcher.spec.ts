import type { BulletinContent } from '../bulletins/bulletin-content.js';
import { personalDetailsProblem, victimDataProblems, VictimDataMatcher, type VictimDetails } from './victim-data-matcher.js';

const jane: VictimDetails = {
  name: 'Jane Mary Doe', phone: '+447911123456', email: 'jd1972@example.com', address: ['12 Acacia Avenue', 'Northampton', 'NN1 3AB'],
};
const flat: VictimDetails = { name: 'Mr Ali Khan', phone: null, email: null, address: ['Flat 4', '27 Weaver Close', 'Northampton', 'NN1 3CD'] };
const matcher = new VictimDataMatcher([jane, flat]);

describe('finding a victim\'s details in text', () => {
  it.each([
    ['Jane Mary Doe spoke to us', 'name'],
    ['JANE DOE told us', 'name'],
    ['Thanks to jane  doe\'s neighbours', 'name'],
    ['We met Mr Ali Khan', 'name'],
    ['We met Ali Khan', 'name'],
    ['Call 07911123456', 'phone'],
    ['Call +447911123456', 'phone'],
    ['Call 07911 123 456', 'phone'],
    ['Call +44 (0)7911 123456', 'phone'],
    ['Call 0791-112-3456 or 101', 'phone'],
    ['Write to JD1972@EXAMPLE.COM.', 'email'],
    ['It happened at 12 acacia avenue last week', 'address'],
    ['It happened at 12 Acacia  Avenue, Northampton', 'address'],
    ['Postcode nn13ab', 'address'],
    ['Postcode NN1 3AB', 'address'],
    ['Near 27 Weaver Close', 'address'],
  ])('%s: %s', (text, kind) => {
    expect(matcher.find(text)).toEqual([kind]);
  });

  it.each([
    'Janet Doerr came along',
    'Jane from the council',
    'Mr Khan', // the surname alone could be anyone
    'Call 07911 123457',
    'Write to doe@example.com',
    'At 112 Acacia Avenue',
    'Acacia Avenue has new lighting',
    'In NN1 3 we have patrols',
    'Flat 4 is empty', // a bare flat number says nothing
    '',
  ])('not in "%s"', (text) => {
    expect(matcher.find(text)).toEqual([]);
  });

  it('lists every kind in one text', () => {
    expect(matcher.find('Jane Doe of 12 Acacia Avenue (07911 123456, jd1972@example.com)')).toEqual(['name', 'phone', 'email', 'address']);
  });

  it('skips details that have been anonymised', () => {
    const anonymised = new VictimDataMatcher([{ name: null, phone: null, email: null, address: null }]);
    expect(anonymised.empty).toBe(true);
    expect(anonymised.find('Jane Doe 07911123456')).toEqual([]);
  });
});

describe('problems with bulletin content', () => {
  const content = (): BulletinContent => ({
    headline: 'News for Mill Court',
    summary: 'Nothing to worry about.',
    sections: [{ heading: 'Car park', body: 'Patrols every evening.' }, { heading: 'Play area', body: 'Thanks to Jane Doe for her help.' }],
    whatWeAreDoing: ['Patrols', 'Visiting 12 Acacia Avenue'],
    howToReport: 'Call 101.',
    contactNumbers: [{ label: 'Council', number: '01632 960000' }, { label: 'Resident', number: '07911 123 456' }],
    briefing: { where: 'NN1 3AB', when: '2026-12-10T18:30:00Z', who: ['PC Alex Morgan', 'jd1972@Example.com'] },
  });

  it('name each field holding victim data, without repeating what was found', () => {
    const problems = victimDataProblems(content(), matcher);
    expect(problems.map((p) => p.field)).toEqual([
      'sections[1].body', 'whatWeAreDoing[1]', 'contactNumbers[1].number', 'briefing.where', 'briefing.who[1]',
    ]);
    expect(problems.every((p) => p.rule === 'personalDetails')).toBe(true);
    // The words of any personal detail: nothing says a victim was matched.
    expect(problems[0].message).toBe('sections[1].body must not contain personal details: bulletins must not contain names, phone numbers, email addresses or home addresses');
    expect(problems.map((p) => p.message.replace(p.field, 'FIELD'))).toEqual(Array(5).fill(problems[0].message.replace('sections[1].body', 'FIELD')));
    for (const { message } of problems) expect(message).not.toMatch(/jane|doe|acacia|07911|jd1972|nn1 3ab|victim|known to the service/i);
  });

  it('gives one answer for a field holding several kinds together', () => {
    const c = content();
    c.headline = 'Jane Doe, 07911123456';
    expect(victimDataProblems(c, matcher)[0]).toEqual(personalDetailsProblem('headline'));
  });

  it('finds nothing when there are no victims in the area', () => {
    expect(victimDataProblems(content(), new VictimDataMatcher([]))).toEqual([]);
  });

  it('grows linearly with the number of victims (5,000 victims cost about ten times 500)', () => {
    const people = (n: number): VictimDetails[] => Array.from({ length: n }, (_, i) => ({
      name: `Person${i} Surname${i}`, phone: `+4479111${String(i).padStart(5, '0')}`, email: `p${i}@example.com`, address: [`${i} Long Road`, 'Town', 'NN1 3AB'],
    }));
    // The best of three runs each, so a busy machine slows both sizes alike; no absolute bound.
    const cost = (n: number) => {
      const victims = people(n);
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        const c = content();
        c.sections[0].body = 'A long paragraph about the neighbourhood. '.repeat(70) + `Person${n - 1} Surname${n - 1}`;
        const problems = victimDataProblems(c, new VictimDataMatcher(victims));
        best = Math.min(best, performance.now() - started);
        expect(problems.map((p) => p.field)).toContain('sections[0].body');
      }
      return best;
    };
    const small = cost(500);
    const large = cost(5000);
    // Linear: about 10x. A scan that compares every victim with every other, or every word with
    // every victim, is 100x; 30x (plus a few milliseconds of fixed cost) separates the two.
    expect(large).toBeLessThan(30 * small + 20);
  });
});
