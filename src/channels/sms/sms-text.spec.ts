import { MAX_SMS_FRAGMENTS, SmsTooLongError, assertSendableSms, isGsm7, prepareSms } from './sms-text.js';

const CYRILLIC = 'ж'; // one UTF-16 unit, outside GSM

describe('GSM-7 fragment counting', () => {
  it.each([
    [1, 1],
    [160, 1],
    [161, 2],
    [306, 2], // 2 × 153
    [307, 3],
    [918, 6], // 6 × 153
    [919, 7],
  ])('%i plain characters make %i fragment(s)', (length, fragments) => {
    const sms = prepareSms('a'.repeat(length));
    expect(sms).toEqual({ text: 'a'.repeat(length), encoding: 'GSM-7', characters: length, fragments });
  });

  it('counts € as 2 septets', () => {
    expect(prepareSms('€5')).toMatchObject({ encoding: 'GSM-7', characters: 3, fragments: 1 });
  });

  it.each(['^', '{', '}', '\\', '[', '~', ']', '|', '€', '\f'])('counts the extension character %j as 2', (ch) => {
    expect(prepareSms(`a${ch}b`)).toMatchObject({ encoding: 'GSM-7', characters: 4 });
  });

  it('lets an extension character push 159 septets to 161 and 2 fragments', () => {
    expect(prepareSms('a'.repeat(159) + '€')).toMatchObject({ characters: 161, fragments: 2 });
    expect(prepareSms('a'.repeat(158) + '€')).toMatchObject({ characters: 160, fragments: 1 });
  });

  it('never splits an escape pair across fragments, so 306 septets can need 3', () => {
    // Part 1 holds 152 a's (the € does not fit in the 153rd septet); part 2 holds € + 151 a's; 1 a is left over.
    const sms = prepareSms('a'.repeat(152) + '€' + 'a'.repeat(152));
    expect(sms).toMatchObject({ characters: 306, fragments: 3 });
  });

  it('counts a new line as 1 and turns CR LF into a single new line', () => {
    expect(prepareSms('a\nb')).toMatchObject({ text: 'a\nb', characters: 3, encoding: 'GSM-7' });
    expect(prepareSms('a\r\nb')).toMatchObject({ text: 'a\nb', characters: 3 });
  });

  it('treats £, $, ¤, ¥ and § as ordinary GSM characters', () => {
    expect(prepareSms('£5 $6 ¤ ¥ §')).toMatchObject({ encoding: 'GSM-7', characters: 11 });
  });

  it('keeps accented letters that GSM has, and stays GSM-7', () => {
    const sms = prepareSms('Jörg Müller, Renée, Ñ, à, ù, ì, ò, Ç, É, Å, ø, ß');
    expect(sms.text).toBe('Jörg Müller, Renée, Ñ, à, ù, ì, ò, Ç, É, Å, ø, ß');
    expect(sms.encoding).toBe('GSM-7');
  });
});

describe('UCS-2 fragment counting', () => {
  it.each([
    [70, 1],
    [71, 2],
    [134, 2], // 2 × 67
    [135, 3],
    [402, 6], // 6 × 67
    [403, 7],
  ])('%i characters outside GSM make %i fragment(s)', (length, fragments) => {
    expect(prepareSms(CYRILLIC.repeat(length))).toMatchObject({ encoding: 'UCS-2', characters: length, fragments });
  });

  it('counts one character outside GSM as forcing the whole text to UCS-2', () => {
    expect(prepareSms('a'.repeat(70) + CYRILLIC)).toMatchObject({ encoding: 'UCS-2', characters: 71, fragments: 2 });
  });

  it('counts an emoji as 2 UTF-16 code units', () => {
    expect(prepareSms('😀')).toMatchObject({ encoding: 'UCS-2', characters: 2, fragments: 1 });
    expect(prepareSms('a'.repeat(68) + '😀')).toMatchObject({ characters: 70, fragments: 1 });
    expect(prepareSms('a'.repeat(69) + '😀')).toMatchObject({ characters: 71, fragments: 2 });
  });

  it('never splits a surrogate pair across fragments, so 134 units can need 3', () => {
    // Part 1: 66 a's (the emoji does not fit in the 67th unit); part 2: emoji + 65 a's; 1 a left over.
    expect(prepareSms('a'.repeat(66) + '😀' + 'a'.repeat(66))).toMatchObject({ characters: 134, fragments: 3 });
  });

  it.each(['Dear Siân', 'Łukasz Wójcik', 'Dafydd ap Gruffydd Ŵyn', 'François', 'José Álvarez', 'Hélène Forêt', 'Zoë'])(
    'keeps the name in %j as typed, which forces UCS-2',
    (body) => {
      const sms = prepareSms(body);
      expect(sms.text).toBe(body);
      expect(sms.encoding).toBe('UCS-2');
      expect(sms.characters).toBe(body.length);
    },
  );
});

