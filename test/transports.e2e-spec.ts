import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { DeliveryError } from '../src/channels/channel.js';
import { OutboxEmailTransport } from '../src/channels/email/outbox-email.transport.js';
import { SmtpEmailTransport } from '../src/channels/email/smtp-email.transport.js';
import { OutboxSmsTransport } from '../src/channels/sms/outbox-sms.transport.js';
import { TwilioSmsTransport } from '../src/channels/sms/twilio-sms.transport.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SmtpSink } from './support/smtp-sink.js';

const SID = 'AC' + 'ab'.repeat(16);

describe('SMS through the real twilio SDK', () => {
  const fake = new FakeTwilio();
  let transport: TwilioSmsTransport;
  beforeAll(async () => {
    await fake.start();
    transport = new TwilioSmsTransport({
      accountSid: SID,
      authToken: 'secret-token',
      statusCallback: 'https://asb.example.gov.uk/v1/webhooks/twilio/status',
      httpClient: fake.httpClient(),
    });
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.failureRate = 0;
  });

  it('sends what Twilio expects, authenticated, with the status callback', async () => {
    const accepted = await transport.send({ contactId: 'c1', to: '+447911123456', from: 'NorthtownBC', body: 'Hello Jane' });
    const request = fake.received.at(-1)!;
    expect(accepted.providerMessageId).toBe(request.sid);
    expect(request).toMatchObject({
      accountSid: SID,
      to: '+447911123456',
      from: 'NorthtownBC',
      body: 'Hello Jane',
      statusCallback: 'https://asb.example.gov.uk/v1/webhooks/twilio/status',
    });
    expect(request.authorization).toBe(`Basic ${Buffer.from(`${SID}:secret-token`).toString('base64')}`);
  });

  it('reports an invalid number (21211) as permanent', async () => {
    fake.invalidNumbers.add('+447911000000');
    const error = await transport.send({ contactId: 'c2', to: '+447911000000', from: 'CSP', body: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: 'permanent', code: 'twilio_21211' });
  });

  it('reports provider 5xx and 429 as temporary', async () => {
    fake.failureRate = 1;
    const error = await transport.send({ contactId: 'c3', to: '+447911123456', from: 'CSP', body: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'temporary' });
    expect(['http_500', 'http_429']).toContain(error.code);
  });

  it('reports an unreachable Twilio as temporary', async () => {
    const down = new FakeTwilio();
    await down.start();
    const client = down.httpClient();
    await down.stop();
    const offline = new TwilioSmsTransport({ accountSid: SID, authToken: 't', statusCallback: 'https://x.example/cb', httpClient: client });
    const error = await offline.send({ contactId: 'c4', to: '+447911123456', from: 'CSP', body: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'temporary', code: 'econnrefused' });
  });
});

describe('email over real SMTP', () => {
  const sink = new SmtpSink();
  let transport: SmtpEmailTransport;
  beforeAll(async () => {
    await sink.start();
    transport = new SmtpEmailTransport(sink.url);
  });
  afterAll(async () => {
    transport.close();
    await sink.stop();
  });

  const email = {
    contactId: 'contact-1',
    to: 'jane@example.com',
    from: 'Northtown Borough Council <no-reply@northtown.example>',
    replyTo: 'Jordan Ellis <jordan.ellis@northtown.example>',
    subject: 'Your report: ASB-2026-000123',
    html: '<p>Hello Jane</p>',
    text: 'Hello Jane',
    attachments: [{ filename: 'action-plan.pdf', content: Buffer.from('%PDF-1.7 test'), contentType: 'application/pdf' }],
  };

  it('delivers subject, HTML and text parts, Reply-To the SPOC and the attachment', async () => {
    const accepted = await transport.send(email);
    const mail = sink.messages.at(-1)!;
    expect(mail.subject).toBe('Your report: ASB-2026-000123');
    expect(mail.html).toContain('<p>Hello Jane</p>');
    expect(mail.text?.trim()).toBe('Hello Jane');
    expect(mail.replyTo?.value[0].address).toBe('jordan.ellis@northtown.example');
    expect(mail.headers.get('x-contact-id')).toBe('contact-1');
    expect(mail.messageId).toBe(accepted.providerMessageId);
    expect(mail.attachments[0]).toMatchObject({ filename: 'action-plan.pdf', contentType: 'application/pdf' });
    expect(mail.attachments[0].content.toString()).toBe('%PDF-1.7 test');
  });

  it('keeps connections open between emails rather than greeting the server every time', async () => {
    const before = sink.connections;
    for (let i = 0; i < 5; i++) await transport.send({ ...email, contactId: `pooled-${i}` });
    expect(sink.connections - before).toBeLessThanOrEqual(1);
  });

  it('reports a refused mailbox (5xx) as permanent', async () => {
    sink.rejectRecipients.add('gone@example.com');
    const error = await transport.send({ ...email, to: 'gone@example.com' }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'permanent', code: 'smtp_550' });
  });

  it('reports a mail server that is down as temporary', async () => {
    const down = new SmtpEmailTransport('smtp://127.0.0.1:1');
    const error = await down.send(email).catch((e) => e);
    down.close();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.kind).toBe('temporary');
    expect(['esocket', 'econnrefused', 'econnection']).toContain(error.code);
  });
});

describe('training outbox', () => {
  const outbox = mkdtempSync(join(tmpdir(), 'asb-outbox-'));

  it('writes each SMS as JSON named after the contact', async () => {
    await new OutboxSmsTransport(outbox).send({ contactId: 'abc', to: '+447911123456', from: 'CSP', body: 'Hello “Jane”' });
    const file = JSON.parse(readFileSync(join(outbox, 'sms', 'abc.json'), 'utf8'));
    expect(file).toMatchObject({ to: '+447911123456', body: 'Hello “Jane”', encoding: 'GSM-7', fragments: 1 });
  });

  it('writes each email as an .eml a mail client can open', async () => {
    await new OutboxEmailTransport(outbox).send({ contactId: 'def', to: 'jane@example.com', from: 'CSP <no-reply@csp.example>', subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' });
    const mail = await simpleParser(readFileSync(join(outbox, 'email', 'def.eml')));
    expect(mail.subject).toBe('Hello');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('jane@example.com');
  });
});
