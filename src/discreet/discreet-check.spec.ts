import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { RANKS, TITLES } from '../partnership/names.js';
import { loadSettings } from '../settings/settings.js';
import { PURPOSES, TemplateCatalogue } from '../templates/template-catalogue.js';
import { checkDiscreet, discreetOutputs, loadSamples } from './discreet-check.js';
import { ForbiddenWords } from './forbidden-words.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
const catalogue = TemplateCatalogue.load(TEMPLATES);
const samples = loadSamples(TEMPLATES);
const settings = loadSettings({});
const words = new ForbiddenWords(settings.discreet.forbiddenWords);

// Made-up words from syllables, so a name is never itself a forbidden word by accident.
const syllable = fc.constantFrom('al', 'ex', 'mo', 'ri', 'sa', 'ti', 'ne', 'ko', 'ba', 'lu', 'ja', 've', 'do', 'pri', 'ya', 'sha', 'gh', 'an');
const word = fc.array(syllable, { minLength: 2, maxLength: 4 }).map((s) => s.join('')).map((w) => w[0].toUpperCase() + w.slice(1)).filter((w) => words.find(w).length === 0);
const organisationName = fc.tuple(fc.array(word, { minLength: 1, maxLength: 2 }), fc.constantFrom('Police', 'Constabulary', 'Borough Council', 'District Council', 'Homes', 'Housing Association', 'Community Safety Partnership'))
  .map(([place, kind]) => `${place.join(' ')} ${kind}`);
// Consonants only: a code that is an everyday word ("BY", "ON") would be refused at start-up.
const code = fc.stringMatching(/^[BCDFGHJKLMNPQRSTVWXZ]{2,5}$/);
const TITLE_GREETING = new RegExp(`(Hello|Dear) (${TITLES.join('|')})[,.]`);
const rank = fc.option(fc.constantFrom(...RANKS), { nil: null });
const title = fc.option(fc.constantFrom(...TITLES), { nil: undefined });

describe('discreet messages give nothing away', () => {
  it('never carry a forbidden word, on any channel, for any organisation, officer, victim and purpose', () => {
    fc.assert(
      fc.property(
        organisationName, code, rank, word, word, title, word, word, fc.option(word, { nil: null }), fc.constantFrom(...PURPOSES), fc.option(word, { nil: null }),
        (orgName, orgCode, officerRank, officerFirst, officerLast, victimTitle, victimFirst, victimLast, preferredName, purpose, discreetName) => {
          const names = [officerFirst, officerLast, victimFirst, victimLast, preferredName ?? '', discreetName ?? ''];
          // A code or organisation that is also someone's name cannot be told apart from it.
          fc.pre(!names.some((n) => n.toUpperCase() === orgCode || orgName.split(' ').includes(n)));
          fc.pre(![...TITLES, ...RANKS].some((t) => t.toUpperCase() === orgCode));
          const lead = { name: orgName, code: orgCode, phone: '01632 960000', address: ['Civic Centre', 'Northtown', 'NT1 1AA'], smsSender: orgCode.slice(0, 11), discreetName };
          const spoc = { rank: officerRank, name: `${officerFirst} ${officerLast}`, phone: '+447700900123' };
          const victim = { name: [victimTitle, victimFirst, victimLast].filter(Boolean).join(' '), preferredName };
          const c = { id: '7f1d2c3b-0000-4000-8000-000000000001', reference: `ASB-2026-${orgCode}`, reportedAt: new Date(), responseDueAt: new Date() };
          const outputs = discreetOutputs(catalogue, purpose, { victim, lead, spoc, case: c }, samples[purpose], settings);
          const organisationWords = new ForbiddenWords([orgName, orgCode]);
          const leaks = Object.entries(outputs).flatMap(([channel, text]) => [...words.find(text), ...organisationWords.find(text)].map((w) => `${channel}: ${w}`));
          if (leaks.length > 0 || Object.keys(outputs).length !== 4) throw new Error(`Leaks: ${leaks.join(', ')}`);
          // The SPOC signs with their first name, never a rank; the victim is never greeted by a title alone.
          return outputs.sms.includes(officerFirst) && !TITLE_GREETING.test(outputs.sms) && !TITLE_GREETING.test(outputs.letter);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('finds whole words in any case, and organisation names and codes', () => {
    const forbidden = ForbiddenWords.for(['police', 'Ch Insp', 'PC'], [{ name: 'Riverside Homes', code: 'RVH' }]);
    expect(forbidden.find('A message from Ch  Insp Shah of riverside homes, ref rvh-1')).toEqual(['Ch  Insp', 'riverside homes', 'rvh']);
    expect(forbidden.find('PCs, Policeman, epc and Alex')).toEqual([]);
    expect(forbidden.find('no-reply@police.example')).toEqual(['police']);
  });

  it('is refused at start-up for an organisation whose code is a word of the neutral return address', () => {
    const org = { name: 'Port Office Homes', code: 'PO', phone: '0300 330 7000' };
    const leaks = checkDiscreet(catalogue, samples, settings, [{ organisation: org, officers: [] }]);
    expect(leaks.map((l) => l.word)).toContain('PO');
  });

  it('reports a discreet name or sender setting that would give the organisation away', () => {
    const org = { name: 'Northtown Borough Council', code: 'NBC', phone: '0300 330 7000', discreetName: 'NBC Support' };
    const leaks = checkDiscreet(catalogue, samples, settings, [{ organisation: org, officers: [{ rank: 'PC', name: 'Alex Morgan', phone: null }] }]);
    expect(leaks.length).toBeGreaterThan(0);
    expect(leaks.every((l) => l.word === 'NBC')).toBe(true);
    expect(checkDiscreet(catalogue, samples, settings, [{ organisation: { ...org, discreetName: null }, officers: [{ rank: 'PC', name: 'Alex Morgan', phone: null }] }])).toEqual([]);
  });
});
