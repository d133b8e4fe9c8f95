import { HELP_REPLY } from '../src/inbound-sms/sms-keywords.js';
import { SAFETY, bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { CapturedOutput, startTestService, TestService } from './support/test-service.js';

/**
 * Training: an officer plays the victim or resident and texts the partnership; the same inbound
 * handling as Twilio's webhook runs. Also: Ofcom's drama numbers are accepted in training, and
 * numbers that are not a person's phone are refused.
 */
describe('rehearsing replies in training', () => {
  const logs = new CapturedOutput();
  let service: TestService;
  let p: TestPartnership;
  let caseId: string;

  beforeAll(async () => {
    service = await startTestService('embedded', { LOG_LEVEL: 'info' }, logs);
    p = await buildPartnership(service);
    const victim = { name: 'Tess Training', phone: '07700 900123', email: 'tess@example.com' };
    caseId = (await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id, { victim })).expect(201)).body.id;
    await service.http().put(`/v1/cases/${caseId}/contact-agreement`).set('Authorization', bearer(p.policeOfficer)).send({ ...SAFETY, channels: ['sms', 'email'], cadence: { every: 10, unit: 'workingDays' } })
      .expect((res) => expect(res.body).toMatchObject({ channels: ['sms', 'email'] }));
  });
  afterAll(() => service?.stop());

  const text = (who: { apiKey: string }, body: Record<string, unknown>) =>
    service.http().post('/v1/training/inbound-sms').set('Authorization', bearer(who)).send(body);

  it('warns once at start-up that the alphanumeric sender cannot be replied to', () => {
    const warnings = logs.text.split('\n').filter((line) => line.includes('alphanumeric sender ID'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: 40 });
  });

  it('accepts a drama number for a victim in training, and stores it as E.164', async () => {
    const view = await service.http().get(`/v1/cases/${caseId}`).set('Authorization', bearer(p.policeOfficer)).expect(200);
    expect(view.body.victim.phone).toBe('+447700900123');
  });

  it('treats a free-text reply as the webhook does: recorded on the case for the SPOC', async () => {
    const res = await text(p.policeOfficer, { from: '07700 900123', body: 'They were back last night' }).expect(200);
    expect(res.body).toMatchObject({ reply: null, keyword: null, cases: [{ caseId, replyRecorded: true, smsWithdrawn: false, surveyAnswered: false }], otherOrganisationsCases: 0 });
    expect(res.body.cases[0].reference).toMatch(/^ASB-/);
  });

  it('answers HELP with neutral words and records nothing', async () => {
    const res = await text(p.policeOfficer, { from: '07700 900123', body: 'help' }).expect(200);
    expect(res.body).toMatchObject({ reply: HELP_REPLY, keyword: 'help', cases: [] });
  });

  it('shows another organisation only a count, never the case', async () => {
    const res = await text(p.councilOfficer, { from: '+447700900123', body: 'Hello?' }).expect(200);
    expect(res.body).toMatchObject({ cases: [], otherOrganisationsCases: 1 });
    expect(JSON.stringify(res.body)).not.toContain(caseId);
  });

  it('honours OPTOUT like STOP: texts leave the agreement and the victim is told once', async () => {
    const res = await text(p.policeSupervisor, { from: '07700 900123', body: ' Optout. ' }).expect(200);
    expect(res.body).toMatchObject({ keyword: 'opt_out', cases: [{ caseId, smsWithdrawn: true }] });
    expect(res.body.reply).toContain('You will not get any more texts');
    const agreement = await service.http().get(`/v1/cases/${caseId}/contact-agreement`).set('Authorization', bearer(p.policeOfficer)).expect(200);
    expect(agreement.body.channels).toEqual(['email']);
  });

  it('confirms a resident\'s subscription on YES (not an opt-in), then takes START as opting in', async () => {
    await service.http().post('/p/subscribe').send({ phone: '07700 900982', postcode: 'NN12 6AA' }).expect(202);
    const yes = await text(p.policeOfficer, { from: '07700 900982', body: 'Yes!' }).expect(200);
    expect(yes.body).toMatchObject({ subscriptions: { confirmed: 1, unsubscribed: 0 }, cases: [] });
    expect(yes.body.reply).toContain('You will now get texts with news');
    const start = await text(p.policeOfficer, { from: '07700 900982', body: 'START' }).expect(200);
    expect(start.body).toMatchObject({ keyword: 'opt_in', subscriptions: { confirmed: 0, unsubscribed: 0 } });
    expect(start.body.reply).toContain('can reach you again');
    const stop = await text(p.policeOfficer, { from: '07700 900982', body: 'STOP ALL' }).expect(200);
    expect(stop.body).toMatchObject({ keyword: 'opt_out', subscriptions: { unsubscribed: 1 } });
  });

  it('is for officers and supervisors only', async () => {
    await text(p.comms, { from: '07700 900123', body: 'STOP' }).expect(403);
  });

  it.each([
    [{ from: '0123', body: 'Hi' }, 'from', 'isUkPhoneNumber'],
    [{ from: 'not a number', body: 'Hi' }, 'from', 'phoneCharacters'],
    [{ from: '07723 456789...', body: 'Hi' }, 'from', 'phoneCharacters'],
    [{ from: '09065 123456', body: 'Hi' }, 'from', 'phoneType'],
    [{ from: '07700 900123', body: '' }, 'body', 'length'],
    [{ from: '07700 900123', body: 'Hi', colour: 'red' }, 'colour', 'unknownField'],
  ])('refuses %j with a 400 naming %s and the rule %s', async (input, field, rule) => {
    const res = await text(p.policeOfficer, input).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field, rule })]);
  });

  it.each([
    ['09065 123456', 'phoneType', 'premium-rate'],
    ['0871 123 4567', 'phoneType', 'premium-rate'],
    ['070 1234 5678', 'phoneType', 'personal'],
    ['07723 456789...', 'phoneCharacters', 'only a phone number'],
    ['07723 456789 ext 2', 'phoneCharacters', 'only a phone number'],
  ])("refuses %s as a victim's phone (%s)", async (phone, rule, says) => {
    const res = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
      .send(complaint(p.police.id, { victim: { name: 'Pat Premium', phone } })).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'victim.phone', rule })]);
    expect(res.body.message).toContain(says);
  });

  it('lets an officer have an 03 work number but not a premium-rate one', async () => {
    const admin = `Bearer ${service.adminKey}`;
    const officer = (phone: string) => ({ name: 'Olly Officer', organisationId: p.police.id, role: 'officer', email: `olly${phone.length}@partner.example`, phone });
    await service.http().post('/v1/officers').set('Authorization', admin).send(officer('0300 330 7009')).expect(201);
    const refused = await service.http().post('/v1/officers').set('Authorization', admin).send(officer('0906 512 3456')).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'phone', rule: 'phoneType' })]);
  });
});
