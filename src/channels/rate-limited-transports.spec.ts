import type { EmailMessage, EmailTransport, ProviderRateLimit, RawEmail, SmsMessage, SmsTransport } from './channel.js';
import { RateLimitedEmailTransport, RateLimitedSmsTransport } from './rate-limited-transports.js';

/** Records, in order, each permit asked for and each message sent. */
function recorder() {
  const log: string[] = [];
  const limit: ProviderRateLimit = {
    acquire: async (provider, _signal, share) => {
      log.push(`acquire ${provider} ${share ?? 1}`);
    },
  };
  const email: EmailTransport = {
    name: 'smtp',
    send: async (m: EmailMessage) => (log.push(`send ${m.contactId}`), { providerMessageId: `<${m.contactId}>` }),
    sendRaw: async (m: RawEmail) => (log.push(`raw ${m.contactId}`), { providerMessageId: m.messageId }),
  };
  const sms: SmsTransport = { name: 'twilio', send: async (m: SmsMessage) => (log.push(`text ${m.contactId}`), { providerMessageId: `SM${m.contactId}` }) };
  return { log, limit, email, sms };
}

const EMAIL: EmailMessage = { contactId: 'k1', to: 'a@example.com', from: 'b@example.com', subject: 's', html: '<p>h</p>', text: 't' };

describe('rate-limited transports: the limit is applied by the transport, so no caller has to remember it', () => {
  it('waits for an SMTP permit before every email, plain or composed, and keeps the transport name', async () => {
    const { log, limit, email } = recorder();
    const limited = new RateLimitedEmailTransport(email, limit);
    expect(limited.name).toBe('smtp');
    await expect(limited.send(EMAIL)).resolves.toEqual({ providerMessageId: '<k1>' });
    await limited.sendRaw({ contactId: 'k2', envelope: { from: 'b@example.com', to: 'a@example.com' }, raw: Buffer.from('x'), messageId: '<k2>' }, { share: 0.8 });
    expect(log).toEqual(['acquire smtp 1', 'send k1', 'acquire smtp 0.8', 'raw k2']);
  });

  it('waits for a Twilio permit before every text', async () => {
    const { log, limit, sms } = recorder();
    const limited = new RateLimitedSmsTransport(sms, limit);
    await limited.send({ contactId: 'k3', to: '+447700900000', from: 'ASB', body: 'b' });
    await limited.send({ contactId: 'k4', to: '+447700900000', from: 'ASB', body: 'b' }, { share: 0.5 });
    expect(log).toEqual(['acquire twilio 1', 'text k3', 'acquire twilio 0.5', 'text k4']);
  });

  it('sends nothing when the wait is stopped', async () => {
    const { log, email } = recorder();
    const stopped: ProviderRateLimit = { acquire: async (_p, signal) => signal?.throwIfAborted() };
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await expect(new RateLimitedEmailTransport(email, stopped).send(EMAIL, { signal: controller.signal })).rejects.toThrow('shutting down');
    expect(log).toEqual([]);
  });
});
