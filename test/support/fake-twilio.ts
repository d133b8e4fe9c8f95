import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface ReceivedSms {
  accountSid: string;
  authorization: string;
  to: string;
  from: string;
  body: string;
  statusCallback?: string;
  sid: string;
  receivedAt: number;
}

/** The real SDK's HTTP client, with api.twilio.com swapped for a local address. */
export function localTwilioClient(baseUrl: () => string): InstanceType<typeof twilio.RequestClient> {
  class LocalRequestClient extends twilio.RequestClient {
    override request<T>(opts: Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0]) {
      opts.uri = opts.uri.replace(/^https:\/\/[^/]+/, baseUrl());
      return super.request<T>(opts as never);
    }
  }
  return new LocalRequestClient({ keepAlive: true });
}

/**
 * A local stand-in for Twilio's Messages API, so the real SDK can be exercised end to end.
 * It records what Twilio would receive and can be told to fail like Twilio does.
 */
export class FakeTwilio {
  readonly received: ReceivedSms[] = [];
  /** Numbers Twilio would refuse as invalid (error 21211). */
  readonly invalidNumbers = new Set<string>();
  /** Fraction of requests answered 500 or 429, for retry tests. */
  failureRate = 0;
  /** Runs after a message is accepted and before the API answers, e.g. to post an early delivery report. */
  beforeAnswer?: (sms: ReceivedSms) => Promise<void>;
  private server?: Server;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A twilio RequestClient that sends the SDK's requests here instead of api.twilio.com. */
  httpClient(): InstanceType<typeof twilio.RequestClient> {
    return localTwilioClient(() => this.baseUrl);
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? '');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !match) return reply(404, { code: 20404, message: 'Not found', status: 404 });
    if (this.failureRate > 0 && Math.random() < this.failureRate) {
      const status = Math.random() < 0.5 ? 500 : 429;
      return reply(status, { code: status === 429 ? 20429 : 20500, message: 'Try again later', status });
    }
    const to = form.get('To') ?? '';
    if (this.invalidNumbers.has(to)) {
      return reply(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 });
    }
    const sms: ReceivedSms = {
      accountSid: match[1],
      authorization: req.headers.authorization ?? '',
      to,
      from: form.get('From') ?? '',
      body: form.get('Body') ?? '',
      statusCallback: form.get('StatusCallback') ?? undefined,
      sid: `SM${randomBytes(16).toString('hex')}`,
      receivedAt: Date.now(),
    };
    this.received.push(sms);
    await this.beforeAnswer?.(sms);
    reply(201, { sid: sms.sid, account_sid: sms.accountSid, to: sms.to, from: sms.from, body: sms.body, status: 'queued', num_segments: '1' });
  }
}
