import { personalDetails } from './personal-details.js';

const published = { phones: new Set(['+441604837837']), emailDomains: new Set(['northtown.gov.uk']) };
const kinds = (text: string) => personalDetails(text, published);

describe('personal details in a bulletin\'s words', () => {
  it('finds phone numbers people answer, however they are written', () => {
    for (const text of ['Ring 07911 123456 now', '+44 (0)7911 123 456', 'Call 020 7946 0018.', 'Numbers: 01604 111222 07911 123456', 'tel 07911-123-456']) {
      expect([text, kinds(text)]).toEqual([text, ['phone']]);
    }
  });

  it('lets through short codes, freephone and 03 numbers, and the partnership\'s own numbers', () => {
    for (const text of ['Call 101, or 999 in an emergency.', 'Crimestoppers on 0800 555 111', 'The council: 0300 123 4567', 'Ring us on 01604 837837', 'Since 2019, 2,000 homes']) {
      expect([text, kinds(text)]).toEqual([text, []]);
    }
  });

  it('finds email addresses except at the partnership\'s domains', () => {
    expect(kinds('Write to jane.doe@example.com')).toEqual(['email']);
    expect(kinds('Write to asb@northtown.gov.uk')).toEqual([]);
  });

  it('finds a house number and street, not a street alone', () => {
    for (const text of ['Youths gathered outside 12 Tanner Street.', 'Flat 3, 12 High Road', '40 KILN LANE', 'at 12a Mill Court Road', '5-7 St Mary\'s Close']) {
      expect([text, kinds(text)]).toEqual([text, ['homeAddress']]);
    }
    for (const text of ['Patrols on Mill Road every evening', 'St Mary\'s Church Hall, Mill Road', '3 new street lights', 'Evening patrols until March']) {
      expect([text, kinds(text)]).toEqual([text, []]);
    }
  });

  it('takes time in proportion to the text: a field of 3,000 characters well under a second', () => {
    const groups = Array.from({ length: 1000 }, (_, i) => `0${i % 10}`).join(' ');
    for (const long of [`${'1 '.repeat(1500)}${'A'.repeat(3000)}`, '0'.repeat(3000), `${'07 '.repeat(1000)}`, groups, `${'12 Ab '.repeat(500)}`]) {
      const started = process.hrtime.bigint();
      kinds(long);
      expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1500);
    }
  });
});
