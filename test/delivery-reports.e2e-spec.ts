import twilio from 'twilio';
import { ContactLog } from '../src/contacts/contact-log.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { startTestService, TestService } from './support/test-service.js';

const AUTH_TOKEN = 'test-auth-token';
const PUBLIC_BASE_URL = 'https://asb.example.gov.uk';
const HOUR = 3_600_000;

/**
 * Twilio's delivery reports (status callback) for victims' texts: a report that arrives before
 * messages.create has answered is kept and applied once the message id is recorded; Twilio's
 * error codes are sorted into retry (temporary) and fail over (permanent).
 */
describe('delivery reports (fake Twilio, real PostgreSQL)', () => {
  const fakeTwilio = new FakeTwilio();
  let service: TestService;
  let p: TestPartnership;
  let caseId: string;
  let log: ContactLog;
  let delivery: DeliveryService;

  beforeAll(async () => {
    await fakeTwilio.start();
    service = await startTestService(
      'embedded',
      { MODE: 'live', TWILIO_ACCOUNT_SID: 'AC' + '34'.repeat(16), TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL },
      undefined,
      fakeTwilio.httpClient(),
    );
    p = await buildPartnership(service);
    caseId = (await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id)).expect(201)).body.id;
    log = service.app.get(ContactLog);
    delivery = service.app.get(DeliveryService);
  });
  afterAll(async () => {
    await service?.stop();
    await fakeTwilio.stop();
  });
  afterEach(() => {
    fakeTwilio.beforeAnswer = undefined;
  });

  const report = (params: Record<string, string>) =>
    service
      .http()
      .post('/v1/webhooks/twilio/status')
      .type('form')
      .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/v1/webhooks/twilio/status`, params))
      .send(params);
  const newSms = () => log.create({ caseId, purpose: 'acknowledgement', channel: 'sms', dueAt: service.clock.now() }, service.manager);
  /** Twilio answers messages.create only after it has posted this report. */
  const reportFirst = (status: string, errorCode?: string) => {
    fakeTwilio.beforeAnswer = async (sms) => {
      await report({ MessageSid: sms.sid, MessageStatus: status, ...(errorCode ? { ErrorCode: errorCode } : {}) }).expect(204);
    };
  };
  const kept = () => service.sql<{ provider_message_id: string }>('SELECT provider_message_id FROM early_delivery_reports');
  const tasksOf = async (kind: string): Promise<{ briefing: { whatToCover: string } }[]> => {
    const ids = await service.sql<{ id: string }>(`SELECT id FROM officer_tasks WHERE case_id = $1 AND kind = $2 ORDER BY created_at`, [caseId, kind]);
    const read = (id: string) => service.http().get(`/v1/tasks/${id}`).set('Authorization', bearer(p.policeOfficer)).expect(200);
    return Promise.all(ids.map(async ({ id }) => (await read(id)).body));
  };

  it('applies an "undelivered" report that beat the message id: the text fails, fails over and the SPOC is told', async () => {
    const tasksBefore = (await tasksOf('check_contact_details')).length;
    reportFirst('undelivered', '30006');
    const contact = await newSms();
    expect(await delivery.deliver(contact.id)).toBe('sent');
    const sid = fakeTwilio.received.at(-1)!.sid;
    expect(await log.find(contact.id)).toMatchObject({ status: 'failed', providerMessageId: sid, failureCode: 'twilio_30006' });
    const timeline = await log.timeline(contact.id);
    expect(timeline.map((e) => e.status)).toEqual(['scheduled', 'sending', 'sent', 'failed', 'failed']);
    expect(timeline.at(-1)!.reason).toBe('handed on to email'); // the next channel the victim agreed to
    const [replacement] = await service.sql<{ channel: string }>('SELECT channel FROM contacts WHERE replaces_contact_id = $1', [contact.id]);
    expect(replacement.channel).toBe('email');
    const tasks = await tasksOf('check_contact_details');
    expect(tasks).toHaveLength(tasksBefore + 1);
    expect(tasks.at(-1)!.briefing.whatToCover).toContain('landline');
    expect(tasks.at(-1)!.briefing.whatToCover).not.toMatch(/\d{6}/);
    expect(await kept()).toEqual([]);
  });

  it('applies a "delivered" report that beat the message id', async () => {
    reportFirst('delivered');
    const contact = await newSms();
    await delivery.deliver(contact.id);
    expect((await log.find(contact.id))!.status).toBe('delivered');
    expect(await kept()).toEqual([]);
  });

  it('puts a text back for a retry on 30003 (phone off or out of signal), with no failover and no task', async () => {
    const tasksBefore = (await tasksOf('check_contact_details')).length;
    reportFirst('undelivered', '30003');
    const contact = await newSms();
    await delivery.deliver(contact.id);
    const waiting = (await log.find(contact.id))!;
    expect(waiting).toMatchObject({ status: 'scheduled', attempts: 1, failureCode: null });
    expect(waiting.dueAt.getTime()).toBeGreaterThan(service.clock.now().getTime());
    expect((await log.timeline(contact.id)).at(-1)!.reason).toContain('switched off or out of signal');
    expect(await service.sql('SELECT 1 FROM contacts WHERE replaces_contact_id = $1', [contact.id])).toEqual([]);
    expect(await tasksOf('check_contact_details')).toHaveLength(tasksBefore);
    // The retry goes, and this time it arrives.
    fakeTwilio.beforeAnswer = undefined;
    expect(await delivery.deliver(contact.id)).toBe('sent');
    await report({ MessageSid: fakeTwilio.received.at(-1)!.sid, MessageStatus: 'delivered' }).expect(204);
    expect(await log.find(contact.id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('fails a text over when 30003 is still reported after 24 hours', async () => {
    const contact = await newSms();
    await delivery.deliver(contact.id);
    const start = service.clock.now();
    service.clock.travelTo(new Date(start.getTime() + 25 * HOUR));
    try {
      await report({ MessageSid: fakeTwilio.received.at(-1)!.sid, MessageStatus: 'undelivered', ErrorCode: '30003' }).expect(204);
    } finally {
      service.clock.reset();
    }
    const failed = (await log.find(contact.id))!;
    expect(failed).toMatchObject({ status: 'failed', failureCode: 'twilio_30003' });
    expect(failed.failureReason).toMatch(/^Still failing after 24 hours: The phone was switched off/);
  });

  it('keeps a report for an id it has never seen for 24 hours, then prunes it; ignores non-final statuses', async () => {
    await report({ MessageSid: 'SM-never-recorded', MessageStatus: 'undelivered', ErrorCode: '30005' }).expect(204);
    await report({ MessageSid: 'SM-only-queued', MessageStatus: 'queued' }).expect(204);
    expect((await kept()).map((r) => r.provider_message_id)).toEqual(['SM-never-recorded']);
    service.clock.travelTo(new Date(Date.now() + 25 * HOUR));
    try {
      await report({ MessageSid: 'SM-later', MessageStatus: 'delivered' }).expect(204);
    } finally {
      service.clock.reset();
    }
    expect((await kept()).map((r) => r.provider_message_id)).toEqual(['SM-later']);
    await service.sql('DELETE FROM early_delivery_reports');
  });

  /**
   * Fault injection in PostgreSQL itself: a trigger that refuses the next officer-task insert,
   * once. The count is a sequence, which a rolled-back transaction does not undo.
   */
  const refuseNextTaskInsert = async () => {
    await service.sql(`CREATE SEQUENCE IF NOT EXISTS test_task_fault`);
    await service.sql(`SELECT setval('test_task_fault', 1, false)`);
    await service.sql(`CREATE OR REPLACE FUNCTION test_task_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('test_task_fault') = 1 THEN RAISE EXCEPTION 'injected fault: officer task refused'; END IF; RETURN NEW; END $$`);
    await service.sql(`DROP TRIGGER IF EXISTS test_task_fault ON officer_tasks`);
    await service.sql(`CREATE TRIGGER test_task_fault BEFORE INSERT ON officer_tasks FOR EACH ROW EXECUTE FUNCTION test_task_fault()`);
  };
  const faultsFired = async () => (await service.sql<{ n: string }>(`SELECT last_value AS n FROM test_task_fault`))[0].n;
  const removeFault = () => service.sql(`DROP TRIGGER IF EXISTS test_task_fault ON officer_tasks`);
  const replacementOf = async (contactId: string) =>
    (await service.sql<{ channel: string }>('SELECT channel FROM contacts WHERE replaces_contact_id = $1', [contactId])).map((r) => r.channel);

  it('keeps a refused text sending when its failover meets a fault, and hands it on when the job is retried', async () => {
    const tasksBefore = (await tasksOf('check_contact_details')).length;
    fakeTwilio.invalidNumbers.add('+447911123456');
    await refuseNextTaskInsert();
    try {
      const contact = await newSms();
      await expect(delivery.deliver(contact.id)).rejects.toThrow('injected fault');
      expect(await faultsFired()).toBe('1');
      // Not failed without its hand-on: it is still sending, for pg-boss to retry the job.
      expect((await log.find(contact.id))!.status).toBe('sending');
      expect(await replacementOf(contact.id)).toEqual([]);
      // The retry, after the fault has cleared: the failure, the next channel and the task together.
      expect(await delivery.deliver(contact.id)).toBe('failed');
      expect(await log.find(contact.id)).toMatchObject({ status: 'failed', failureCode: 'twilio_21211' });
      expect(await replacementOf(contact.id)).toEqual(['email']);
      expect((await log.timeline(contact.id)).at(-1)!.reason).toBe('handed on to email');
      expect(await tasksOf('check_contact_details')).toHaveLength(tasksBefore + 1);
    } finally {
      fakeTwilio.invalidNumbers.clear();
      await removeFault();
    }
  });

  it("accepts Twilio's retry of a status callback whose failover met a fault, and hands the text on", async () => {
    const contact = await newSms();
    expect(await delivery.deliver(contact.id)).toBe('sent');
    const params = { MessageSid: fakeTwilio.received.at(-1)!.sid, MessageStatus: 'undelivered', ErrorCode: '30006' };
    await refuseNextTaskInsert();
    try {
      // A 5xx, so Twilio posts the callback again; nothing of it was kept.
      await report(params).expect(500);
      expect(await faultsFired()).toBe('1');
      expect((await log.find(contact.id))!.status).toBe('sent');
      expect(await replacementOf(contact.id)).toEqual([]);
      await report(params).expect(204);
      expect(await log.find(contact.id)).toMatchObject({ status: 'failed', failureCode: 'twilio_30006' });
      expect(await replacementOf(contact.id)).toEqual(['email']);
      expect((await log.timeline(contact.id)).at(-1)!.reason).toBe('handed on to email');
    } finally {
      await removeFault();
    }
  });

  it('does not put a text that went back on a retry schedule when its early report meets a fault', async () => {
    reportFirst('undelivered', '30006');
    await refuseNextTaskInsert();
    try {
      const contact = await newSms();
      const texts = fakeTwilio.received.length;
      await expect(delivery.deliver(contact.id)).rejects.toThrow('injected fault');
      expect(fakeTwilio.received).toHaveLength(texts + 1);
      // Twilio has it: not a provider failure, so no retry schedule; it waits, sending, for the job's retry.
      expect(await log.find(contact.id)).toMatchObject({ status: 'sending', attempts: 1 });
      fakeTwilio.beforeAnswer = undefined;
      // The retry treats it as an interrupted send: once more, and Twilio's report then fails it over.
      expect(await delivery.deliver(contact.id)).toBe('sent');
      expect(fakeTwilio.received).toHaveLength(texts + 2);
      await report({ MessageSid: fakeTwilio.received.at(-1)!.sid, MessageStatus: 'undelivered', ErrorCode: '30006' }).expect(204);
      expect(await log.find(contact.id)).toMatchObject({ status: 'failed', failureCode: 'twilio_30006' });
      expect(await replacementOf(contact.id)).toEqual(['email']);
    } finally {
      await removeFault();
      await service.sql('DELETE FROM early_delivery_reports');
    }
  });

  it('refuses an unsigned report and keeps nothing', async () => {
    await service.http().post('/v1/webhooks/twilio/status').type('form').set('X-Twilio-Signature', 'forged').send({ MessageSid: 'SM-x', MessageStatus: 'failed' }).expect(403);
    expect(await kept()).toEqual([]);
  });

  it('in live mode: no simulated texts (404), and a drama number is refused as fictional', async () => {
    await service.http().post('/v1/training/inbound-sms').set('Authorization', bearer(p.policeOfficer)).send({ from: '07700 900123', body: 'STOP' }).expect(404);
    const res = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
      .send(complaint(p.police.id, { victim: { name: 'Dee Drama', phone: '07700 900123' } })).expect(400);
    expect(res.body.errors).toEqual([{ field: 'victim.phone', rule: 'notFictional', message: 'victim.phone is a fictional number (Ofcom keeps it for TV and radio drama); give a real phone number' }]);
    // The message suggests no example in live mode: any real-looking number is someone's.
    const bad = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
      .send(complaint(p.police.id, { victim: { name: 'Dee Drama', phone: '0123' } })).expect(400);
    expect(bad.body.message).toBe('victim.phone must be a valid phone number (UK numbers may omit +44)');
  });
});
