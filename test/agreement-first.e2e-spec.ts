import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContactPlanner } from '../src/contacts/contact-planner.js';
import { planFirstContacts } from '../src/agreements/contact-plan.js';
import { CaseReviewNotices } from '../src/case-review/case-review-notices.js';
import { ContactLog } from '../src/contacts/contact-log.js';
import { Dispatcher } from '../src/contacts/dispatcher.js';
import { Outbox } from './support/outbox.js';
import { bearer, buildPartnership, complaint, SAFETY, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

const MONDAY_10AM = new Date('2026-11-23T10:00:00Z');
const VICTIM = { name: 'Vic Tim', phone: '07911 123456', email: 'vic@example.com', address: ['1 High Street', 'Northampton', 'NN1 1AA'] };

/** Issue 11, "victim safety first": the agreement comes first, no silent changes, discreet updates, fewer messages. */
describe('the contact agreement comes first', () => {
  let service: TestService;
  let p: TestPartnership;
  let planner: ContactPlanner;
  let outbox: Outbox;

  beforeAll(async () => {
    service = await startTestService('embedded');
    p = await buildPartnership(service);
    planner = service.app.get(ContactPlanner);
    outbox = new Outbox(service.settings.outboxDir);
  });
  afterAll(async () => service?.stop());
  beforeEach(() => service.clock.travelTo(MONDAY_10AM));

  const auth = () => bearer(p.policeOfficer);
  const open = (overrides: Record<string, unknown> = {}) =>
    service.http().post('/v1/cases').set('Authorization', auth()).send(complaint(p.police.id, { victim: VICTIM, ...overrides }));
  const agreement = (id: string) => service.http().get(`/v1/cases/${id}/contact-agreement`).set('Authorization', auth());
  const put = (id: string, body: Record<string, unknown>) => service.http().put(`/v1/cases/${id}/contact-agreement`).set('Authorization', auth()).send(body);
  const patch = (id: string, body: Record<string, unknown>) => service.http().patch(`/v1/cases/${id}/contact-agreement`).set('Authorization', auth()).send(body);
  const contacts = (id: string) => service.sql<{ id: string; purpose: string; channel: string; status: string; due_at: Date }>(
    'SELECT id, purpose, channel, status, due_at FROM contacts WHERE case_id = $1 ORDER BY due_at, purpose', [id]);
  const history = async (id: string) => ((await service.http().get(`/v1/cases/${id}`).set('Authorization', auth()).expect(200)).body.history as
    { type: string; officerId: string | null; detail: Record<string, unknown> }[]).filter((e) => e.type.startsWith('contact_agreement'));
  const caseCount = async () => (await service.sql<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0].n;
  /** Sends every contact of the case due now, as a dispatcher worker would. */
  const sendDue = async (id: string) => {
    const due = await service.sql<{ id: string }>(`UPDATE contacts SET status = 'queued' WHERE case_id = $1 AND status = 'scheduled' AND due_at <= $2 RETURNING id`, [id, service.clock.now()]);
    await service.app.get(Dispatcher).sendBatch(due.map((k) => k.id));
  };

  it('sends nothing before the agreement: the SPOC gets agree_contact, the case shows contactAgreed false; recording it plans the first contacts', async () => {
    const c = (await open({ contactAgreement: undefined }).expect(201)).body;
    expect(c.contactAgreed).toBe(false);
    await planner.planNewCases();
    expect(await contacts(c.id)).toEqual([]);
    const listed = (await service.http().get('/v1/cases').set('Authorization', auth()).expect(200)).body.find((s: { id: string }) => s.id === c.id);
    expect(listed.contactAgreed).toBe(false);
    const [task] = await service.sql<{ kind: string; status: string; due_at: Date; officer_id: string }>(`SELECT kind, status, due_at, officer_id FROM officer_tasks WHERE case_id = $1`, [c.id]);
    expect(task).toMatchObject({ kind: 'agree_contact', status: 'open', officer_id: p.policeOfficer.id });
    expect(task.due_at.getTime()).toBeLessThan(new Date(c.responseDueAt).getTime());

    await put(c.id, { channels: ['letter'], discreet: true, lettersToHome: true, voicemailSafe: false, largePrint: false }).expect(200);
    await planner.planNewCases();
    const planned = await contacts(c.id);
    expect(planned.map((k) => [k.purpose, k.channel])).toEqual([['acknowledgement', 'letter'], ['spoc_introduction', 'letter'], ['update', 'letter']]);
    expect((await service.sql<{ status: string }>(`SELECT status FROM officer_tasks WHERE case_id = $1 AND kind = 'agree_contact'`, [c.id]))[0].status).toBe('done');
    expect((await service.http().get(`/v1/cases/${c.id}`).set('Authorization', auth())).body.contactAgreed).toBe(true);
    const [recorded] = await history(c.id);
    expect(recorded).toEqual({ type: 'contact_agreement_recorded', officerId: p.policeOfficer.id, at: expect.any(String), detail: { via: 'PUT', fields: ['channels', 'cadence', 'safeWindows', 'discreet', 'lettersToHome', 'voicemailSafe', 'largePrint'] } });
    await sendDue(c.id);
    for (const k of planned) expect(existsSync(join(service.settings.outboxDir, 'sms', `${k.id}.json`))).toBe(false);
  });

  it('records the agreement with the case, and the planner plans exactly what the pure plan function says', async () => {
    const c = (await open({ contactAgreement: { ...SAFETY, channels: ['email', 'sms'], safeWindows: { email: { days: [2], from: '18:00', to: '19:00' } } } }).expect(201)).body;
    expect(c.contactAgreed).toBe(true);
    expect((await history(c.id))[0].detail.via).toBe('case_opened');
    const row = (await service.sql('SELECT channels, safe_windows AS "safeWindows", letters_to_home AS "lettersToHome", cadence_every AS "cadenceEvery", cadence_unit AS "cadenceUnit" FROM contact_agreements WHERE case_id = $1', [c.id]))[0];
    await planner.planNewCases();
    const expected = planFirstContacts(row as never, service.clock.now());
    expect((await contacts(c.id)).map((k) => ({ purpose: k.purpose, channel: k.channel, dueAt: k.due_at }))).toEqual(expected);
    expect(expected[0]).toMatchObject({ channel: 'email', dueAt: new Date('2026-11-24T18:00:00Z') }); // Tuesday evening, as agreed
  });

  const bad: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['a channel without its detail', { name: 'No Post', phone: '07911 123456' }, { channels: ['letter'] }, 'channels[0]'],
    ['an unknown channel', VICTIM, { channels: ['pigeon'] }, 'channels'],
    ['an empty channel list', VICTIM, { channels: [] }, 'channels'],
    ['a safe window that never opens', VICTIM, { channels: ['sms'], safeWindows: { sms: { days: [1], from: '10:00', to: '09:00' } } }, 'safeWindows.sms.to'],
    ['a missing safety field', VICTIM, { channels: ['sms'], discreet: undefined }, 'discreet'],
  ];

  it.each(bad)('refuses %s at POST /v1/cases, PUT and PATCH with a 400 naming the field, writing nothing', async (_, victim, terms, field) => {
    const before = await caseCount();
    const posted = await open({ victim, contactAgreement: { ...SAFETY, ...terms } }).expect(400);
    expect(posted.body.errors.map((e: { field: string }) => e.field)).toContain(`contactAgreement.${field}`);
    expect(await caseCount()).toBe(before);

    const c = (await open({ victim, contactAgreement: { ...SAFETY, channels: ['phone'] } }).expect(201)).body;
    const stored = (await agreement(c.id).expect(200)).body;
    const put400 = await put(c.id, { ...SAFETY, ...terms }).expect(400);
    expect(put400.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    if (field !== 'discreet') {
      const patch400 = await patch(c.id, terms).expect(400);
      expect(patch400.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await agreement(c.id).expect(200)).body).toEqual(stored);
    expect(await history(c.id)).toHaveLength(1);
  });

  it('changes only what a PATCH names, checks the whole result, and notes who changed which fields', async () => {
    const c = (await open({ contactAgreement: { ...SAFETY, channels: ['sms', 'email'], discreet: true } }).expect(201)).body;
    const changed = (await patch(c.id, { largePrint: true }).expect(200)).body;
    expect(changed).toMatchObject({ channels: ['sms', 'email'], discreet: true, largePrint: true });
    await patch(c.id, { discreet: null }).expect(400);
    await patch(c.id, {}).expect(400);
    await patch(c.id, { channels: ['letter'], lettersToHome: false }).expect(400); // a letter needs lettersToHome
    const events = await history(c.id);
    expect(events.at(-1)).toMatchObject({ type: 'contact_agreement_changed', officerId: p.policeOfficer.id, detail: { via: 'PATCH', fields: ['largePrint'] } });
    expect(JSON.stringify(events)).not.toMatch(/07911|vic@example|High Street/);
  });

  it('lets a cadence left out follow the risk level, and keeps one the victim chose', async () => {
    const high = { answers: { threats_or_violence: true } };
    const left = (await open({ riskAssessment: high, contactAgreement: { ...SAFETY, channels: ['sms'] } }).expect(201)).body;
    const chose = (await open({ riskAssessment: high, contactAgreement: { ...SAFETY, channels: ['sms'], cadence: { every: 3, unit: 'days' } } }).expect(201)).body;
    expect((await agreement(left.id)).body).toMatchObject({ cadence: { every: 5, unit: 'workingDays' }, cadenceFollowsRisk: true });
    for (const c of [left, chose]) await service.http().post(`/v1/cases/${c.id}/risk-assessments`).set('Authorization', auth()).send({ answers: {} }).expect(201);
    expect((await agreement(left.id)).body.cadence).toEqual({ every: 10, unit: 'workingDays' });
    expect((await agreement(chose.id)).body).toMatchObject({ cadence: { every: 3, unit: 'days' }, cadenceFollowsRisk: false });
  });

  it('fails over only inside the agreed channels: when they are exhausted the SPOC gets a task, never a new channel', async () => {
    const c = (await open({ contactAgreement: { ...SAFETY, channels: ['sms'] } }).expect(201)).body;
    await planner.planNewCases();
    const [ack] = (await contacts(c.id)).filter((k) => k.purpose === 'acknowledgement');
    await service.manager.transaction((db) => service.app.get(ContactLog).transition(ack.id, 'failed', { reason: 'Invalid number', failureCode: 'twilio_21211' }, db));
    expect(await service.sql('SELECT id FROM contacts WHERE replaces_contact_id = $1', [ack.id])).toEqual([]);
    const tasks = await service.sql<{ kind: string }>(`SELECT kind FROM officer_tasks WHERE case_id = $1`, [c.id]);
    expect(tasks.map((t) => t.kind)).toContain('check_contact_details');
  });

  it("sends an officer's words to a discreet victim only once the officer confirms the exact preview; says how many fragments", async () => {
    const c = (await open({ contactAgreement: { ...SAFETY, channels: ['sms'], discreet: true } }).expect(201)).body;
    const update = (body: Record<string, unknown>) => service.http().post(`/v1/cases/${c.id}/updates`).set('Authorization', auth()).send(body);
    const message = 'We spoke to the family at number 14 on Tuesday.';
    const refused = await update({ message }).expect(409);
    expect(refused.body).toMatchObject({ rule: 'confirmDiscreet', preview: { channel: 'sms', discreet: true, sms: { fragments: 1 } } });
    expect(refused.body.message).toMatch(/discreet/);
    expect(await contacts(c.id)).toEqual([]);
    const accepted = (await update({ message, confirmDiscreet: true }).expect(202)).body;
    expect(accepted).toMatchObject({ channel: 'sms', sms: { fragments: refused.body.preview.sms.fragments } });
    await sendDue(c.id);
    expect((await outbox.sms(accepted.contactId)).body).toBe(refused.body.preview.text);

    const plain = (await open({ contactAgreement: { ...SAFETY, channels: ['sms'] } }).expect(201)).body;
    const long = await service.http().post(`/v1/cases/${plain.id}/updates`).set('Authorization', auth()).send({ message: 'Words. '.repeat(150) }).expect(400);
    expect(long.body.errors[0]).toMatchObject({ field: 'message', rule: 'smsLength' });
    expect(await contacts(plain.id)).toEqual([]);
  });

  it("refuses an officer's words that would give a discreet victim away, confirmed or not, and sends nothing", async () => {
    const c = (await open({ contactAgreement: { ...SAFETY, channels: ['sms'], discreet: true } }).expect(201)).body;
    const update = (body: Record<string, unknown>) => service.http().post(`/v1/cases/${c.id}/updates`).set('Authorization', auth()).send(body);
    const organisations = (await service.http().get('/v1/organisations').set('Authorization', auth()).expect(200)).body as { name: string; code: string }[];
    const giveaways = [
      'The police visited your neighbour about the anti-social behaviour.',
      `${organisations[0].name} will be in touch.`,
      `Your reference is ${c.reference}.`,
      `Your reference is ${String(c.reference).replace(/^ASB-/, '')}.`,
    ];
    for (const message of giveaways) {
      for (const confirmDiscreet of [false, true]) {
        const refused = await update({ message, confirmDiscreet }).expect(400);
        expect(refused.body.errors[0]).toMatchObject({ field: 'message', rule: 'discreet' });
      }
    }
    expect(await contacts(c.id)).toEqual([]);
    await update({ message: 'We spoke to the family at number 14 on Tuesday.', confirmDiscreet: true }).expect(202);
  });

  it('sends the day-0 acknowledgement, introduction and Case Review information as one text, each recorded as sent together', async () => {
    const c = (await open({
      riskAssessment: { answers: { hate_motivated: true } },
      incident: { description: 'Abuse shouted about my religion.', category: 'personal', hateMotivated: true, postcode: 'NN1 1AA' },
      contactAgreement: { ...SAFETY, channels: ['sms'] },
    }).expect(201)).body;
    await planner.planNewCases();
    await service.app.get(CaseReviewNotices).checkNewComplaints();
    service.clock.travelTo(new Date(MONDAY_10AM.getTime() + 5000));
    await sendDue(c.id);
    const dayZero = (await contacts(c.id)).filter((k) => k.purpose !== 'update');
    expect(dayZero.map((k) => [k.purpose, k.status])).toEqual([
      ['acknowledgement', 'delivered'], ['spoc_introduction', 'delivered'], ['case_review_information', 'delivered'],
    ]);
    const [ack, ...rest] = dayZero;
    const text = (await outbox.sms(ack.id)).body;
    expect(text).toContain('Your named contact is');
    expect(text).toContain('ASB Case Review');
    for (const k of rest) {
      expect(existsSync(join(service.settings.outboxDir, 'sms', `${k.id}.json`))).toBe(false);
      const log = (await service.http().get(`/v1/cases/${c.id}/contacts`).set('Authorization', auth()).expect(200)).body.find((x: { id: string }) => x.id === k.id);
      expect(log.timeline.at(-1)).toMatchObject({ status: 'delivered', reason: expect.stringContaining(`sent together with contact ${ack.id}`) });
    }
  });
});
