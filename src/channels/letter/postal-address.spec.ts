import { validatePostalAddress } from './postal-address.js';

const LAST_LINE = 'The last line must be a UK postcode, such as NN1 3AB, or a BFPO number';

describe('validatePostalAddress', () => {
  it('accepts a 3-line address', () => {
    expect(validatePostalAddress(['10 Downing Street', 'London', 'SW1A 2AA'])).toEqual({
      valid: true,
      lines: ['10 Downing Street', 'London', 'SW1A 2AA'],
      postcode: 'SW1A 2AA',
      bfpo: false,
      errors: [],
    });
  });

  it('accepts a 7-line address', () => {
    const input = ['Flat 3', 'Rose Court', '12 High Street', 'Kingsthorpe', 'Northampton', 'Northamptonshire', 'NN2 6AA'];
    expect(validatePostalAddress(input)).toMatchObject({ valid: true, lines: input, errors: [] });
  });

  it('accepts lines with accents and brackets that are not at the start', () => {
    const check = validatePostalAddress(['Tŷ Gwyn (rear entrance)', 'Ffordd Môn, Llangefni', 'Ynys Môn', 'LL77 7QX']);
    expect(check).toMatchObject({ valid: true, errors: [] });
  });

  it.each([
    [['1 High Street', 'NN1 3AB'], 2],
    [['1', '2', '3', '4', '5', '6', '7', 'NN1 3AB'], 8],
  ])('refuses %j, which has %i lines', (input, count) => {
    const check = validatePostalAddress(input);
    expect(check.valid).toBe(false);
    expect(check.errors).toEqual([
      { message: `An address must have between 3 and 7 lines, including the postcode; this one has ${count}` },
    ]);
  });

  it('trims, collapses spaces and removes blank lines, keeping the caller’s line numbers in problems', () => {
    const check = validatePostalAddress(['  1   High  Street ', '', '   ', '\tNorthampton\n', '=cmd', 'NN1 3AB']);
    expect(check.lines).toEqual(['1 High Street', 'Northampton', '=cmd', 'NN1 3AB']);
    expect(check.errors).toEqual([{ line: 5, message: expect.stringContaining('Line 5 cannot start with the character =') }]);
  });

  it.each(['United Kingdom', 'UK', 'U.K.', 'uk', 'Great Britain', '  united   KINGDOM  '])('removes a trailing %j line', (country) => {
    const check = validatePostalAddress(['1 High Street', 'Northampton', 'NN1 3AB', country, '']);
    expect(check).toMatchObject({ valid: true, lines: ['1 High Street', 'Northampton', 'NN1 3AB'] });
  });

  it('leaves a "UK" line that is not last, and "UK House" anywhere', () => {
    const check = validatePostalAddress(['UK House', 'UK', 'Northampton', 'NN1 3AB']);
    expect(check).toMatchObject({ valid: true, lines: ['UK House', 'UK', 'Northampton', 'NN1 3AB'] });
  });

  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    ['nn1  3ab', 'NN1 3AB'],
    ['m11ae', 'M1 1AE'],
  ])('normalises the postcode %j to %j', (raw, normalised) => {
    const check = validatePostalAddress(['1 High Street', 'Town', raw]);
    expect(check).toMatchObject({ valid: true, postcode: normalised, lines: ['1 High Street', 'Town', normalised] });
  });

  it.each(['NN1 3A', 'NN1', '12345', 'Northampton'])('refuses the last line %j, which is not a postcode', (last) => {
    const check = validatePostalAddress(['1 High Street', 'Kingsthorpe', last]);
    expect(check).toMatchObject({ valid: false, postcode: null, bfpo: false });
    expect(check.errors).toEqual([{ line: 3, message: LAST_LINE }]);
  });

  it.each([
    ['BFPO 1', 'BFPO 1'],
    ['bfpo 123', 'BFPO 123'],
    ['BFPO1234', 'BFPO 1234'],
  ])('accepts the BFPO last line %j as %j', (raw, normalised) => {
    const check = validatePostalAddress(['Cpl A Smith', '1 Rifles', raw]);
    expect(check).toEqual({ valid: true, lines: ['Cpl A Smith', '1 Rifles', normalised], postcode: null, bfpo: true, errors: [] });
  });

  it.each(['BFPO', 'BFPO 12345', 'BFPO 12a'])('refuses %j with a BFPO-specific message', (last) => {
    const check = validatePostalAddress(['Cpl A Smith', '1 Rifles', last]);
    expect(check.errors).toEqual([{ line: 3, message: 'A BFPO address must end with BFPO and a number of 1 to 4 digits, such as BFPO 123' }]);
    expect(check.bfpo).toBe(false);
  });

  it.each(['@', '(', ')', '=', '[', ']', '"', '\\', '/', ',', '<', '>', '~'])('refuses a line starting with %j', (ch) => {
    const check = validatePostalAddress(['1 High Street', `${ch}Kingsthorpe`, 'Northampton', 'NN1 3AB']);
    expect(check.valid).toBe(false);
    expect(check.errors).toEqual([
      { line: 2, message: `Line 2 cannot start with the character ${ch}; printing systems misread it` },
    ]);
  });

  it('requires a letter or number on each of the first two lines', () => {
    const check = validatePostalAddress(['---', '. .', 'Northampton', 'NN1 3AB']);
    expect(check.errors).toEqual([
      { line: 1, message: 'Line 1 must contain a letter or a number' },
      { line: 2, message: 'Line 2 must contain a letter or a number' },
    ]);
  });

  it.each(['No fixed abode', 'NO FIXED ABODE', 'nfa', 'N.F.A.'])('refuses %j with its own message and nothing else', (line) => {
    const check = validatePostalAddress(['John Smith', line]);
    expect(check.valid).toBe(false);
    expect(check.errors).toEqual([
      { line: 2, message: 'The person has no fixed abode, so letters cannot be delivered; contact them another way' },
    ]);
  });

  it('does not treat NFA inside a longer line as no fixed abode', () => {
    expect(validatePostalAddress(['NFA Logistics', '1 Dock Road', 'Tilbury', 'RM18 7EH']).valid).toBe(true);
  });

  it.each([
    ['Northampton NN1 3AB', 'Northampton', 'NN1 3AB'],
    ['northampton nn13ab', 'northampton', 'NN1 3AB'],
    ['Milton Keynes MK9 2FZ', 'Milton Keynes', 'MK9 2FZ'],
    ['Cyprus BFPO 57', 'Cyprus', 'BFPO 57'],
  ])('splits the last line %j so the postcode stands on its own line', (last, town, code) => {
    const check = validatePostalAddress(['1 High Street', last]);
    expect(check).toMatchObject({ valid: true, lines: ['1 High Street', town, code] });
  });

  it('reports problems on a split line against the caller’s line number', () => {
    const check = validatePostalAddress(['1 High Street', '<Northampton NN1 3AB']);
    expect(check.lines).toEqual(['1 High Street', '<Northampton', 'NN1 3AB']);
    expect(check.errors).toEqual([{ line: 2, message: expect.stringContaining('Line 2 cannot start with the character <') }]);
  });

  it('re-checks the 7-line maximum after splitting', () => {
    const check = validatePostalAddress(['1', '2', '3', '4', '5', '6', 'Northampton NN1 3AB']);
    expect(check.lines).toHaveLength(8);
    expect(check.postcode).toBe('NN1 3AB');
    expect(check.errors).toEqual([
      { message: 'An address must have between 3 and 7 lines, including the postcode; this one has 8' },
    ]);
  });

  it('allows a 50-character line and refuses a 51-character one, naming the line', () => {
    expect(validatePostalAddress(['a'.repeat(50), 'Town', 'NN1 3AB']).valid).toBe(true);
    const check = validatePostalAddress(['1 High Street', 'b'.repeat(51), 'Town', 'NN1 3AB']);
    expect(check.errors).toEqual([
      { line: 2, message: 'Line 2 is 51 characters long; at most 50 fit in the envelope window' },
    ]);
  });

  it('reports every problem together and still returns its best cleaned lines', () => {
    const check = validatePostalAddress(['  ', '!!!', '', '=' + 'x'.repeat(55), 'Northampton', 'nn1 3a']);
    expect(check.valid).toBe(false);
    expect(check.lines).toEqual(['!!!', '=' + 'x'.repeat(55), 'Northampton', 'nn1 3a']);
    expect(check.errors).toEqual([
      { line: 6, message: LAST_LINE },
      { line: 2, message: 'Line 2 must contain a letter or a number' },
      { line: 4, message: 'Line 4 cannot start with the character =; printing systems misread it' },
      { line: 4, message: 'Line 4 is 56 characters long; at most 50 fit in the envelope window' },
    ]);
  });

  it.each([[[]], [['', '  ', 'United Kingdom']]])('refuses the empty address %j', (input) => {
    expect(validatePostalAddress(input)).toEqual({
      valid: false,
      lines: [],
      postcode: null,
      bfpo: false,
      errors: [{ message: 'The address is empty' }],
    });
  });
});
