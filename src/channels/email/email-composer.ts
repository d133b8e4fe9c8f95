import { randomUUID } from 'node:crypto';
import type { EmailMessage } from '../channel.js';
import { base64Lines, encodeAddress, encodeHeaderText, MailMerge } from './mail-merge.js';

/**
 * One email composed with string joins and base64, as the mail merge does (mail-merge.ts), for
 * the training outbox's `.eml` files: about four times cheaper than composing with nodemailer.
 * The result is a complete RFC 5322 message: a multipart/alternative body (plain text, then
 * HTML), inside a multipart/mixed one when there are attachments, each part base64. Returns
 * undefined when the message needs nodemailer's care (an address it cannot take as it is, a
 * header line too long, an empty body), so the caller composes that one with nodemailer.
 */
export function composeEmail(message: EmailMessage, date: Date): { raw: Buffer; messageId: string } | undefined {
  if (!message.text || !message.html) return undefined;
  const from = address(message.from);
  const to = address(message.to);
  const replyTo = message.replyTo === undefined ? '' : address(message.replyTo);
  if (from === undefined || to === undefined || replyTo === undefined) return undefined;
  const domain = /@([^>\s]+)>?\s*$/.exec(message.from)?.[1] ?? 'localhost';
  const messageId = `<${randomUUID()}@${domain}>`;
  const head = [`From: ${from}`, `To: ${to}`, ...(replyTo ? [`Reply-To: ${replyTo}`] : []), `Subject: ${encodeHeaderText(message.subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`, `Message-ID: ${messageId}`, 'MIME-Version: 1.0'];
  for (const [name, value] of Object.entries({ 'X-Contact-Id': message.contactId, ...message.headers })) {
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) return undefined;
    head.push(`${name}: ${encodeHeaderText(value)}`);
  }
  const alternative = `--_alt_${randomUUID()}`;
  const body = (type: string, text: string) => part(alternative, `${type}; charset=utf-8`, '', base64Lines(text));
  let content = `Content-Type: multipart/alternative; boundary="${alternative}"${CRLF}${CRLF}` +
    body('text/plain', message.text) + body('text/html', message.html) + `--${alternative}--${CRLF}`;
  if (message.attachments?.length) {
    const mixed = `--_mixed_${randomUUID()}`;
    let parts = `--${mixed}${CRLF}${content}`;
    for (const a of message.attachments) {
      if (!/^[\w.+-]+\/[\w.+-]+$/.test(a.contentType)) return undefined;
      const name = fileName(a.filename);
      parts += part(mixed, `${a.contentType}; name${name}`, `Content-Disposition: attachment; filename${name}${CRLF}`, base64Lines(a.content));
    }
    content = `Content-Type: multipart/mixed; boundary="${mixed}"${CRLF}${CRLF}${parts}--${mixed}--${CRLF}`;
  }
  if (head.some((line) => line.length > 998)) return undefined;
  return { raw: Buffer.from(head.join(CRLF) + CRLF + content, 'utf8'), messageId };
}

const CRLF = '\r\n';

/** One body part: its headers, a blank line, its base64 lines. */
function part(boundary: string, contentType: string, extraHeaders: string, base64: string): string {
  return `--${boundary}${CRLF}Content-Type: ${contentType}${CRLF}${extraHeaders}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64}${CRLF}`;
}

/** An address header's value, or undefined if it is not one plain address with an optional display name. */
function address(value: string): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(value)) return undefined;
  const bare = /<([^>]*)>\s*$/.exec(value)?.[1] ?? value.trim();
  return MailMerge.accepts(bare) ? encodeAddress(value) : undefined;
}

/** `="name"` when the name is plain ASCII, else RFC 2231's `*=utf-8''percent-encoded`. */
function fileName(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name) && !/["\\]/.test(name)) return `="${name}"`;
  return `*=utf-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
