import { normaliseName, normalisePostcode, postcodeDistrict, postcodeOfAddress, tidyAddress, toE164 } from './contact-details.js';

describe('phone numbers', () => {
  it.each([
    ['07911 123456', '+447911123456'],
    ['+44 7911 123456', '+447911123456'],
    ['(01604) 837000', '+441604837000'],
    ['020 7946 0000', '+442079460000'],
  ])('normalises %s to %s', (input, e164) => expect(toE164(input)).toBe(e164));

  it.each(['0123', 'not a number', '07911 12345', '+44 20 1234'])('refuses %s', (input) => expect(toE164(input)).toBeNull());
});

describe('phone numbers for people to read', () => {
  it('writes UK numbers the national way and others internationally', async () => {
    const { displayPhone } = await import('./contact-details.js');
    expect(displayPhone('+441604888123')).toBe('01604 888123');
    expect(displayPhone('+447911123456')).toBe('07911 123456');
    expect(displayPhone('+33123456789')).toBe('+33 1 23 45 67 89');
    expect(displayPhone(null)).toBeNull();
  });
});

describe('postcodes', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    ['NN1 3AB', 'NN1 3AB'],
    [' nn13ab ', 'NN1 3AB'],
    ['M1 1AE', 'M1 1AE'],
  ])('normalises %s to %s', (input, normal) => expect(normalisePostcode(input)).toBe(normal));

  it.each(['NN1', 'ABC 123', '12345', 'SW1A 1AAA', 'NF1 1AA', 'XM4 5HQ', 'GX12 1AA'])('refuses %s', (input) => expect(normalisePostcode(input)).toBeNull());
  it('accepts a postcode typed with stray spaces, and the Crown dependencies and Gibraltar', () => {
    expect(normalisePostcode('S W1 A 1 AA')).toBe('SW1A 1AA');
    expect(['je2 3ab', 'GY1 1AA', 'im1 1aa', 'gx11 1aa', 'BF1 2AU'].map(normalisePostcode)).toEqual(['JE2 3AB', 'GY1 1AA', 'IM1 1AA', 'GX11 1AA', 'BF1 2AU']);
  });
  it('stores the postcode of an address as Royal Mail prints it, however it was typed', () => {
    expect(tidyAddress([' 10 Downing  Street', '', 'London', 'S W1 A 2 AA', 'England'])).toEqual(['10 Downing Street', 'London', 'SW1A 2AA', 'England']);
    expect(tidyAddress(['1 High Street', 'nn13ab'])).toEqual(['1 High Street', 'NN1 3AB']);
    expect(tidyAddress(['1 High Street', 'Nowhere'])).toEqual(['1 High Street', 'Nowhere']);
  });
  it('passes over a nation line after the postcode', () => expect(postcodeOfAddress(['1 Rose St', 'Cardiff', 'CF10 1AA', 'Cymru'])).toBe('CF10 1AA'));

  it('gives the district of a postcode', () => expect(postcodeDistrict('nn13ab')).toBe('NN1'));

  it('finds the postcode on the last address line, ignoring a country line', () => {
    expect(postcodeOfAddress(['1 High Street', 'Northampton', 'nn1 3ab', 'United Kingdom'])).toBe('NN1 3AB');
    expect(postcodeOfAddress(['1 High Street', 'Northampton'])).toBeNull();
  });
});

describe('names for matching', () => {
  it('ignores case, spacing and punctuation', () => expect(normaliseName("  Jane  O'Neil ")).toBe(normaliseName('jane oneil')));
});
