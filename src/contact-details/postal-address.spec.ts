import { validatePostalAddress } from './postal-address.js';

const LAST_LINE = 'The last line must be a UK postcode in a real postcode area, such as NN1 3AB, or a BFPO number';
const count = (n: number) =>
  `The name and address must have between 3 and 7 lines to fit the envelope window, counting the name and the postcode; this one has ${n}`;

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
  ])('refuses %j, which has %i lines', (input, lines) => {
    const check = validatePostalAddress(input);
    expect(check.valid).toBe(false);
    expect(check.errors).toEqual([
      { message: count(lines) },
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
      { message: count(8) },
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

  describe('addresses that cannot be posted to (issue 12 item 10)', () => {
    it.each([
      [['Jane Doe', 'No fixed address', 'Northampton', 'NN1 3AB'], 2],
      [['Jane Doe', '12 High Street (no fixed abode)', 'Northampton', 'NN1 3AB'], 2],
      [['Jane Doe', 'Homeless', 'Northampton', 'NN1 3AB'], 2],
      [['Jane Doe', 'c/o none', 'Northampton', 'NN1 3AB'], 2],
      [['Jane Doe', 'Bus station [NFA]', 'Northampton', 'NN1 3AB'], 2],
      [['Jane Doe', 'No known address', 'Northampton', 'NN1 3AB'], 2],
      [['Jane Doe', 'Of no fixed abode', 'NN1 3AB'], 2],
      [['Jane Doe', 'Address: none', 'Northampton', 'NN1 3AB'], 2],
    ])('refuses %j, naming line %i', (input, line) => {
      expect(validatePostalAddress(input).errors).toEqual([
        { line, message: 'The person has no fixed abode, so letters cannot be delivered; contact them another way' },
      ]);
    });

    it.each([
      ['Homeless Persons Unit, Civic Centre'],
      ['St Mungo’s Homeless Hostel'],
      ['None Go By Farm'],
    ])('posts to the organisation line %j, which only mentions the words', (line) => {
      expect(validatePostalAddress(['Jane Doe', line, 'Northampton', 'NN1 3AB']).valid).toBe(true);
    });

    it.each(['NF1 1AA', 'QQ1 1AA', 'XM4 5HQ', 'BX1 1LT', 'GX12 1AA', 'BF2 1AA'])('refuses %j, whose postcode area does not exist or takes no letters', (code) => {
      const check = validatePostalAddress(['Jane Doe', '1 High Street', 'Town', code]);
      expect(check).toMatchObject({ valid: false, postcode: null });
      expect(check.errors).toEqual([{ line: 4, message: LAST_LINE }]);
    });

    it.each([
      ['GY1 1AA', 'Guernsey'], ['JE2 3AB', 'Jersey'], ['IM1 1AA', 'Isle of Man'], ['GX11 1AA', 'Gibraltar'], ['BT1 5GS', 'Belfast'],
      ['ZE1 0AA', 'Lerwick'], ['HS1 2AA', 'Stornoway'], ['E1 6AN', 'London'], ['W1A 1AA', 'London'], ['EC1A 1BB', 'London'],
    ])('posts to %j (%s) as inland', (code, town) => {
      expect(validatePostalAddress(['Jane Doe', '1 High Street', town, code])).toMatchObject({ valid: true, postcode: code });
    });

    it.each([
      ['S W1 A 1 AA', 'SW1A 1AA'],
      ['sw1a  1 aa', 'SW1A 1AA'],
      [' N N1 3A B ', 'NN1 3AB'],
    ])('accepts the postcode %j typed with stray spaces, printed as %j', (raw, code) => {
      const check = validatePostalAddress(['Jane Doe', '1 High Street', 'Town', raw]);
      expect(check).toMatchObject({ valid: true, postcode: code, lines: ['Jane Doe', '1 High Street', 'Town', code] });
    });

    it('counts the name in the window: name + 6 address lines fit, name + 7 do not', () => {
      const six = ['Flat 3', 'Rose Court', '12 High Street', 'Kingsthorpe', 'Northampton', 'NN2 6AA'];
      expect(validatePostalAddress(['Jane Doe', ...six]).valid).toBe(true);
      const seven = ['Flat 3', 'Rose Court', '12 High Street', 'Kingsthorpe', 'Northampton', 'Northamptonshire', 'NN2 6AA'];
      expect(validatePostalAddress(['Jane Doe', ...seven]).errors).toEqual([{ message: count(8) }]);
    });

    it.each(['Scotland', 'Cymru', 'Wales', 'England', 'Northern Ireland', 'United Kingdom', 'UK', 'GB'])('accepts the nation %j after the postcode', (nation) => {
      const check = validatePostalAddress(['Jane Doe', '1 High Street', 'Edinburgh', 'EH1 1YZ', nation]);
      expect(check).toMatchObject({ valid: true, postcode: 'EH1 1YZ', lines: ['Jane Doe', '1 High Street', 'Edinburgh', 'EH1 1YZ'] });
    });

    it('reports the BF1 postcode of a BFPO address', () => {
      const check = validatePostalAddress(['Cpl A Smith', '1 Rifles', 'bfpo 57', 'bf1 2au']);
      expect(check).toEqual({ valid: true, lines: ['Cpl A Smith', '1 Rifles', 'BFPO 57', 'BF1 2AU'], postcode: 'BF1 2AU', bfpo: true, errors: [] });
      expect(validatePostalAddress(['Cpl A Smith', '1 Rifles', 'BFPO 57 BF1 2AU'])).toMatchObject({ valid: true, postcode: 'BF1 2AU', bfpo: true });
    });
  });
});
