import type { Accepted, EmailMessage, EmailTransport, ProviderRateLimit, RawEmail, SendOptions, SmsMessage, SmsTransport } from './channel.js';

/**
 * Every email waits for its place within the SMTP provider's per-second limit (shared by every
 * instance), so no caller has to remember it. Live mode only: the training outbox has no limit.
 */
export class RateLimitedEmailTransport implements EmailTransport {
  readonly name: string;

  constructor(private readonly inner: EmailTransport, private readonly limit: ProviderRateLimit, private readonly provider = 'smtp') {
    this.name = inner.name;
  }

  /** Sends `message` once the limit allows; `options.share` below 1 leaves the rest of each second to others. */
  async send(message: EmailMessage, options: SendOptions = {}): Promise<Accepted> {
    await this.limit.acquire(this.provider, options.signal, options.share);
    return this.inner.send(message);
  }

  /** Sends an already composed message once the limit allows. */
  async sendRaw(message: RawEmail, options: SendOptions = {}): Promise<Accepted> {
    await this.limit.acquire(this.provider, options.signal, options.share);
    return this.inner.sendRaw(message);
  }
}

/** Every text waits for its place within Twilio's per-second limit (shared by every instance). */
export class RateLimitedSmsTransport implements SmsTransport {
  readonly name: string;

  constructor(private readonly inner: SmsTransport, private readonly limit: ProviderRateLimit, private readonly provider = 'twilio') {
    this.name = inner.name;
  }

  /** Sends `message` once the limit allows; `options.share` below 1 leaves the rest of each second to others. */
  async send(message: SmsMessage, options: SendOptions = {}): Promise<Accepted> {
    await this.limit.acquire(this.provider, options.signal, options.share);
    return this.inner.send(message);
  }
}
