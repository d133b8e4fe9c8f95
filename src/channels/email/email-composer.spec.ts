import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { EmailMessage } from '../channel.js';
import { composeEmail } from './email-composer.js';
import { toMailOptions } from './smtp-email.transport.js';

const date = new Date('2026-11-24T12:00:00Z');
const message: EmailMessage = {
  contactId: 'c-1',
  to: 'Jane Doe <jane.doe@example.com>',
  from: 'Northtown Council – Community Safety <news@northtown.example>',
  replyTo: "Pat O'Neil, SPOC <pat@council.example>",
  subject: 'Update on your report — Siân’s case ✓',
  html: '<p>Dear Jane,</p>\n<p>“Quoted” £5</p>',
  text: 'Dear Jane,\n\n“Quoted” £5\r\nthird line',
  headers: { 'X-Referral-Id': 'r-1' },
  attachments: [
    { filename: 'witness-service-referral-ABC.pdf', content: Buffer.from('%PDF-1.4 not really\n'.repeat(50)), contentType: 'application/pdf' },
    { filename: 'Siân (copy).txt', content: Buffer.from('hello'), contentType: 'text/plain' },
  ],
};

/** What a mail reader makes of a message: everything the tests and the console read. */
async function read(raw: Buffer) {
  const m = await simpleParser(raw);
  return {
    subject: m.subject, text: m.text, html: m.html, date: m.date?.toISOString(),
    from: m.from?.value, to: !Array.isArray(m.to) && m.to?.value, replyTo: m.replyTo?.value,
    contactId: m.headers.get('x-contact-id'), referralId: m.headers.get('x-referral-id'),
    attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString('base64') })),
  };
}

describe('the email composer (training outbox)', () => {
  it('writes a message a mail reader parses exactly as it parses nodemailer’s', async () => {
    const composed = composeEmail(message, date)!;
    const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    const reference = await composer.sendMail(toMailOptions(message, date));
    expect(await read(composed.raw)).toEqual(await read(reference.message as Buffer));
    expect((await simpleParser(composed.raw)).messageId).toBe(composed.messageId);
    expect(composed.messageId).toMatch(/^<[0-9a-f-]+@northtown\.example>$/);
  });

  it('writes plain headers a person can read in the file', () => {
    const raw = composeEmail({ ...message, to: 'jane.doe@example.com', attachments: undefined }, date)!.raw.toString('utf8');
    expect(raw).toContain('To: jane.doe@example.com\r\n');
    expect(raw).toContain('X-Contact-Id: c-1\r\n');
    expect(raw).toContain('Date: Tue, 24 Nov 2026 12:00:00 +0000\r\n');
  });

  it('leaves to nodemailer what it cannot take as it is', () => {
    expect(composeEmail({ ...message, to: 'siân@example.com' }, date)).toBeUndefined();
    expect(composeEmail({ ...message, to: 'jane@example.com\r\nBcc: x@example.com' }, date)).toBeUndefined();
    expect(composeEmail({ ...message, text: '' }, date)).toBeUndefined();
    expect(composeEmail({ ...message, headers: { 'Bad Name': 'x' } }, date)).toBeUndefined();
    expect(composeEmail({ ...message, subject: 'x'.repeat(1000) }, date)).toBeUndefined();
  });

  it('never lets a header value start a header of its own', async () => {
    const raw = composeEmail({ ...message, subject: 'Hello\r\nBcc: someone@example.com', headers: { 'X-Note': 'a\r\nBcc: b@example.com' } }, date)!.raw;
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).toBe('Hello\r\nBcc: someone@example.com');
  });
});