describe('safe replacements before counting', () => {
  it('replaces smart quotes and primes and stays GSM-7', () => {
    const sms = prepareSms('‘Hello’ “there” ‚x‛ „y‟ 5′ 6″ don`t it´s');
    expect(sms.text).toBe(`'Hello' "there" 'x' "y" 5' 6" don't it's`);
    expect(sms.encoding).toBe('GSM-7');
  });

  it('replaces dashes, minus and ellipsis, counting the ellipsis as 3', () => {
    const sms = prepareSms('Wait — now – 5 − 3 ‒ 2 ― 1…');
    expect(sms.text).toBe('Wait - now - 5 - 3 - 2 - 1...');
    expect(sms).toMatchObject({ encoding: 'GSM-7', characters: 29 });
  });

  it('replaces non-breaking and other Unicode spaces with a plain space', () => {
    const sms = prepareSms('a\u00A0b\u2002c\u2009d\u200Ae\u202Ff\u205Fg\u3000h\ti');
    expect(sms.text).toBe('a b c d e f g h i');
    expect(sms.encoding).toBe('GSM-7');
  });

  it('removes zero-width characters and stray joiners', () => {
    const sms = prepareSms('Hi\u200B there\u200D\uFEFF, call\u00AD us\u2060\u200C');
    expect(sms).toMatchObject({ text: 'Hi there, call us', encoding: 'GSM-7' });
  });

  it('keeps the joiner inside an emoji sequence', () => {
    const family = '👨\u200D👩\u200D👧';
    expect(prepareSms(`Hi ${family}`)).toMatchObject({ text: `Hi ${family}`, characters: 3 + 8 });
  });

  it('replaces bullets and guillemets', () => {
    expect(prepareSms('• one «two» ‹three›')).toMatchObject({ text: `- one "two" 'three'`, encoding: 'GSM-7' });
  });

  it('composes a combining accent, so e + ◌́ counts as the GSM letter é', () => {
    expect(prepareSms('Rene\u0301e')).toMatchObject({ text: 'Renée', encoding: 'GSM-7', characters: 5 });
  });

  it('trims leading and trailing whitespace, which costs characters and shows nothing', () => {
    expect(prepareSms('  Hello\n\n')).toMatchObject({ text: 'Hello', characters: 5 });
  });

  it('lets a smart-quoted 160-character text stay in one GSM fragment', () => {
    const sms = prepareSms('“' + 'a'.repeat(158) + '”');
    expect(sms).toMatchObject({ encoding: 'GSM-7', characters: 160, fragments: 1 });
  });
});

describe('isGsm7', () => {
  it('accepts the whole basic set and the extension table', () => {
    const basic =
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
    expect([...basic]).toHaveLength(127);
    expect(isGsm7(basic)).toBe(true);
    expect(isGsm7('\f^{}\\[~]|€')).toBe(true);
    expect(isGsm7('')).toBe(true);
  });

  it.each(['ç', 'á', 'ó', 'ê', 'â', 'ŵ', 'ł', '`', '\t', '’', '😀'])('refuses %j', (ch) => {
    expect(isGsm7(ch)).toBe(false);
  });
});

describe('assertSendableSms', () => {
  it('allows 6 fragments', () => {
    expect(MAX_SMS_FRAGMENTS).toBe(6);
    expect(() => assertSendableSms(prepareSms('a'.repeat(918)))).not.toThrow();
    expect(() => assertSendableSms(prepareSms(CYRILLIC.repeat(402)))).not.toThrow();
  });

  it('refuses 7 GSM-7 fragments and says by how much', () => {
    const sms = prepareSms('a'.repeat(1043));
    expect(() => assertSendableSms(sms)).toThrow(SmsTooLongError);
    expect(() => assertSendableSms(sms)).toThrow(
      'The text is 7 fragments (1,043 characters, GSM-7); the most we send is 6 (918 GSM-7 characters)',
    );
    expect(() => assertSendableSms(prepareSms('a'.repeat(919)))).toThrow('The text is 7 fragments (919 characters');
  });

  it('refuses 7 UCS-2 fragments', () => {
    expect(() => assertSendableSms(prepareSms(CYRILLIC.repeat(403)))).toThrow(
      'The text is 7 fragments (403 characters, UCS-2); the most we send is 6 (402 UCS-2 characters)',
    );
  });

  it.each(['', '   ', '\n\u00A0\u200B'])('refuses the empty text %j, which has 0 fragments', (body) => {
    const sms = prepareSms(body);
    expect(sms).toMatchObject({ text: '', characters: 0, fragments: 0 });
    expect(() => assertSendableSms(sms)).toThrow(SmsTooLongError);
    expect(() => assertSendableSms(sms)).toThrow('empty');
  });
});
