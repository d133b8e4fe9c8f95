import nodemailer, { type Transporter } from 'nodemailer';
import { DeliveryError, type Accepted, type EmailMessage, type EmailTransport, type RawEmail } from '../channel.js';

const TEMPORARY_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ESOCKET', 'ECONNECTION', 'EDNS']);

/**
 * Email over SMTP with nodemailer: HTML and plain text, replies to the SPOC. `now` is the service
 * clock (ClockService), so the Date header follows the training clock like every other date.
 */
export class SmtpEmailTransport implements EmailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(smtpUrl: string, private readonly now: () => Date = () => new Date()) {
    // A pool of open connections: one greeting and handshake per connection, not per email.
    this.transporter = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 8, maxMessages: 1000 } as never);
  }

  async send(message: EmailMessage): Promise<Accepted> {
    try {
      const info = await this.transporter.sendMail(toMailOptions(message, this.now()));
      return { providerMessageId: info.messageId };
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  async sendRaw(message: RawEmail): Promise<Accepted> {
    try {
      await this.transporter.sendMail({ envelope: message.envelope, raw: message.raw });
      return { providerMessageId: message.messageId };
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  close(): void {
    this.transporter.close();
  }
}

/** nodemailer's options for a message; `date` is its Date header (else nodemailer's wall clock). */
export function toMailOptions(message: EmailMessage, date: Date) {
  return {
    date,
    from: message.from,
    to: message.to,
    replyTo: message.replyTo,
    subject: message.subject,
    html: message.html,
    text: message.text,
    headers: { 'X-Contact-Id': message.contactId, ...message.headers },
    attachments: message.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  };
}

export function classifySmtpError(error: unknown): DeliveryError {
  const e = error as { responseCode?: number; code?: string; message?: string };
  if (typeof e.responseCode === 'number') {
    const kind = e.responseCode >= 500 ? 'permanent' : 'temporary';
    return new DeliveryError(kind, `smtp_${e.responseCode}`, `The mail server answered ${e.responseCode}`);
  }
  if (e.code && TEMPORARY_NETWORK_CODES.has(e.code)) {
    return new DeliveryError('temporary', e.code.toLowerCase(), `Could not reach the mail server (${e.code})`);
  }
  if (e.code === 'EENVELOPE') return new DeliveryError('permanent', 'invalid_address', 'The email address was refused');
  return new DeliveryError('temporary', 'unknown', `Sending email failed: ${e.message ?? String(error)}`);
}
