import { simpleParser } from 'mailparser';
import { encodeHeaderText, MailMerge } from './mail-merge.js';

const message = {
  from: 'Northtown Council – Community Safety <news@northtown.example>',
  subject: 'Newyddion Siân: fewer problems at Mill Court ✓',
  html: '<p>Hello</p><p><a href="%%LINK%%">Unsubscribe</a></p>',
  text: 'Hello\n\nUnsubscribe: %%LINK%%',
  headers: { 'List-Unsubscribe': '<%%LINK%%>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
};

describe('the mail merge', () => {
  it('builds a message every mail reader parses back to the same words, per recipient', async () => {
    const merge = new MailMerge(message);
    const link = 'https://asb.example.gov.uk/p/unsubscribe/0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e.abcdefghijklmnopqrstuvwxyzABCDEF';
    const { raw, messageId } = merge.build({ to: 'ana@example.com', values: { '%%LINK%%': link } }, new Date('2026-11-24T12:00:00Z'));
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.from?.value[0]).toEqual({ name: 'Northtown Council – Community Safety', address: 'news@northtown.example' });
    expect(parsed.to && !Array.isArray(parsed.to) && parsed.to.value[0].address).toBe('ana@example.com');
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.date?.toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(parsed.text?.trim()).toBe(`Hello\n\nUnsubscribe: ${link}`);
    expect(parsed.html).toContain(`<a href="${link}">`);
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(`List-Unsubscribe: <${link}>`);
    expect(raw.toString().split('\r\n').every((line) => line.length <= 998)).toBe(true);
  });

  it('gives every recipient their own message id and values', () => {
    const merge = new MailMerge(message);
    const a = merge.build({ to: 'a@example.com', values: { '%%LINK%%': 'https://x/a' } }, new Date());
    const b = merge.build({ to: 'b@example.com', values: { '%%LINK%%': 'https://x/b' } }, new Date());
    expect(a.messageId).not.toBe(b.messageId);
    expect(a.raw.toString()).toContain('<https://x/a>');
    expect(b.raw.toString()).not.toContain('https://x/a');
  });

  it('leaves plain ASCII headers alone and encodes the rest in short words', () => {
    expect(encodeHeaderText('Plain news')).toBe('Plain news');
    const encoded = encodeHeaderText('Ŵ'.repeat(40));
    expect(encoded.split('\r\n ').every((word) => /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/.test(word) && word.length <= 75)).toBe(true);
  });

  it('takes only plain addresses; anything else is composed the ordinary way', () => {
    expect(MailMerge.accepts('ana@example.com')).toBe(true);
    expect(MailMerge.accepts('Ana <ana@example.com>')).toBe(false);
    expect(MailMerge.accepts('añа@example.com')).toBe(false);
  });
});
