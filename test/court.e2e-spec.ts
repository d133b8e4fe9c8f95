import type { ParsedMail } from 'mailparser';
import { PDFParse } from 'pdf-parse';
import { Scheduler } from '../src/scheduling/scheduler.js';
import { addWorkingDaysAt } from '../src/calendar/working-days.js';
import { WitnessServiceReferrals } from '../src/court/witness-service-referrals.js';
import { Dispatcher } from '../src/contacts/dispatcher.js';
import { EMAIL_TRANSPORT } from '../src/channels/channel.js';
import { RateLimitedEmailTransport } from '../src/channels/rate-limited-transports.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { SAFETY, bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { SmtpSink } from './support/smtp-sink.js';
import { startTestService, TestService } from './support/test-service.js';
import { waitFor } from './support/wait.js';

const MONDAY_10AM = new Date('2026-11-30T10:00:00Z');
const WITNESS_SERVICE = 'referrals@witness-service.example';
const COURT = "Northtown Magistrates' Court";
const TRIAL = '2027-01-14T10:00';
const TRIAL_DATE = '14 January 2027';

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

describe('court support: hearing dates, the Witness Service and special measures', () => {
  const fakeTwilio = new FakeTwilio();
  const smtp = new SmtpSink();
  let service: TestService;
  let p: TestPartnership;
  let referrals: WitnessServiceReferrals;

  beforeAll(async () => {
    await fakeTwilio.start();
    await smtp.start();
    service = await startTestService(
      'embedded',
      { MODE: 'live', TWILIO_ACCOUNT_SID: 'AC' + '56'.repeat(16), TWILIO_AUTH_TOKEN: 'court-token', SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://asb.example.gov.uk', WITNESS_SERVICE_EMAIL: WITNESS_SERVICE },
      undefined,
      fakeTwilio.httpClient(),
      { schedule: true },
    );
    service.clock.travelTo(MONDAY_10AM);
    referrals = service.app.get(WitnessServiceReferrals);
    p = await buildPartnership(service);
  });
  afterAll(async () => {
    await service?.stop();
    await fakeTwilio.stop();
    await smtp.stop();
  });

  const officer = () => bearer(p.policeOfficer);
  const open = async (name: string, phone: string, overrides: Record<string, unknown> = {}) =>
    (await service.http().post('/v1/cases').set('Authorization', officer()).send(complaint(p.police.id, {
      victim: { name, phone, email: `${name.split(' ')[0].toLowerCase()}@example.com`, address: ['12 Acacia Avenue', 'Northampton', 'NN1 3AB'] },
      ...overrides,
    })).expect(201)).body as { id: string; reference: string; vulnerable: boolean };
  const recordProceedings = (caseId: string, body: Record<string, unknown>) =>
    service.http().post(`/v1/cases/${caseId}/proceedings`).set('Authorization', officer()).send({ kind: 'criminal', court: COURT, hearings: [{ at: TRIAL, description: 'Trial' }], ...body });
  const textsTo = (phone: string, containing: string) => fakeTwilio.received.filter((m) => m.to === phone && m.body.includes(containing));
  const textTo = (phone: string, containing: string) => waitFor(async () => textsTo(phone, containing)[0], 20_000, `a text to ${phone} saying "${containing}"`);
  const referralEmails = (reference: string) => smtp.messages.filter((m) => m.subject?.includes(`Witness Service referral for case ${reference}`));
  // The referral is a contact: the dispatcher sends it as soon as it is due.
  const referralEmail = async (reference: string): Promise<ParsedMail> => {
    return waitFor(async () => referralEmails(reference)[0], 20_000, `the referral email for ${reference}`);
  };
  // The victim's own messages (the referral email to the Witness Service shares its purpose with the victim's notices).
  const contacts = (caseId: string, purpose: string) =>
    service.sql<{ status: string; due_at: Date }>(`SELECT status, due_at FROM contacts WHERE case_id = $1 AND purpose = $2 AND recipient = 'victim' ORDER BY created_at`, [caseId, purpose]);
  type ReferralRow = { status: string; provider_message_id: string; sent_at: Date; failure_code: string; failure_reason: string; contact_id: string };
  const referralRows = (caseId: string) => service.sql<ReferralRow>('SELECT status, provider_message_id, sent_at, failure_code, failure_reason, contact_id FROM witness_service_referrals WHERE case_id = $1', [caseId]);
  /** The referral once it has followed its contact to `status` (the scheduled follow-up, run here too). */
  const referralIn = (caseId: string, status: string) => waitFor(async () => {
    await referrals.followUp();
    const rows = await referralRows(caseId);
    return rows[0]?.status === status && rows;
  }, 20_000, `the referral to be ${status}`);
  const tasks = (caseId: string) =>
    service.sql<{ id: string; status: string; officer_id: string }>(`SELECT id, status, officer_id FROM officer_tasks WHERE case_id = $1 AND kind = 'consider_special_measures'`, [caseId]);

  it('sends the hearing dates to the victim within a working day, and refers a consenting victim with the form attached to the email', async () => {
    const c = await open('Priya Sharma', '07911 123456');
    const needs = 'Hard of hearing: please speak clearly and face her.';
    const recordedAt = service.clock.now();
    const recorded = await recordProceedings(c.id, {
      hearings: [{ at: TRIAL, description: 'Trial' }, { at: '2027-01-15T14:30' }],
      witnessServiceConsent: { given: true },
      needs,
    }).expect(201);
    expect(recorded.body).toMatchObject({ kind: 'criminal', court: COURT, needs, witnessServiceConsent: { given: true }, witnessService: { referral: { status: 'pending' } } });
    expect(new Date(recorded.body.witnessService.referral.dueBy).getTime()).toBeLessThanOrEqual(addWorkingDaysAt(service.clock.now(), 1).getTime());

    // The hearing dates, on the victim's agreed channel, well within a working day.
    const dates = await textTo('+447911123456', COURT);
    expect(dates.body).toContain(`${TRIAL_DATE} at 10:00; 15 January 2027 at 14:30`);
    expect(dates.body).toContain(c.reference);
    const [planned] = await contacts(c.id, 'court_hearing');
    expect(planned.due_at.getTime()).toBeLessThanOrEqual(addWorkingDaysAt(recordedAt, 1).getTime());

    const mail = await referralEmail(c.reference);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe(WITNESS_SERVICE);
    expect(mail.replyTo?.value[0].address).toBe('pat.officer@partner.example');
    const body = `${mail.subject}\n${mail.html}\n${mail.text}`;
    expect(body).toContain(c.reference);
    for (const personal of ['Priya', 'Sharma', COURT, 'Northtown', TRIAL_DATE, 'January', '07911', 'priya@example.com', 'Acacia', 'Hard of hearing']) {
      expect(body).not.toContain(personal);
    }
    const [form] = mail.attachments;
    expect(form).toMatchObject({ contentType: 'application/pdf', filename: `witness-service-referral-${c.reference}.pdf` });
    const text = await pdfText(form.content);
    for (const expected of ['Priya Sharma', '07911 123456', 'priya@example.com', '12 Acacia Avenue', COURT, `${TRIAL_DATE} at 10:00 (Trial)`, '15 January 2027 at 14:30',
      c.reference, 'Test Police', 'Pat Officer', 'pat.officer@partner.example', needs, 'Text message (SMS)', 'Monday to Saturday, 08:00 to 20:00', 'Criminal']) {
      expect(text).toContain(expected);
    }

    // Exactly once: the referral is recorded as sent with the provider's id, and never sent again.
    const [referral] = await referralIn(c.id, 'sent');
    expect(referral).toMatchObject({ status: 'sent', provider_message_id: mail.messageId });
    await service.app.get(Dispatcher).tick();
    expect(await referrals.followUp()).toBe(0);
    expect(referralEmails(c.reference)).toHaveLength(1);

    // The victim is told, and the case history says so without personal data.
    const notice = await textTo('+447911123456', 'We have asked the Witness Service to contact you');
    expect(notice.body).toContain(TRIAL_DATE);
    const events = await service.sql<{ type: string; detail: object }>('SELECT type, detail FROM case_events WHERE case_id = $1', [c.id]);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['proceedings_recorded', 'witness_service_referral_planned', 'witness_service_referred']));
    expect(JSON.stringify(events)).not.toMatch(/Priya|Magistrates|Hard of hearing|2027/);
    expect(JSON.stringify(await service.sql('SELECT * FROM court_proceedings WHERE case_id = $1', [c.id]))).not.toContain('Hard of hearing');
  });

  it('offers the Witness Service without consent, refers once consent is recorded, and resends changed dates', async () => {
    const c = await open('Olu Offered', '07911 123457');
    const recorded = await recordProceedings(c.id, { witnessServiceConsent: { given: false } }).expect(201);
    const offer = await textTo('+447911123457', 'The Witness Service can support you');
    expect(offer.body).toContain('To get their help');
    expect(offer.body).toContain('0300 332 1000');
    await referrals.followUp();
    expect(referralEmails(c.reference)).toHaveLength(0);
    expect(await service.sql('SELECT id FROM witness_service_referrals WHERE case_id = $1', [c.id])).toHaveLength(0);

    const consented = await service.http().patch(`/v1/cases/${c.id}/proceedings/${recorded.body.id}`).set('Authorization', officer())
      .send({ witnessServiceConsent: { given: true }, hearings: [{ at: '2027-02-03T09:30', description: 'Trial' }] }).expect(200);
    expect(consented.body.witnessService.referral.status).toBe('pending');
    const form = await pdfText((await referralEmail(c.reference)).attachments[0].content);
    expect(form).toContain('Olu Offered');
    expect(form).toContain('3 February 2027 at 09:30');
    expect(form).not.toContain(TRIAL_DATE); // the old date was replaced
    await textTo('+447911123457', 'We have asked the Witness Service to contact you');
    const changed = await textTo('+447911123457', '3 February 2027 at 09:30');
    expect(changed.body).toContain(COURT);
    expect(await contacts(c.id, 'court_hearing')).toHaveLength(2);

    // The same dates again are not news; the offer is not repeated either.
    await service.http().patch(`/v1/cases/${c.id}/proceedings/${recorded.body.id}`).set('Authorization', officer())
      .send({ hearings: [{ at: '2027-02-03T09:30', description: 'Trial' }] }).expect(200);
    expect(await contacts(c.id, 'court_hearing')).toHaveLength(2);
    expect(await contacts(c.id, 'witness_service_referral')).toHaveLength(2); // the offer, then the notice
  });

  it('keeps discreet messages free of the court and its dates', async () => {
    const c = await open('Dana Discreet', '07777 300400');
    await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', officer())
      .send({ ...SAFETY, channels: ['sms'], cadence: { every: 10, unit: 'workingDays' }, discreet: true }).expect(200);
    await recordProceedings(c.id, {}).expect(201);
    await waitFor(async () => (await contacts(c.id, 'court_hearing'))[0]?.status === 'sent', 20_000, 'the discreet court message');
    const texts = fakeTwilio.received.filter((m) => m.to === '+447777300400');
    const last = texts.at(-1)!.body;
    expect(last).toContain('Please could you call me');
    for (const t of texts) expect(t.body).not.toMatch(/court|Magistrates|January|2027|witness/i);
  });

  it('tells the victim about special measures applied for and the court decision', async () => {
    const c = await open('Sam Measures', '07911 123458');
    const proceedings = (await recordProceedings(c.id, {}).expect(201)).body;
    const applied = await service.http().post(`/v1/cases/${c.id}/special-measures`).set('Authorization', officer())
      .send({ proceedingsId: proceedings.id, measures: ['screens', 'live_link'], witnessCategory: 'intimidated' }).expect(201);
    expect(applied.body).toMatchObject({ outcome: 'pending', decidedAt: null, measures: ['screens', 'live_link'] });
    const pending = await textTo('+447911123458', 'We have asked the court for special measures');
    expect(pending.body).toContain('not decided yet');

    const granted = await service.http().patch(`/v1/cases/${c.id}/special-measures/${applied.body.id}`).set('Authorization', officer())
      .send({ outcome: 'granted' }).expect(200);
    expect(granted.body.outcome).toBe('granted');
    expect(granted.body.decidedAt).not.toBeNull();
    const told = await textTo('+447911123458', 'The court has agreed');
    expect(told.body).toContain('a screen, so you do not see the other person; giving evidence by video link from another room');

    await service.http().patch(`/v1/cases/${c.id}/special-measures/${applied.body.id}`).set('Authorization', officer()).send({ outcome: 'granted' }).expect(200);
    expect(await contacts(c.id, 'special_measures')).toHaveLength(2);
    const listed = await service.http().get(`/v1/cases/${c.id}/proceedings`).set('Authorization', officer()).expect(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0].specialMeasures).toEqual([expect.objectContaining({ id: applied.body.id, outcome: 'granted', witnessCategory: 'intimidated' })]);
    const [audit] = await service.sql<{ fields: string[] }>(`SELECT fields FROM audit_entries WHERE case_id = $1 AND action = 'victim_data_read' ORDER BY at DESC LIMIT 1`, [c.id]);
    expect(audit.fields).toContain('proceedings.needs');

    // The form the Witness Service gets lists what was applied for and the outcome.
    await service.http().patch(`/v1/cases/${c.id}/proceedings/${proceedings.id}`).set('Authorization', officer()).send({ witnessServiceConsent: { given: true } }).expect(200);
    const form = await pdfText((await referralEmail(c.reference)).attachments[0].content);
    expect(form).toContain('Screens, Live link (intimidated witness): granted');
    expect(form).toContain('Intimidated');
  });

  it('asks the SPOC once to consider special measures for a vulnerable victim, also when the case becomes vulnerable later', async () => {
    const vulnerable = await open('Val Vulnerable', '07911 123459', { riskAssessment: { answers: { disability_or_illness: true } } });
    expect(vulnerable.vulnerable).toBe(true);
    const proceedings = (await recordProceedings(vulnerable.id, {}).expect(201)).body;
    expect(await tasks(vulnerable.id)).toEqual([expect.objectContaining({ status: 'open', officer_id: p.policeOfficer.id })]);
    expect(proceedings.specialMeasuresTaskId).toBe((await tasks(vulnerable.id))[0].id);
    await service.app.get(Scheduler).runDue();
    expect(await tasks(vulnerable.id)).toHaveLength(1);
    // Applying is what the task asked for.
    await service.http().post(`/v1/cases/${vulnerable.id}/special-measures`).set('Authorization', officer())
      .send({ proceedingsId: proceedings.id, measures: ['intermediary'], witnessCategory: 'vulnerable', outcome: 'granted', decidedAt: '2026-11-27T12:00' }).expect(201);
    expect((await tasks(vulnerable.id))[0].status).toBe('done');

    const later = await open('Lee Later', '07911 123459');
    expect(later.vulnerable).toBe(false);
    await recordProceedings(later.id, {}).expect(201);
    expect(await tasks(later.id)).toHaveLength(0);
    await service.http().post(`/v1/cases/${later.id}/risk-assessments`).set('Authorization', officer()).send({ answers: { affects_health: true } }).expect(201);
    await service.app.get(Scheduler).runDue(); // as the scheduler's interval does
    expect(await tasks(later.id)).toHaveLength(1);
    await service.app.get(Scheduler).runDue();
    expect(await tasks(later.id)).toHaveLength(1);
  });

  it('records a permanent failure of the referral email and asks the SPOC to phone it in', async () => {
    const c = await open('Fay Failed', '07812 345678');
    smtp.rejectRecipients.add(WITNESS_SERVICE);
    try {
      await recordProceedings(c.id, { witnessServiceConsent: { given: true } }).expect(201);
      const [referral] = await referralIn(c.id, 'failed');
      expect(referral).toMatchObject({ failure_code: 'smtp_550' });
      const phone = await service.sql(`SELECT officer_id FROM officer_tasks WHERE case_id = $1 AND kind = 'phone' AND contact_id IS NULL`, [c.id]);
      expect(phone).toEqual([{ officer_id: p.policeOfficer.id }]);
      expect(textsTo('+447812345678', 'We have asked the Witness Service')).toHaveLength(0);
    } finally {
      smtp.rejectRecipients.clear();
    }
  });

  describe('bad input: a 400 naming the field, or a 404, and nothing stored', () => {
    let c: { id: string; reference: string };
    let proceedingsId: string;
    const stored = async () => ({
      proceedings: (await service.sql('SELECT id FROM court_proceedings WHERE case_id = $1', [c.id])).length,
      hearings: (await service.sql('SELECT id, at FROM court_hearings WHERE case_id = $1 ORDER BY at', [c.id])),
      applications: (await service.sql('SELECT id, outcome FROM special_measures_applications WHERE case_id = $1', [c.id])),
      contacts: (await service.sql(`SELECT id FROM contacts WHERE case_id = $1 AND purpose IN ('court_hearing', 'special_measures', 'witness_service_referral')`, [c.id])).length,
      referrals: (await service.sql('SELECT id FROM witness_service_referrals WHERE case_id = $1', [c.id])).length,
    });
    const fields = (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field);

    beforeAll(async () => {
      c = await open('Bea Bad', '07911 123456');
      proceedingsId = (await recordProceedings(c.id, {}).expect(201)).body.id;
    });

    it('refuses bad proceedings', async () => {
      const before = await stored();
      expect(fields(await recordProceedings(c.id, { hearings: [] }).expect(400))).toEqual(['hearings']);
      expect(fields(await recordProceedings(c.id, { hearings: undefined }).expect(400))).toContain('hearings');
      const past = await recordProceedings(c.id, { hearings: [{ at: '2027-03-01T10:00' }, { at: '2026-11-20T10:00' }] }).expect(400);
      expect(past.body.errors).toEqual([expect.objectContaining({ field: 'hearings.1.at', rule: 'inFuture' })]);
      const far = await recordProceedings(c.id, { hearings: [{ at: '2027-03-01T10:00' }, { at: '9999-12-31T10:00' }] }).expect(400);
      expect(far.body.errors).toEqual([expect.objectContaining({ field: 'hearings.1.at', rule: 'withinYears' })]);
      expect(fields(await recordProceedings(c.id, { hearings: [{ at: '14/01/2027' }] }).expect(400))).toContain('hearings.0.at');
      expect(fields(await recordProceedings(c.id, { kind: 'family', court: ' ' }).expect(400))).toEqual(expect.arrayContaining(['kind', 'court']));
      expect(fields(await recordProceedings(c.id, { witnessServiceConsent: { given: 'yes' }, colour: 'red' }).expect(400))).toEqual(expect.arrayContaining(['witnessServiceConsent.given', 'colour']));
      const patch = (id: string, body: object) => service.http().patch(`/v1/cases/${c.id}/proceedings/${id}`).set('Authorization', officer()).send(body);
      expect(fields(await patch(proceedingsId, {}).expect(400))).toEqual(['body']); // nothing to change
      expect(fields(await patch(proceedingsId, { hearings: [{ at: '2026-01-01T10:00' }] }).expect(400))).toEqual(['hearings.0.at']);
      await patch('6b0c9f8e-8d2a-4c11-9a43-2f7d1f1f0a01', { court: 'Southvale Crown Court' }).expect(404);
      expect(fields(await patch('not-a-uuid', { court: 'x' }).expect(400))).toEqual(['proceedingsId']);
      await service.http().post(`/v1/cases/${c.id}/proceedings`).set('Authorization', bearer(p.comms)).send({}).expect(403);
      await service.http().post(`/v1/cases/${c.id}/proceedings`).set('Authorization', bearer(p.councilOfficer)).send({ kind: 'civil', court: COURT, hearings: [{ at: TRIAL }] }).expect(404);
      expect(await stored()).toEqual(before);
    });

    it('refuses bad special measures', async () => {
      const before = await stored();
      const apply = (body: object) => service.http().post(`/v1/cases/${c.id}/special-measures`).set('Authorization', officer())
        .send({ proceedingsId, measures: ['screens'], witnessCategory: 'vulnerable', ...body });
      expect(fields(await apply({ measures: ['screens', 'a_hat'] }).expect(400))).toEqual(['measures']);
      expect(fields(await apply({ measures: [] }).expect(400))).toEqual(['measures']);
      expect(fields(await apply({ witnessCategory: 'brave' }).expect(400))).toEqual(['witnessCategory']);
      expect(fields(await apply({ proceedingsId: '6b0c9f8e-8d2a-4c11-9a43-2f7d1f1f0a01' }).expect(400))).toEqual(['proceedingsId']);
      expect(fields(await apply({ decidedAt: '2026-11-27T10:00' }).expect(400))).toEqual(['decidedAt']);
      expect(fields(await apply({ outcome: 'granted', decidedAt: '2027-06-01T10:00' }).expect(400))).toEqual(['decidedAt']);
      await service.http().patch(`/v1/cases/${c.id}/special-measures/6b0c9f8e-8d2a-4c11-9a43-2f7d1f1f0a01`).set('Authorization', officer()).send({ outcome: 'granted' }).expect(404);
      expect(await stored()).toEqual(before);
      const applied = (await apply({}).expect(201)).body;
      const decide = (body: object) => service.http().patch(`/v1/cases/${c.id}/special-measures/${applied.id}`).set('Authorization', officer()).send(body);
      expect(fields(await decide({ outcome: 'maybe' }).expect(400))).toEqual(['outcome']);
      expect(fields(await decide({}).expect(400))).toEqual(['outcome']);
      expect((await stored()).applications).toEqual([{ id: applied.id, outcome: 'pending' }]);
    });

    it('refuses court records on a closed case', async () => {
      await service.sql(`UPDATE cases SET status = 'closed', closed_at = now() WHERE id = $1`, [c.id]);
      const before = await stored();
      const closed = await recordProceedings(c.id, {}).expect(400);
      expect(closed.body.errors).toEqual([expect.objectContaining({ field: 'id', rule: 'caseOpen' })]);
      expect(fields(await service.http().patch(`/v1/cases/${c.id}/proceedings/${proceedingsId}`).set('Authorization', officer())
        .send({ witnessServiceConsent: { given: true } }).expect(400))).toEqual(['id']);
      expect(fields(await service.http().post(`/v1/cases/${c.id}/special-measures`).set('Authorization', officer())
        .send({ proceedingsId, measures: ['screens'], witnessCategory: 'vulnerable' }).expect(400))).toEqual(['id']);
      expect(await stored()).toEqual(before);
    });
  });

  describe('the referral is a contact to the Witness Service (issue 13: one delivery path)', () => {
    type Logged = { id: string; purpose: string; channel: string; recipient: string; status: string; attempts: number; timeline: { status: string; reason: string | null; detail: Record<string, unknown> }[] };
    const caseLog = async (caseId: string) =>
      (await service.http().get(`/v1/cases/${caseId}/contacts`).set('Authorization', officer()).expect(200)).body as Logged[];
    const referralContact = async (caseId: string) => (await caseLog(caseId)).find((k) => k.recipient === 'witness_service');

    it('appears on the case timeline as a contact, and its email reaches the mail server with the contact id', async () => {
      const c = await open('Tia Timeline', '07911 123460');
      const recorded = await recordProceedings(c.id, { witnessServiceConsent: { given: true } }).expect(201);
      const mail = await referralEmail(c.reference);
      const [referral] = await referralIn(c.id, 'sent');
      const contact = (await referralContact(c.id))!;
      expect(contact).toMatchObject({ id: referral.contact_id, purpose: 'witness_service_referral', channel: 'email', recipient: 'witness_service', status: 'sent', attempts: 1 });
      expect(contact.timeline.map((e) => e.status)).toEqual(['scheduled', 'queued', 'sending', 'sent']);
      expect(contact.timeline.at(-1)!.detail).toMatchObject({ transport: 'smtp' });
      // The real SMTP server got it for the Witness Service, through the rate-limited transport, marked with the contact and the referral.
      expect(service.app.get(EMAIL_TRANSPORT)).toBeInstanceOf(RateLimitedEmailTransport);
      expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe(WITNESS_SERVICE);
      expect(mail.headers.get('x-contact-id')).toBe(contact.id);
      expect(mail.headers.get('x-referral-id')).toBe(recorded.body.witnessService.referral.id);
      const listed = await service.http().get(`/v1/cases/${c.id}/proceedings`).set('Authorization', officer()).expect(200);
      expect(listed.body[0].witnessService.referral).toMatchObject({ status: 'sent', contactId: contact.id, attempts: 1, providerMessageId: mail.messageId });
      // The victim's own messages are apart from it: their notice is a contact to the victim.
      await textTo('+447911123460', 'We have asked the Witness Service to contact you');
      expect(await contacts(c.id, 'witness_service_referral')).toHaveLength(1);
    });

    it('retries a referral email the mail server refuses for now, then fails over to a task for the SPOC', async () => {
      const c = await open('Rex Retried', '07911 123461');
      smtp.deferRecipients.add(WITNESS_SERVICE);
      try {
        await recordProceedings(c.id, { witnessServiceConsent: { given: true } }).expect(201);
        // Refused for now: the contact waits for a retry, on its timeline.
        const waiting = await waitFor(async () => {
          const k = await referralContact(c.id);
          return k?.status === 'scheduled' && k.attempts === 1 && k;
        }, 20_000, 'the referral email to wait for a retry');
        expect(waiting.timeline.at(-1)).toMatchObject({ status: 'scheduled', reason: 'The mail server answered 451', detail: expect.objectContaining({ code: 'smtp_451' }) });
        expect((await referralRows(c.id))[0].status).toBe('pending');

        // Still refused a day later: it fails for good, and the SPOC is asked to phone the referral in.
        service.clock.travelTo(new Date(service.clock.now().getTime() + 25 * 3_600_000));
        const [referral] = await referralIn(c.id, 'failed');
        expect(referral).toMatchObject({ failure_code: 'smtp_451', failure_reason: 'Still failing after 24 hours: The mail server answered 451' });
        const failed = (await referralContact(c.id))!;
        expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
        expect(failed.timeline.map((e) => e.status)).toEqual(['scheduled', 'queued', 'sending', 'scheduled', 'queued', 'sending', 'failed']);
        const phone = await service.sql(`SELECT officer_id FROM officer_tasks WHERE case_id = $1 AND kind = 'phone' AND contact_id IS NULL`, [c.id]);
        expect(phone).toEqual([{ officer_id: p.policeOfficer.id }]);
        const events = await service.sql<{ type: string }>('SELECT type FROM case_events WHERE case_id = $1', [c.id]);
        expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['witness_service_referral_planned', 'witness_service_referral_failed']));
        // Never handed on to the victim's own channels, and the victim is not told it went.
        expect(await service.sql(`SELECT id FROM contacts WHERE case_id = $1 AND purpose = 'witness_service_referral' AND recipient = 'victim'`, [c.id])).toHaveLength(0);
        expect(textsTo('+447911123461', 'We have asked the Witness Service')).toHaveLength(0);
        expect(referralEmails(c.reference)).toHaveLength(0);
      } finally {
        smtp.deferRecipients.clear();
      }
    });
  });
});
