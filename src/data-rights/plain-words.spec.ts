import { wantsPdf } from './data-rights.controller.js';
import { label, shown, words } from './plain-words.js';
import { fieldName } from './record-view.js';

describe('the subject access report in plain words', () => {
  it('labels fields in words, known ones by hand and the rest from their names', () => {
    expect(label('dateOfBirth')).toBe('Date of birth');
    expect(label('witnessServiceConsent')).toBe('Witness service consent');
    expect(label('threats_or_violence')).toBe('Threats or violence');
    expect(fieldName('answers_enc')).toBe('answers');
    expect(fieldName('postcode_district')).toBe('postcodeDistrict');
  });

  it('writes dates in London time, calendar dates as dates, and yes or no', () => {
    expect(words(new Date('2026-07-01T09:30:00Z'))).toBe('1 July 2026 at 10:30');
    expect(words('2026-11-24T16:05:00.000Z')).toBe('24 November 2026 at 16:05');
    expect(words('1970-05-01')).toBe('1 May 1970');
    expect(words(true)).toBe('Yes');
    expect(words('spoc_introduction')).toBe('spoc introduction');
    expect(words(['12 Acacia Avenue', 'Northampton'])).toBe('12 Acacia Avenue, Northampton');
    expect(words({ nested: 1 })).toBeNull();
  });

  it('leaves out ids, internal codes and empty values', () => {
    expect(shown('contactId', 'x')).toBe(false);
    expect(shown('recordedBy', '3f1e2d4c-1111-4222-8333-944445555666')).toBe(false);
    expect(shown('detail', {})).toBe(false);
    expect(shown('detail', { code: null })).toBe(false);
    expect(shown('attempts', 2)).toBe(false);
    expect(shown('attempts', [{ outcome: 'reached' }])).toBe(true);
    expect(shown('name', null)).toBe(false);
    expect(shown('name', 'Jane Doe')).toBe(true);
  });
});

describe('choosing the PDF', () => {
  it('follows ?format first, then an Accept header that prefers PDF to JSON', () => {
    expect(wantsPdf('pdf', 'application/json')).toBe(true);
    expect(wantsPdf('json', 'application/pdf')).toBe(false);
    expect(wantsPdf(undefined, 'application/pdf')).toBe(true);
    expect(wantsPdf(undefined, 'application/json, application/pdf')).toBe(false);
    expect(wantsPdf(undefined, '*/*')).toBe(false);
    expect(wantsPdf(undefined, undefined)).toBe(false);
  });
});
