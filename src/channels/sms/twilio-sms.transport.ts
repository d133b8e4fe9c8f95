import twilio from 'twilio';
import { DeliveryError, type Accepted, type SmsMessage, type SmsTransport } from '../channel.js';
import { TWILIO_ERROR_CODES, twilioErrorClass } from './twilio-error-codes.js';

const TEMPORARY_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE', 'ECONNABORTED']);

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** Where Twilio reports delivery: PUBLIC_BASE_URL + /v1/webhooks/twilio/status. */
  statusCallback: string;
  /** Only for tests against a local Twilio-compatible API. */
  httpClient?: InstanceType<typeof twilio.RequestClient>;
}

/** SMS through the real Twilio SDK and Messages API. */
export class TwilioSmsTransport implements SmsTransport {
  readonly name = 'twilio';
  private readonly client: ReturnType<typeof twilio>;

  constructor(private readonly options: TwilioOptions) {
    this.client = twilio(options.accountSid, options.authToken, {
      // Keep-alive: one TLS handshake per connection, not per text.
      httpClient: options.httpClient ?? new twilio.RequestClient({ keepAlive: true, timeout: 15_000 }),
    });
  }

  async send(message: SmsMessage): Promise<Accepted> {
    try {
      const sent = await this.client.messages.create({
        to: message.to,
        from: message.from,
        body: message.body,
        statusCallback: this.options.statusCallback,
      });
      return { providerMessageId: sent.sid };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }
}

export function classifyTwilioError(error: unknown): DeliveryError {
  const e = error as { status?: number; code?: number | string; message?: string };
  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : undefined;
    if (e.status === 429 || e.status >= 500) {
      return new DeliveryError('temporary', `http_${e.status}`, `Twilio is unavailable (HTTP ${e.status})`);
    }
    if (code !== undefined && TWILIO_ERROR_CODES[code]) {
      const known = twilioErrorClass(code);
      return new DeliveryError(known.kind, known.code, `${known.reason} (Twilio error ${code})`);
    }
    return new DeliveryError('permanent', code ? `twilio_${code}` : `http_${e.status}`, `Twilio refused the message (HTTP ${e.status}${code ? `, ${code}` : ''})`);
  }
  const networkCode = typeof e.code === 'string' ? e.code : undefined;
  if (networkCode && TEMPORARY_NETWORK_CODES.has(networkCode)) {
    return new DeliveryError('temporary', networkCode.toLowerCase(), `Could not reach Twilio (${networkCode})`);
  }
  return new DeliveryError('temporary', 'unknown', `Twilio call failed: ${withoutNumbers(e.message ?? String(error))}`);
}

/**
 * Twilio's words often quote the number ("The 'To' number +447… is not valid"); failure reasons
 * are stored in the clear, so the number goes.
 */
export function withoutNumbers(text: string): string {
  return text.replace(/(\+|\()?\d[\d\s()-]{6,}\d/g, '[number]');
}
