import twilio from 'twilio';
import { ContactPlanner } from '../src/contacts/contact-planner.js';
import { Dispatcher } from '../src/contacts/dispatcher.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SAFETY, bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { SmtpSink } from './support/smtp-sink.js';
import { startTestService, TestService } from './support/test-service.js';
import { waitFor } from './support/wait.js';

const AUTH_TOKEN = 'dispatch-auth-token';
const PUBLIC_BASE_URL = 'https://asb.example.gov.uk';
const MONDAY_10AM = new Date('2026-11-23T10:00:00Z');
/** The same number reports eight times here, so Case Review notices join these; they are not counted. */
const FIRST_CONTACTS = ['acknowledgement', 'spoc_introduction'];

describe('the contact plan and the dispatch engine', () => {
  const fakeTwilio = new FakeTwilio();
  const smtp = new SmtpSink();
  let service: TestService;
  let p: TestPartnership;
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    await fakeTwilio.start();
    await smtp.start();
    service = await startTestService(
      'embedded',
      { MODE: 'live', TWILIO_ACCOUNT_SID: 'AC' + '34'.repeat(16), TWILIO_AUTH_TOKEN: AUTH_TOKEN, SMTP_URL: smtp.url, PUBLIC_BASE_URL },
      undefined,
      fakeTwilio.httpClient(),
      { schedule: true },
    );
    dispatcher = service.app.get(Dispatcher);
    p = await buildPartnership(service);
  });
  afterAll(async () => {
    await service?.stop();
    await fakeTwilio.stop();
    await smtp.stop();
  });
  beforeEach(() => {
    service.clock.travelTo(MONDAY_10AM);
    fakeTwilio.failureRate = 0;
    fakeTwilio.invalidNumbers.clear();
  });

  const open = async (overrides: Record<string, unknown> = {}) =>
    (await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id, overrides)).expect(201)).body;
  const log = async (caseId: string) =>
    (await service.http().get(`/v1/cases/${caseId}/contacts`).set('Authorization', bearer(p.policeOfficer)).expect(200)).body as {
      id: string; purpose: string; channel: string; status: string; dueAt: string; replacesContactId: string | null; timeline: { status: string; reason: string | null }[];
    }[];
  const settled = (caseId: string, purposes: string[]) =>
    waitFor(async () => {
      const contacts = await log(caseId);
      return purposes.every((purpose) => contacts.some((c) => c.purpose === purpose && ['sent', 'delivered', 'failed'].includes(c.status))) && contacts;
    }, 20_000, `${purposes.join(', ')} to be sent`);

  it('acknowledges a new complaint and introduces the SPOC in one text on the first agreed channel, by itself', async () => {
    const c = await open({ victim: { name: 'Ada Ack', phone: '07911 123456', email: 'ada@example.com' } });
    const contacts = await settled(c.id, ['acknowledgement', 'spoc_introduction']);
    const ack = contacts.find((k) => k.purpose === 'acknowledgement')!;
    expect(ack).toMatchObject({ channel: 'sms', status: 'sent' });
    expect(ack.timeline.map((e) => e.status)).toEqual(['scheduled', 'queued', 'sending', 'sent', 'sent']);
    expect(ack.timeline.at(-1)!.reason).toBe('sent together with spoc introduction');
    const update = contacts.find((k) => k.purpose === 'update')!;
    expect(update.status).toBe('scheduled');
    expect(new Date(update.dueAt).getTime()).toBeGreaterThan(MONDAY_10AM.getTime() + 7 * 86_400_000); // 10 working days by default
    // One text covers both (issue 11): the introduction is recorded as sent together with it.
    const texts = fakeTwilio.received.filter((m) => m.body.includes(c.reference));
    expect(texts).toHaveLength(1);
    expect(texts[0].body).toContain('Your named contact is');
    const intro = contacts.find((k) => k.purpose === 'spoc_introduction')!;
    expect(intro.timeline.at(-1)).toMatchObject({ status: 'sent', reason: expect.stringContaining(`sent together with contact ${ack.id}`) });
  });

  it('records an agreement, refuses channels without details, and re-plans what is not yet sent', async () => {
    const c = await open({ victim: { name: 'Bea Agree', email: 'bea@example.com', address: ['3 Long Row', 'Northampton', 'NN1 5AB'] } });
    await settled(c.id, ['acknowledgement']);
    const bad = await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer))
      .send({ ...SAFETY, channels: ['email', 'sms'], cadence: { every: 7, unit: 'days' } }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'channels[1]', rule: 'contactDetails' });
    const invalid = await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer))
      .send({ ...SAFETY, channels: ['pigeon'], cadence: { every: 0, unit: 'weeks' } }).expect(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['channels', 'cadence.every', 'cadence.unit']));

    const agreed = await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer))
      .send({ ...SAFETY, channels: ['letter', 'email'], cadence: { every: 7, unit: 'days' }, largePrint: true }).expect(200);
    expect(agreed.body).toMatchObject({ channels: ['letter', 'email'], cadence: { every: 7, unit: 'days' }, largePrint: true });
    expect(agreed.body.consents.map((x: { channel: string }) => x.channel)).toEqual(['letter', 'email']);
    const pending = (await log(c.id)).find((k) => k.purpose === 'update' && k.status === 'scheduled')!;
    expect(pending.channel).toBe('letter');
    expect(pending.timeline.at(-1)!.reason).toBe('replanned after the contact agreement changed');
    const read = await service.http().get(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer)).expect(200);
    expect(read.body.channels).toEqual(['letter', 'email']);
  });

  it('sends an officer update once per Idempotency-Key and restarts the cadence', async () => {
    const c = await open({ victim: { name: 'Cal Update', email: 'cal@example.com' } });
    await settled(c.id, ['acknowledgement']);
    const send = (key: string, message: string) =>
      service.http().post(`/v1/cases/${c.id}/updates`).set('Authorization', bearer(p.policeOfficer)).set('Idempotency-Key', key).send({ message });
    const first = await send('update-1', 'We have spoken to the neighbours at number 14.').expect(202);
    const again = await send('update-1', 'We have spoken to the neighbours at number 14.').expect(202);
    expect(again.body).toEqual(first.body);
    await send('update-1', 'Something else entirely.').expect(422); // the same key for another request
    await waitFor(async () => smtp.messages.some((m) => m.text?.includes('spoken to the neighbours at number 14')), 20_000, 'the update email');
    expect(smtp.messages.filter((m) => m.text?.includes('spoken to the neighbours at number 14'))).toHaveLength(1);
    expect(new Date(first.body.nextUpdateDueAt).getTime()).toBeGreaterThan(MONDAY_10AM.getTime());
    await send('x'.repeat(300), 'hi').expect(400);
    await service.http().post(`/v1/cases/${c.id}/updates`).set('Authorization', bearer(p.policeOfficer)).send({ message: '   ' }).expect(400);
  });

  it('waits for the safe window: a text due on Sunday goes on Monday at 08:00', async () => {
    service.clock.travelTo(new Date('2026-11-29T10:00:00Z')); // Sunday
    const c = await open({ victim: { name: 'Dee Sunday', phone: '07911 123458' } });
    await dispatcher.tick();
    const waiting = await waitFor(async () => (await log(c.id)).find((k) => k.purpose === 'acknowledgement'), 10_000, 'the plan');
    expect(waiting.status).toBe('scheduled');
    expect(waiting.dueAt).toBe('2026-11-30T08:00:00.000Z');
    service.clock.travelTo(new Date('2026-11-30T08:00:05Z'));
    await settled(c.id, ['acknowledgement']);
  });

  it('fails over at once to the next agreed channel when Twilio refuses the number', async () => {
    fakeTwilio.invalidNumbers.add('+447911123459');
    const c = await open({ victim: { name: 'Eve Failover', phone: '07911 123459', email: 'eve@example.com' } });
    const contacts = await waitFor(async () => {
      const all = await log(c.id);
      const replacement = all.find((k) => k.purpose === 'acknowledgement' && k.replacesContactId);
      return replacement && ['sent', 'delivered'].includes(replacement.status) && all;
    }, 20_000, 'the failover email');
    const failed = contacts.find((k) => k.purpose === 'acknowledgement' && k.channel === 'sms')!;
    expect(failed.status).toBe('failed');
    expect(contacts.find((k) => k.replacesContactId === failed.id)!.channel).toBe('email');
    const tasks = await service.http().get('/v1/tasks').set('Authorization', bearer(p.policeOfficer)).expect(200);
    expect(tasks.body.some((t: { caseId: string; kind: string }) => t.caseId === c.id && t.kind === 'check_contact_details')).toBe(true);
  });

  it('delivers everything in the end when Twilio fails 30% of requests, backing off between tries', async () => {
    // Every request fails until one refusal is recorded (so the retry is sure to be tested: the
    // 16 contacts go as 8 combined texts, and 8 at 30% all succeed in about 1 run in 17), then 30%.
    fakeTwilio.failureRate = 1;
    const cases = await Promise.all(Array.from({ length: 8 }, (_, i) => open({ victim: { name: `Flaky ${i}`, phone: '07812 345678' } })));
    await waitFor(async () => {
      await dispatcher.tick();
      const all = (await Promise.all(cases.map((c) => log(c.id)))).flat();
      return all.some((k) => k.timeline.some((e) => e.reason?.startsWith('Twilio is unavailable')));
    }, 20_000, 'a refusal from Twilio');
    fakeTwilio.failureRate = 0.3;
    for (let round = 0; round < 30; round++) {
      const all = (await Promise.all(cases.map((c) => log(c.id)))).flat().filter((k) => FIRST_CONTACTS.includes(k.purpose));
      if (all.length === 16 && all.every((k) => k.status === 'sent')) break;
      service.clock.travelTo(new Date(service.clock.now().getTime() + 3_600_000)); // past any backoff
      await dispatcher.tick();
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    const all = (await Promise.all(cases.map((c) => log(c.id)))).flat().filter((k) => FIRST_CONTACTS.includes(k.purpose));
    expect(all.map((k) => k.status)).toEqual(Array(16).fill('sent'));
    const retried = all.filter((k) => k.timeline.some((e) => e.reason?.startsWith('Twilio is unavailable')));
    expect(retried.length).toBeGreaterThan(0);
  });

  it('takes SMS out of the agreement on STOP, confirms once, and tells the SPOC; other replies reach the SPOC', async () => {
    const c = await open({ victim: { name: 'Gus Stop', phone: '07911 777888', email: 'gus@example.com' } });
    await settled(c.id, ['acknowledgement']);
    const inbound = (params: Record<string, string>) =>
      service.http().post('/v1/webhooks/twilio/inbound').type('form')
        .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/v1/webhooks/twilio/inbound`, params))
        .send(params);
    await service.http().post('/v1/webhooks/twilio/inbound').type('form').set('X-Twilio-Signature', 'forged').send({ From: '+447911777888', Body: 'STOP' }).expect(403);
    const stop = await inbound({ From: '+447911777888', Body: ' stop ', MessageSid: 'SMin1' }).expect(200);
    expect(stop.text).toContain('You will not get any more texts');
    const again = await inbound({ From: '+447911777888', Body: 'STOP', MessageSid: 'SMin2' }).expect(200);
    expect(again.text).not.toContain('<Message>');
    const agreement = await service.http().get(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer)).expect(200);
    expect(agreement.body.channels).not.toContain('sms');
    const pending = (await log(c.id)).find((k) => k.purpose === 'update' && k.status === 'scheduled')!;
    expect(pending.channel).toBe('email');
    await inbound({ From: '+447911777888', Body: 'They were back again last night', MessageSid: 'SMin3' }).expect(200);
    const tasks = (await service.http().get('/v1/tasks').set('Authorization', bearer(p.policeOfficer)).expect(200)).body
      .filter((t: { caseId: string; kind: string }) => t.caseId === c.id && t.kind === 'read_reply');
    expect(tasks).toHaveLength(2); // one for STOP (a repeated STOP changes nothing: issue 10), one for the reply
    expect(tasks.map((t: { briefing: { whatToCover: string } }) => t.briefing.whatToCover).join(' ')).toContain('They were back again last night');
    const [stored] = await service.sql<{ body_enc: Buffer }>('SELECT body_enc FROM inbound_messages WHERE provider_message_id = $1', ['SMin3']);
    expect(stored.body_enc.toString('latin1')).not.toContain('back again');
  });

  it('sends a holding update when the officer has not written one, after reminding the SPOC, and flags the case', async () => {
    const c = await open({ victim: { name: 'Hal Holding', phone: '07911 123457' } });
    await settled(c.id, ['acknowledgement', 'spoc_introduction']);
    const pending = (await log(c.id)).find((k) => k.purpose === 'update' && k.status === 'scheduled')!;
    const planner = service.app.get(ContactPlanner);
    service.clock.travelTo(new Date(new Date(pending.dueAt).getTime() - 20 * 3_600_000));
    expect(await planner.remindSpocs()).toBeGreaterThanOrEqual(1);
    const tasks = (await service.http().get('/v1/tasks?mine=true').set('Authorization', bearer(p.policeOfficer)).expect(200)).body;
    expect(tasks.some((t: { caseId: string; kind: string }) => t.caseId === c.id && t.kind === 'write_update')).toBe(true);
    service.clock.travelTo(new Date(new Date(pending.dueAt).getTime() + 1000));
    await dispatcher.tick();
    const contacts = await settled(c.id, ['holding_update']);
    expect(contacts.filter((k) => k.purpose === 'update' && k.status === 'scheduled')).toHaveLength(1); // the next one
    const holding = fakeTwilio.received.filter((m) => m.body.startsWith('Hello Hal') && /contact you by \d+ \w+ 20\d\d with an update/.test(m.body));
    expect(holding).toHaveLength(1);
    const listed = await service.http().get('/v1/cases').set('Authorization', bearer(p.policeSupervisor)).expect(200);
    expect(listed.body.find((x: { id: string }) => x.id === c.id).updateOverdueSince).not.toBeNull();
  });

  it('cancels everything not yet sent when a case closes, except the closure message and survey', async () => {
    const c = await open({ victim: { name: 'Ivy Close', phone: '07911 123456' } });
    await settled(c.id, ['acknowledgement', 'spoc_introduction']);
    const planner = service.app.get(ContactPlanner);
    expect(await planner.cancelUnsent(c.id, service.manager)).toBe(1); // the pending update
    expect((await log(c.id)).filter((k) => k.status === 'cancelled').map((k) => k.purpose)).toEqual(['update']);
  });

  it('lists what is due for the organisation', async () => {
    const due = await service.http().get('/v1/contacts?status=scheduled').set('Authorization', bearer(p.policeOfficer)).expect(200);
    expect(due.body.length).toBeGreaterThan(0);
    expect(due.body.every((k: { status: string }) => k.status === 'scheduled')).toBe(true);
    const other = await service.http().get('/v1/contacts').set('Authorization', bearer(p.councilOfficer)).expect(200);
    expect(other.body).toEqual([]);
    await service.http().get('/v1/contacts?status=lost').set('Authorization', bearer(p.policeOfficer)).expect(400);
  });
});
