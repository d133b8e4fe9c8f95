import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { ContactPipeline1764630000000 } from '../src/database/migrations/1764630000000-contact-pipeline.js';
import { ContactLog } from '../src/contacts/contact-log.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { pdfFontNames, pdfLines, pdfPageTexts } from './support/pdf-text.js';
import { binary } from './support/binary.js';
import { Outbox } from './support/outbox.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { SmtpSink } from './support/smtp-sink.js';
import { startTestService, TestService } from './support/test-service.js';

const AUTH_TOKEN = 'test-auth-token';
const PUBLIC_BASE_URL = 'https://asb.example.gov.uk';

describe('delivering contacts in live mode (fake Twilio, real SMTP)', () => {
  const fakeTwilio = new FakeTwilio();
  const smtp = new SmtpSink();
  let service: TestService;
  let p: TestPartnership;
  let caseId: string;
  let reference: string;
  let log: ContactLog;
  let delivery: DeliveryService;

  beforeAll(async () => {
    await fakeTwilio.start();
    await smtp.start();
    service = await startTestService(
      'embedded',
      { MODE: 'live', TWILIO_ACCOUNT_SID: 'AC' + '12'.repeat(16), TWILIO_AUTH_TOKEN: AUTH_TOKEN, SMTP_URL: smtp.url, PUBLIC_BASE_URL },
      undefined,
      fakeTwilio.httpClient(),
    );
    p = await buildPartnership(service);
    const opened = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id)).expect(201);
    caseId = opened.body.id;
    reference = opened.body.reference;
    log = service.app.get(ContactLog);
    delivery = service.app.get(DeliveryService);
  });
  afterAll(async () => {
    await service?.stop();
    await fakeTwilio.stop();
    await smtp.stop();
  });

  const newContact = (channel: 'sms' | 'email' | 'letter' | 'phone' | 'in_person', purpose: string, extra: { discreet?: boolean; data?: Record<string, unknown> } = {}) =>
    log.create({ caseId, purpose, channel, dueAt: service.clock.now(), ...extra }, service.manager);
  const statusOf = async (id: string) => (await log.find(id))!.status;
  const statusCallback = (params: Record<string, string>, signature?: string) =>
    service
      .http()
      .post('/v1/webhooks/twilio/status')
      .type('form')
      .set('X-Twilio-Signature', signature ?? twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/v1/webhooks/twilio/status`, params))
      .send(params);

  it('sends an SMS through Twilio and records the delivery report', async () => {
    const contact = await newContact('sms', 'acknowledgement');
    expect(await delivery.deliver(contact.id)).toBe('sent');
    const sms = fakeTwilio.received.at(-1)!;
    expect(sms).toMatchObject({ to: '+447911123456', statusCallback: `${PUBLIC_BASE_URL}/v1/webhooks/twilio/status` });
    expect(sms.body).toContain(reference);
    expect((await log.find(contact.id))!.providerMessageId).toBe(sms.sid);

    await statusCallback({ MessageSid: sms.sid, MessageStatus: 'delivered', AccountSid: 'AC' + '12'.repeat(16) }).expect(204);
    expect(await statusOf(contact.id)).toBe('delivered');
    const timeline = (await log.timeline(contact.id)).map((e) => e.status);
    expect(timeline).toEqual(['scheduled', 'sending', 'sent', 'delivered']);
  });

  it('hands back the contacts of a batch it had no time to start, so a job past its expiry never sends them twice', async () => {
    const words = ['First of three', 'Second of three', 'Third of three'];
    const made = await Promise.all(words.map((message) => newContact('sms', 'update', { data: { update: { message } } })));
    const received = (message: string) => fakeTwilio.received.filter((sms) => sms.body.includes(message)).length;
    delivery.sendBudgetMs = 0; // out of time as soon as the first has gone
    try {
      const outcomes = await delivery.deliverBatch(await Promise.all(made.map(async (k) => (await log.find(k.id))!)));
      expect(outcomes).toEqual(['sent', 'retry', 'retry']);
    } finally {
      delivery.sendBudgetMs = 60_000;
    }
    expect(words.map(received)).toEqual([1, 0, 0]);
    for (const k of made.slice(1)) {
      // Back as it was: due when it was due, and no attempt counted for a send that never started.
      expect(await log.find(k.id)).toMatchObject({ status: 'scheduled', attempts: 0, firstAttemptAt: null, dueAt: k.dueAt });
      expect((await log.timeline(k.id)).at(-1)).toMatchObject({ status: 'scheduled', reason: expect.stringContaining('ran out of time') });
    }
    // The next claim sends them, once each.
    expect(await delivery.deliverBatch(await Promise.all(made.slice(1).map(async (k) => (await log.find(k.id))!)))).toEqual(['sent', 'sent']);
    expect(words.map(received)).toEqual([1, 1, 1]);
  });

  it('still hands back what it had no time to start when an earlier outcome could not be recorded', async () => {
    const words = ['Alpha unrecorded', 'Bravo unrecorded', 'Charlie unrecorded'];
    const made = await Promise.all(words.map((message) => newContact('sms', 'update', { data: { update: { message } } })));
    const received = (message: string) => fakeTwilio.received.filter((sms) => sms.body.includes(message)).length;
    // The database refuses the first `sent` record, once.
    await service.sql(`CREATE SEQUENCE test_sent_fault`);
    await service.sql(`CREATE FUNCTION test_sent_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.status = 'sent' AND nextval('test_sent_fault') = 1 THEN RAISE EXCEPTION 'injected fault: sent not recorded'; END IF; RETURN NEW; END $$`);
    await service.sql(`CREATE TRIGGER test_sent_fault BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION test_sent_fault()`);
    delivery.sendBudgetMs = 0;
    try {
      await expect(delivery.deliverBatch(await Promise.all(made.map(async (k) => (await log.find(k.id))!)))).rejects.toThrow('injected fault');
    } finally {
      delivery.sendBudgetMs = 60_000;
      await service.sql(`DROP TRIGGER test_sent_fault ON contacts; DROP FUNCTION test_sent_fault(); DROP SEQUENCE test_sent_fault`);
    }
    expect(words.map(received)).toEqual([1, 0, 0]);
    expect(await statusOf(made[0].id)).toBe('sending'); // went, not recorded: the job's retry decides
    for (const k of made.slice(1)) expect(await log.find(k.id)).toMatchObject({ status: 'scheduled', attempts: 0 });
    // The job's retry: the first is an interrupted send (once more, never twice more); the others go once.
    await delivery.deliverBatch(await Promise.all(made.map(async (k) => (await log.find(k.id))!)));
    expect(words.map(received)).toEqual([2, 1, 1]);
    for (const k of made.slice(1)) expect((await log.timeline(k.id)).map((e) => e.reason)).not.toContain('interrupted while sending; the outcome is unknown, sending once more');
  });

  it('refuses a status report with a wrong signature and changes nothing', async () => {
    const contact = await newContact('sms', 'acknowledgement');
    await delivery.deliver(contact.id);
    const sid = fakeTwilio.received.at(-1)!.sid;
    await statusCallback({ MessageSid: sid, MessageStatus: 'failed' }, 'forged-signature').expect(403);
    await statusCallback({ MessageSid: sid, MessageStatus: 'failed', ErrorCode: '30005' }).expect(204);
    expect(await log.find(contact.id)).toMatchObject({ status: 'failed', failureCode: 'twilio_30005' });
  });

  it('keeps a discreet SMS free of any case detail', async () => {
    const contact = await newContact('sms', 'spoc_introduction', { discreet: true });
    await delivery.deliver(contact.id);
    const body = fakeTwilio.received.at(-1)!.body;
    expect(body).not.toContain(reference);
    expect(body).not.toMatch(/anti-?social|behaviour|police|case/i);
    expect(body).toContain('Pat');
  });

  it('fails a contact at once when Twilio refuses the number, and retries later on a 5xx', async () => {
    fakeTwilio.invalidNumbers.add('+447911123456');
    const refused = await newContact('sms', 'acknowledgement');
    expect(await delivery.deliver(refused.id)).toBe('failed');
    expect(await log.find(refused.id)).toMatchObject({ status: 'failed', failureCode: 'twilio_21211' });
    fakeTwilio.invalidNumbers.clear();
    // Failover: the same message at once on the next channel the victim agreed to (sms, email, …), and the SPOC asked to check the number.
    const replacement = (await service.sql<{ channel: string; status: string }>('SELECT channel, status FROM contacts WHERE replaces_contact_id = $1', [refused.id]))[0];
    expect(replacement).toEqual({ channel: 'email', status: 'scheduled' });
    const [task] = await service.sql<{ kind: string }>(`SELECT kind FROM officer_tasks WHERE case_id = $1 AND kind = 'check_contact_details'`, [caseId]);
    expect(task.kind).toBe('check_contact_details');

    fakeTwilio.failureRate = 1;
    const busy = await newContact('sms', 'acknowledgement');
    expect(await delivery.deliver(busy.id)).toBe('retry');
    const waiting = (await log.find(busy.id))!;
    expect(waiting).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect(waiting.dueAt.getTime()).toBeGreaterThan(service.clock.now().getTime()); // backoff before the retry
    fakeTwilio.failureRate = 0;
    expect(await delivery.deliver(busy.id)).toBe('sent');
  });

  it('emails over SMTP with Reply-To the SPOC', async () => {
    const contact = await newContact('email', 'spoc_introduction');
    expect(await delivery.deliver(contact.id)).toBe('sent');
    const mail = smtp.messages.at(-1)!;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('jane.doe@example.com');
    expect(mail.replyTo?.value[0].address).toBe('pat.officer@partner.example');
    expect(mail.subject).toBeTruthy();
    expect(mail.html).toContain('Pat Officer');
    expect(mail.text).toContain('Pat Officer');
  });

  it('sends a discreet email from a neutral address with no Reply-To and no case detail', async () => {
    const contact = await newContact('email', 'update', { discreet: true, data: { update: { message: 'We visited the flats on Tuesday.' } } });
    await delivery.deliver(contact.id);
    const mail = smtp.messages.at(-1)!;
    expect(mail.from?.text).toBe('no-reply@mail.example');
    expect(mail.replyTo).toBeUndefined();
    const everything = `${mail.subject} ${mail.html} ${mail.text}`;
    expect(everything).not.toContain(reference);
    // The officer's own words go: they confirmed the discreet preview before it was queued (issue 11).
    expect(everything).toContain('visited the flats');
    expect(everything).not.toMatch(/anti-?social|behaviour|police|Test Police/i);
  });

  it('queues a letter for the print batch and marks it sent once printed', async () => {
    const contact = await newContact('letter', 'update', { data: { update: { message: 'We have spoken to the people involved.' } } });
    expect(await delivery.deliver(contact.id)).toBe('awaiting_print');
    expect(await statusOf(contact.id)).toBe('awaiting_print');
    await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeOfficer)).expect(403);
    const batch = await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(201);
    expect(batch.body.letters).toBeGreaterThanOrEqual(1);
    expect(await statusOf(contact.id)).toBe('sent');
    const pdf = await service.http().get(`/v1/print-batches/${batch.body.id}/letters.pdf`).set('Authorization', bearer(p.policeSupervisor)).buffer(true).expect(200);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const csv = await service.http().get(`/v1/print-batches/${batch.body.id}/manifest.csv`).set('Authorization', bearer(p.policeSupervisor)).expect(200);
    expect(csv.text).toContain(contact.id);
    expect(csv.text).not.toContain('Jane Doe');
  });

  it('fails a letter to an address that cannot be posted', async () => {
    const other = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
      .send(complaint(p.police.id, { victim: { name: 'No Address', phone: '07911 123459' } })).expect(201);
    const contact = await log.create({ caseId: other.body.id, purpose: 'update', channel: 'letter', dueAt: service.clock.now(), data: { update: { message: 'x' } } }, service.manager);
    expect(await delivery.deliver(contact.id)).toBe('failed');
    expect(await log.find(contact.id)).toMatchObject({ failureCode: 'invalid_address' });
  });

  it('prints a name in Arabic script and Polish as given in the print run (issue 12 item 9)', async () => {
    const names = ['محمد عمران خان', 'Żaneta Wróblewska-Łęcka'];
    const contacts = [];
    for (const [i, name] of names.entries()) {
      const opened = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
        .send(complaint(p.police.id, { victim: { name, phone: `07911 12346${i}`, address: ['12 Acacia Avenue', 'Northampton', 'NN1 3AB'] } })).expect(201);
      const contact = await log.create({ caseId: opened.body.id, purpose: 'update', channel: 'letter', dueAt: service.clock.now(), data: { update: { message: 'We have spoken to the people involved.' } } }, service.manager);
      expect(await delivery.deliver(contact.id)).toBe('awaiting_print');
      contacts.push(contact);
    }
    const batch = await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(201);
    const pdf = await service.http().get(`/v1/print-batches/${batch.body.id}/letters.pdf`).set('Authorization', bearer(p.policeSupervisor)).buffer(true).parse(binary).expect(200);
    const text = (await pdfPageTexts(pdf.body)).join('\n').replace(/\p{Cc}/gu, '').replace(/\s+/g, ' ');
    expect(text).toContain('Dear Żaneta Wróblewska-Łęcka');
    expect((await pdfLines(pdf.body)).flat()).toContain(`Dear ${names[0]},`); // drawn right to left
    expect(text).not.toContain('?');
    expect(pdfFontNames(pdf.body)).toEqual(expect.arrayContaining(['NotoSans-Regular', 'NotoSansArabic-Regular']));
    for (const contact of contacts) expect(await statusOf(contact.id)).toBe('sent');
  });

  it('refuses, before printing, a letter with a character no font has and gives the SPOC a task (issue 12 item 9)', async () => {
    // Georgian and the private-use area: no embedded font draws them.
    for (const name of ['Nino ნინო Beridze', 'Sam \u{e000} Lee']) {
      const opened = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
        .send(complaint(p.police.id, { victim: { name, phone: '07911 123470', address: ['12 Acacia Avenue', 'Northampton', 'NN1 3AB'] } })).expect(201);
      const contact = await log.create({ caseId: opened.body.id, purpose: 'update', channel: 'letter', dueAt: service.clock.now(), data: { update: { message: 'x' } } }, service.manager);
      expect(await delivery.deliver(contact.id)).toBe('failed');
      const failed = (await log.find(contact.id))!;
      expect(failed).toMatchObject({ failureCode: 'unprintable_character' });
      expect(failed.failureReason).toMatch(/recipient address .*U\+(10DC|E000)/);
      expect(failed.failureReason).not.toContain(name.split(' ')[0]);
      const [row] = await service.sql<{ n: string }>(`SELECT count(*) AS n FROM letters_for_print WHERE contact_id = $1`, [contact.id]);
      expect(Number(row.n)).toBe(0);
      const tasks = (await service.http().get('/v1/tasks?mine=true').set('Authorization', bearer(p.policeOfficer)).expect(200)).body as Array<{ caseId: string; kind: string; briefing: { whatToCover: string } }>;
      const mine = tasks.filter((t) => t.caseId === opened.body.id && t.kind === 'check_contact_details');
      expect(mine.map((t) => t.briefing.whatToCover).join(' ')).toMatch(/cannot be printed/);
    }
  });

  it('turns a phone contact into a task for the SPOC; three unanswered calls fail it', async () => {
    const contact = await newContact('phone', 'holding_update', { data: { holding: { nextContactBy: '1 December 2026' } } });
    expect(await delivery.deliver(contact.id)).toBe('awaiting_officer');
    const tasks = await service.http().get('/v1/tasks?mine=true').set('Authorization', bearer(p.policeOfficer)).expect(200);
    const task = tasks.body.find((t: { contactId: string }) => t.contactId === contact.id);
    expect(task).toMatchObject({ kind: 'phone', status: 'open', briefing: { phone: '+447911123456', voicemailSafe: false, safeTimes: 'Monday to Saturday, 08:00 to 20:00' } });
    await service.http().get(`/v1/tasks/${task.id}`).set('Authorization', bearer(p.councilOfficer)).expect(404);
    const attempt = (outcome: string) => service.http().post(`/v1/tasks/${task.id}/attempts`).set('Authorization', bearer(p.policeOfficer)).send({ outcome });
    await attempt('visited').expect(400);
    await attempt('no_answer').expect(200);
    await attempt('left_no_message').expect(200);
    expect(await statusOf(contact.id)).toBe('awaiting_officer');
    const last = await attempt('no_answer').expect(200);
    expect(last.body.status).toBe('unsuccessful');
    expect(await log.find(contact.id)).toMatchObject({ status: 'failed', failureCode: 'unreachable' });
    await attempt('reached').expect(400);
  });

  it('completes a visit when the victim is seen', async () => {
    const contact = await newContact('in_person', 'action_plan', { data: { actionPlan: { actions: [{ what: 'Keep a diary', who: 'You', by: '1 December 2026' }] } } });
    await delivery.deliver(contact.id);
    const tasks = await service.http().get('/v1/tasks').set('Authorization', bearer(p.policeSupervisor)).expect(200);
    const task = tasks.body.find((t: { contactId: string }) => t.contactId === contact.id);
    await service.http().post(`/v1/tasks/${task.id}/attempts`).set('Authorization', bearer(p.policeOfficer)).send({ outcome: 'not_in' }).expect(200);
    await service.http().post(`/v1/tasks/${task.id}/attempts`).set('Authorization', bearer(p.policeOfficer)).send({ outcome: 'visited', note: 'Spoke at the door' }).expect(200);
    expect(await statusOf(contact.id)).toBe('delivered');
  });

  it('recovers by status, not by timeline words: a letter or call handed over is never handed over again', async () => {
    const letter = await newContact('letter', 'update', { data: { update: { message: 'The print run has it.' } } });
    const call = await newContact('phone', 'holding_update', { data: { holding: { nextContactBy: '1 December 2026' } } });
    expect(await delivery.deliver(letter.id)).toBe('awaiting_print');
    expect(await delivery.deliver(call.id)).toBe('awaiting_officer');
    // The timeline's words no longer matter: recovery reads the status.
    await service.sql(`UPDATE contact_events SET reason = 'reworded' WHERE contact_id = ANY($1::uuid[])`, [[letter.id, call.id]]);
    expect(await delivery.deliver(letter.id)).toBe('skipped');
    expect(await delivery.deliver(call.id)).toBe('skipped');
    expect(await service.sql('SELECT 1 FROM letters_for_print WHERE contact_id = $1', [letter.id])).toHaveLength(1);
    expect(await service.sql('SELECT 1 FROM officer_tasks WHERE contact_id = $1', [call.id])).toHaveLength(1);
    // One interrupted before the hand-over (a crash while `sending`) simply goes again.
    const crashed = await newContact('letter', 'update', { data: { update: { message: 'Interrupted.' } } });
    await service.sql(`UPDATE contacts SET status = 'sending' WHERE id = $1`, [crashed.id]);
    expect(await delivery.deliver(crashed.id)).toBe('awaiting_print');
    expect(await service.sql('SELECT 1 FROM letters_for_print WHERE contact_id = $1', [crashed.id])).toHaveLength(1);
  });

  it('moves letters and calls waiting in `sending` to their own statuses when the migration runs', async () => {
    const letter = await newContact('letter', 'update', { data: { update: { message: 'Waiting since before.' } } });
    const call = await newContact('in_person', 'holding_update', { data: { holding: { nextContactBy: '1 December 2026' } } });
    const texting = await newContact('sms', 'acknowledgement');
    await delivery.deliver(letter.id);
    await delivery.deliver(call.id);
    const runner = service.app.get(DataSource).createQueryRunner();
    const migration = new ContactPipeline1764630000000();
    try {
      await migration.down(runner); // as an install from before issue 13 had them
      await service.sql(`UPDATE contacts SET status = 'sending' WHERE id = $1`, [texting.id]);
      expect(await Promise.all([letter.id, call.id].map(statusOf))).toEqual(['sending', 'sending']);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await statusOf(letter.id)).toBe('awaiting_print');
    expect(await statusOf(call.id)).toBe('awaiting_officer');
    expect(await statusOf(texting.id)).toBe('sending'); // a text really in flight stays sending
    await service.sql(`UPDATE contacts SET status = 'failed' WHERE id = $1`, [texting.id]);
  });

  it('hides the training clock outside training mode', async () => {
    await service.http().get('/v1/training/clock').set('Authorization', bearer(p.policeOfficer)).expect(404);
  });
});

describe('delivering contacts in training mode', () => {
  let service: TestService;
  let p: TestPartnership;
  const outbox = mkdtempSync(join(tmpdir(), 'asb-training-outbox-'));
  beforeAll(async () => {
    service = await startTestService('embedded', { MODE: 'training', OUTBOX_DIR: outbox });
    p = await buildPartnership(service);
  });
  afterAll(() => service?.stop());

  it('writes SMS, email and letters into the outbox and nothing leaves the machine', async () => {
    const opened = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id)).expect(201);
    const log = service.app.get(ContactLog);
    const delivery = service.app.get(DeliveryService);
    const sms = await log.create({ caseId: opened.body.id, purpose: 'acknowledgement', channel: 'sms', dueAt: service.clock.now() }, service.manager);
    const email = await log.create({ caseId: opened.body.id, purpose: 'acknowledgement', channel: 'email', dueAt: service.clock.now() }, service.manager);
    const letter = await log.create({ caseId: opened.body.id, purpose: 'acknowledgement', channel: 'letter', dueAt: service.clock.now() }, service.manager);
    expect(await delivery.deliver(sms.id)).toBe('delivered');
    expect(await delivery.deliver(email.id)).toBe('delivered');
    expect(await delivery.deliver(letter.id)).toBe('awaiting_print');
    expect(JSON.parse(readFileSync(join(outbox, 'sms', `${sms.id}.json`), 'utf8'))).toMatchObject({ to: '+447911123456' });
    expect(readFileSync(join(outbox, 'email', `${email.id}.eml`), 'utf8')).toContain('To: jane.doe@example.com');
    expect(readFileSync(join(outbox, 'letters', `${letter.id}.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
    const batch = await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(201);
    expect(existsSync(join(outbox, 'print-batches', `${batch.body.id}.pdf`))).toBe(true);
    expect(existsSync(join(outbox, 'print-batches', `${batch.body.id}.csv`))).toBe(true);
  });

  it('records a batch written to the outbox in one go: each contact through sending to delivered, waiting for one held elsewhere, one that cannot go failed on its own', async () => {
    const withPhone = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id)).expect(201);
    const noPhone = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
      .send(complaint(p.police.id, { victim: { name: 'Sam Carter', email: 'sam.carter@example.com' } })).expect(201);
    const log = service.app.get(ContactLog);
    const delivery = service.app.get(DeliveryService);
    const update = (caseId: string, channel: 'sms' | 'email', n: number) =>
      log.create({ caseId, purpose: 'update', channel, dueAt: service.clock.now(), data: { update: { message: `Batch update ${n}` } } }, service.manager);
    const [text, email, noted, held, closed, cannot] = [
      await update(withPhone.body.id, 'sms', 1), await update(withPhone.body.id, 'email', 2), await update(withPhone.body.id, 'sms', 3),
      await update(withPhone.body.id, 'sms', 4), await update(withPhone.body.id, 'sms', 5), await update(noPhone.body.id, 'sms', 6),
    ];
    // While the batch goes: one transaction adds a timeline note to one contact (it must not hold the batch up),
    // another holds one contact's row and lets go, and a third cancels one (a closure).
    const others = await Promise.all([1, 2, 3].map(async () => {
      const runner = service.app.get(DataSource).createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      return runner;
    }));
    const [noting, holding, closing] = others;
    try {
      await noting.query(`INSERT INTO contact_events (contact_id, at, status, reason) VALUES ($1, now(), 'scheduled', 'a note')`, [noted.id]);
      await holding.query('SELECT id FROM contacts WHERE id = $1 FOR UPDATE', [held.id]);
      await closing.query(`UPDATE contacts SET status = 'cancelled' WHERE id = $1`, [closed.id]);
      const going = delivery.deliverBatch(await Promise.all([text, email, noted, held, closed, cannot].map(async (k) => (await log.find(k.id))!)));
      // The batch waits for a row another holds (never skips it); then they finish.
      while ((await service.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`))[0].n === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await holding.rollbackTransaction();
      await closing.commitTransaction();
      expect(await going).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'skipped', 'failed']);
    } finally {
      for (const runner of others) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
    for (const k of [text, email, held]) {
      expect((await log.timeline(k.id)).map((e) => [e.status, e.reason])).toEqual([['scheduled', null], ['sending', null], ['delivered', 'written to the training outbox']]);
      expect(await log.find(k.id)).toMatchObject({ status: 'delivered', attempts: 1, providerMessageId: expect.any(String) });
    }
    expect(JSON.parse(readFileSync(join(outbox, 'sms', `${text.id}.json`), 'utf8')).body).toContain('Batch update 1');
    expect((await new Outbox(outbox).email(email.id)).text).toContain('Batch update 2');
    expect(JSON.parse(readFileSync(join(outbox, 'sms', `${held.id}.json`), 'utf8')).body).toContain('Batch update 4');
    // The one the closure cancelled was not written.
    expect(existsSync(join(outbox, 'sms', `${closed.id}.json`))).toBe(false);
    expect(await log.find(closed.id)).toMatchObject({ status: 'cancelled', attempts: 0 });
    // The one with no phone number: its attempt counted, failed with the reason, and handed on.
    expect(existsSync(join(outbox, 'sms', `${cannot.id}.json`))).toBe(false);
    expect(await log.find(cannot.id)).toMatchObject({ status: 'failed', attempts: 1, failureCode: 'no_phone' });
    expect((await log.timeline(cannot.id)).map((e) => [e.status, e.reason])).toEqual([
      ['scheduled', null], ['sending', null], ['failed', 'The victim has no phone number'], ['failed', 'handed on to email'],
    ]);
    const handedOn = await service.sql<{ channel: string }>('SELECT channel FROM contacts WHERE replaces_contact_id = $1', [cannot.id]);
    expect(handedOn.map((k) => k.channel)).toEqual(['email']);
  });

  it('moves the training clock forward only', async () => {
    const admin = `Bearer ${service.adminKey}`;
    const [organisation] = (await service.http().get('/v1/organisations').set('Authorization', admin).expect(200)).body;
    const officer = await service.http().post('/v1/officers').set('Authorization', admin)
      .send({ name: 'Clock Officer', organisationId: organisation.id, role: 'officer', email: 'clock.officer@partner.example' }).expect(201);
    const key = `Bearer ${officer.body.apiKey}`; // case staff move the clock; admins may not (issue 10)
    const now = await service.http().get('/v1/training/clock').set('Authorization', key).expect(200);
    const later = new Date(Date.parse(now.body.now) + 7 * 86_400_000).toISOString();
    const moved = await service.http().post('/v1/training/clock').set('Authorization', key).send({ now: later }).expect(200);
    expect(Date.parse(moved.body.now) - Date.parse(later)).toBeLessThan(1000);
    const back = await service.http().post('/v1/training/clock').set('Authorization', key).send({ now: now.body.now }).expect(400);
    expect(back.body.errors[0]).toMatchObject({ field: 'now', rule: 'forwardOnly' });
  });
});
