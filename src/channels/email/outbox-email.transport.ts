import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Accepted, EmailMessage, EmailTransport, RawEmail } from '../channel.js';
import { writeOutboxFile } from '../outbox-file.js';
import { composeEmail } from './email-composer.js';
import { toMailOptions } from './smtp-email.transport.js';

/** Training mode: each email becomes `<outbox>/email/<contact id>.eml`, exactly as it would be sent. */
export class OutboxEmailTransport implements EmailTransport {
  readonly name = 'outbox';
  private readonly composer: Transporter;

  constructor(private readonly outboxDir: string, private readonly now: () => Date = () => new Date()) {
    this.composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  /** Composes the message (with string joins; nodemailer for the few it cannot take) and writes it. */
  async send(message: EmailMessage): Promise<Accepted> {
    const date = this.now();
    const composed = composeEmail(message, date);
    if (composed) {
      await writeOutboxFile(join(this.outboxDir, 'email'), `${message.contactId}.eml`, composed.raw);
      return { providerMessageId: composed.messageId };
    }
    const info = await this.composer.sendMail(toMailOptions(message, date));
    await writeOutboxFile(join(this.outboxDir, 'email'), `${message.contactId}.eml`, info.message as Buffer);
    return { providerMessageId: info.messageId };
  }

  /** Writes a message composed already (the bulletins' mail merge). */
  async sendRaw(message: RawEmail): Promise<Accepted> {
    await writeOutboxFile(join(this.outboxDir, 'email'), `${message.contactId}.eml`, message.raw);
    return { providerMessageId: message.messageId };
  }
}
