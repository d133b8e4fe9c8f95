/** Why a send failed, and whether trying again can help. */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'temporary' | 'permanent',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  get permanent(): boolean {
    return this.kind === 'permanent';
  }
}

export interface SmsMessage {
  contactId: string;
  to: string;
  from: string;
  body: string;
}

export interface EmailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface EmailMessage {
  contactId: string;
  to: string;
  from: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  attachments?: EmailAttachment[];
  headers?: Record<string, string>;
}

/** What a provider said when it accepted the message. */
export interface Accepted {
  providerMessageId: string;
}

export interface SmsTransport {
  readonly name: string;
  send(message: SmsMessage): Promise<Accepted>;
}

/** A message already composed (a mail merge), sent as it is. */
export interface RawEmail {
  contactId: string;
  envelope: { from: string; to: string };
  raw: Buffer;
  messageId: string;
}

export interface EmailTransport {
  readonly name: string;
  send(message: EmailMessage): Promise<Accepted>;
  sendRaw(message: RawEmail): Promise<Accepted>;
}

export const SMS_TRANSPORT = Symbol('SMS_TRANSPORT');
export const EMAIL_TRANSPORT = Symbol('EMAIL_TRANSPORT');
