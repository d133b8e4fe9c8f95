// --- WinAnsi (the encoding of pdfkit's built-in Helvetica) -------------------------------------
// pdfkit writes each UTF-16 unit as hex without checking it fits one byte, so anything outside
// WinAnsi would come out as garbage glyphs. We keep Latin-1 and the 27 extra WinAnsi characters
// (€, smart quotes, dashes, •, …, ™, Œ, Š, Ž, ƒ…), map look-alikes (non-breaking hyphen, minus sign,
// odd spaces), fall back to the unaccented letter where one exists (ř → r, Ł → L) and print '?'
// for everything else (emoji, non-Latin scripts). Invisible characters (zero-width, soft hyphen)
// and stray combining marks are dropped.
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const SUBSTITUTES = new Map(Object.entries({
  '\t': ' ', '\u2010': '-', '\u2011': '-', '\u2012': '–', '\u2015': '—', '\u2212': '-', '\u2032': "'",
  '\u2033': '"', '\u00ad': '', '\u200b': '', '\u200c': '', '\u200d': '', '\u2060': '',
  '\ufeff': '', '\u202f': '\u00a0', '\u2007': '\u00a0', '\u2028': ' ', '\u2029': ' ',
  'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i', 'Ŧ': 'T', 'ŧ': 't',
}));
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const COMBINING_MARKS = /\p{M}/gu;

function isWinAnsi(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRAS.has(ch);
}

/** Makes one line of text printable in WinAnsi Helvetica (see the note above). */
export function toPrintable(text: string): string {
  if (PLAIN_ASCII.test(text)) return text;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (SUBSTITUTES.has(ch)) out += SUBSTITUTES.get(ch);
    else if (isWinAnsi(ch)) out += ch;
    else if (/^[\u2000-\u200a]$/.test(ch)) out += ' ';
    else {
      const base = ch.normalize('NFD').replace(COMBINING_MARKS, '');
      if (base === '') continue;
      out += base !== ch && [...base].every(isWinAnsi) ? base : '?';
    }
  }
  return out;
}

