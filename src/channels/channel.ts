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

/**
 * How a message counts against its provider's per-second limit (see ProviderRateLimit): a
 * `share` below 1 (bulletins) stops short of the limit, leaving the rest of each second to
 * victims' messages; `signal` stops the wait.
 */
export interface SendOptions {
  share?: number;
  signal?: AbortSignal;
}

export interface SmsTransport {
  readonly name: string;
  send(message: SmsMessage, options?: SendOptions): Promise<Accepted>;
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
  send(message: EmailMessage, options?: SendOptions): Promise<Accepted>;
  sendRaw(message: RawEmail, options?: SendOptions): Promise<Accepted>;
}

/**
 * The providers' per-second limits, shared by every instance (ProviderRateLimiter, provided
 * under PROVIDER_RATE_LIMIT). The live transports apply it themselves (rate-limited-transports.ts).
 */
export interface ProviderRateLimit {
  acquire(provider: string, signal?: AbortSignal, share?: number): Promise<void>;
}

export const SMS_TRANSPORT = Symbol('SMS_TRANSPORT');
export const EMAIL_TRANSPORT = Symbol('EMAIL_TRANSPORT');
export const PROVIDER_RATE_LIMIT = Symbol('PROVIDER_RATE_LIMIT');
