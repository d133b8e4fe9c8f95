import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { SurveysService } from '../src/surveys/surveys.service.js';
import type { SurveyKind } from '../src/surveys/survey.entity.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { SmtpSink } from './support/smtp-sink.js';
import { startTestService, TestService } from './support/test-service.js';
import { waitFor } from './support/wait.js';

const AUTH_TOKEN = 'surveys-auth-token';
const PUBLIC_BASE_URL = 'https://asb.example.gov.uk';
const MONDAY_10AM = new Date('2026-11-23T10:00:00Z');
const LINK = /https:\/\/asb\.example\.gov\.uk\/p\/surveys\/([A-Za-z0-9_-]{43})/;

type Row = Record<string, unknown>;
interface Harness { service: TestService; p: TestPartnership }

/** Helpers shared by the live and training services. */
function helpers(h: () => Harness) {
  const http = () => h().service.http();
  const open = async (overrides: Record<string, unknown> = {}, by = h().p.policeOfficer, org = h().p.police.id) =>
    (await http().post('/v1/cases').set('Authorization', bearer(by)).send(complaint(org, overrides)).expect(201)).body as { id: string; reference: string };
  const planned = (caseId: string) =>
    waitFor(async () => (await h().service.sql('SELECT 1 FROM contacts WHERE case_id = $1', [caseId])).length > 0, 15_000, 'the first contacts');
  const send = (caseId: string, kind: SurveyKind) =>
    h().service.app.get(DataSource).transaction((db) => h().service.app.get(SurveysService).send(caseId, kind, db));
  const close = (caseId: string) =>
    http().post(`/v1/cases/${caseId}/close`).set('Authorization', bearer(h().p.policeOfficer))
      .send({ outcome: 'We spoke to the people involved.', reason: 'There have been no new reports for a month.' }).expect(200);
  const survey = async (caseId: string, kind: SurveyKind) =>
    (await h().service.sql('SELECT * FROM surveys WHERE case_id = $1 AND kind = $2', [caseId, kind]))[0] as Row | undefined;
  const surveyContact = (caseId: string, statuses = ['sent', 'delivered']) =>
    waitFor(async () => (await h().service.sql<Row>(
      `SELECT k.* FROM surveys s JOIN contacts k ON k.id = s.contact_id WHERE s.case_id = $1 AND k.status = ANY($2)`, [caseId, statuses]))[0],
    20_000, 'the survey message');
  return { http, open, planned, send, close, survey, surveyContact };
}

describe('satisfaction surveys (live providers)', () => {
  const fakeTwilio = new FakeTwilio();
  const smtp = new SmtpSink();
  const h = {} as Harness;
  const { http, open, planned, send, close, survey, surveyContact } = helpers(() => h);

  beforeAll(async () => {
    await fakeTwilio.start();
    await smtp.start();
    h.service = await startTestService('embedded', {
      MODE: 'live', TWILIO_ACCOUNT_SID: 'AC' + '56'.repeat(16), TWILIO_AUTH_TOKEN: AUTH_TOKEN, SMTP_URL: smtp.url, PUBLIC_BASE_URL,
      TWILIO_FROM: '+447911000555', // a number, so texts can invite a reply
      SURVEY_FEEDBACK_PHONE: '01632 960998',
    }, undefined, fakeTwilio.httpClient(), { schedule: true });
    h.p = await buildPartnership(h.service);
  });
  afterAll(async () => {
    await h.service?.stop();
    await fakeTwilio.stop();
    await smtp.stop();
  });
  beforeEach(() => h.service.clock.travelTo(MONDAY_10AM));

  const textTo = (reference: string) =>
    waitFor(async () => fakeTwilio.received.find((m) => m.body.includes(reference) && LINK.test(m.body)), 20_000, 'the survey text');
  const emailFor = (reference: string) =>
    waitFor(async () => smtp.messages.find((m) => m.subject?.includes(reference) && LINK.test(m.text ?? '')), 20_000, 'the survey email');
  const form = (token: string, fields: Record<string, string>) => http().post(`/p/surveys/${token}`).type('form').send(fields);
  const tasksFor = async (caseId: string, who = h.p.policeSupervisor) =>
    ((await http().get('/v1/tasks').set('Authorization', bearer(who)).expect(200)).body as { caseId: string; kind: string; officerId: string; briefing: { whatToCover: string } }[])
      .filter((t) => t.caseId === caseId && t.kind === 'dissatisfied_victim');
  const events = (caseId: string) => h.service.sql<{ type: string; detail: Row }>(`SELECT type, detail FROM case_events WHERE case_id = $1 AND type LIKE 'survey_%' ORDER BY id`, [caseId]);

  it('takes a closure survey by link once: an accessible form, the answer stored, a replay refused', async () => {
    const c = await open({ victim: { name: 'Lena Link', phone: '07911 123456' } });
    await planned(c.id);
    await close(c.id);
    const text = await textTo(c.reference);
    expect(text.body).toMatch(/Reply with a number from 1 to 5/);
    expect(text.body).toMatch(/by \d{1,2} December 2026/);
    // Closed: how we dealt with it; answers by phone go to the feedback line, not the SPOC (issue 12 item 12).
    expect(text.body).toContain(`How happy are you with how we dealt with your report ${c.reference}?`);
    expect(text.body).toContain('Or call our feedback line on 01632 960998.');
    expect(text.body).not.toMatch(/(tell us|answer)[^.]*01604 888123/i);
    const token = LINK.exec(text.body)![1];
    const stored = (await survey(c.id, 'closure'))!;
    expect(stored.token_hash).toEqual(createHash('sha256').update(token).digest());
    expect(JSON.stringify(stored)).not.toContain(token);

    const page = await http().get(`/p/surveys/${token}`).expect(200).expect('Content-Type', /text\/html/).expect('Cache-Control', 'no-store');
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('your report to Test Police');
    expect(page.text.match(/<fieldset/g)).toHaveLength(2);
    expect(page.text).toMatch(/<legend>Overall, how satisfied are you with how we dealt with your report\?<\/legend>/);
    for (let n = 1; n <= 5; n++) {
      expect(page.text).toContain(`<input type="radio" id="overall-${n}" name="overall" value="${n}">`);
      expect(page.text).toContain(`<label for="overall-${n}">`);
      expect(page.text).toContain(`id="keptInformed-${n}" name="keptInformed"`);
    }
    expect(page.text).toMatch(/<label class="block" for="comment">[^<]+<\/label>/);
    expect(page.text).not.toMatch(/<script|<link|src=|Lena|ASB-\d{4}/);

    const bad = await form(token, { overall: '9', keptInformed: 'lots', comment: 'x' }).expect(400);
    expect(bad.text).toContain('<title>Error: ');
    expect(bad.text).toContain('<a href="#overall-1">Select how satisfied you are overall, from 1 to 5</a>');
    expect(bad.text).toContain('<a href="#keptInformed-1">Select how well we kept you informed');
    expect(bad.text).toContain('>x</textarea>'); // what they typed is kept
    const missing = await form(token, { comment: 'y'.repeat(2001) }).expect(400);
    expect(missing.text).toContain('<a href="#comment">Your comments must be 2,000 characters or fewer</a>');
    expect((await survey(c.id, 'closure'))!.answered_at).toBeNull();

    const thanks = await form(token, { overall: '5', keptInformed: '4', comment: 'Officer Pat was brilliant' }).expect(200);
    expect(thanks.text).toContain('Thank you for your answers');
    const answered = (await survey(c.id, 'closure'))!;
    expect(answered).toMatchObject({ overall: 5, kept_informed: 4, answered_via: 'link', answered_by: null });
    expect((answered.comment_enc as Buffer).toString('latin1')).not.toContain('brilliant');

    const replay = await form(token, { overall: '1' }).expect(409);
    expect(replay.text).toContain('This survey has already been answered');
    await http().get(`/p/surveys/${token}`).expect(409);
    expect(await survey(c.id, 'closure')).toEqual(answered);
    expect(await tasksFor(c.id)).toEqual([]);

    const listed = await http().get(`/v1/cases/${c.id}/surveys`).set('Authorization', bearer(h.p.policeOfficer)).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({
      kind: 'closure', status: 'answered', channel: 'sms', overall: 5, keptInformed: 4, comment: 'Officer Pat was brilliant', answeredVia: 'link',
    })]);
    expect(JSON.stringify(listed.body)).not.toMatch(/token|p\/surveys/i);
    const audit = await h.service.sql('SELECT fields FROM audit_entries WHERE case_id = $1 AND $2 = ANY(fields)', [c.id, 'survey.comment']);
    expect(audit).toHaveLength(1);
    expect((await events(c.id)).map((e) => e.type)).toEqual(['survey_sent', 'survey_answered']);
    expect((await events(c.id))[1].detail).toEqual({ surveyId: stored.id, kind: 'closure', overall: 5, keptInformed: 4, via: 'link' });
    await send(c.id, 'closure'); // one survey per case and kind
    expect(await h.service.sql('SELECT id FROM surveys WHERE case_id = $1', [c.id])).toHaveLength(1);
  });

  it('takes a one-digit text reply to a survey sent by text, even after the case has closed', async () => {
    const c = await open({ victim: { name: 'Sid Sms', phone: '07911 123457' } });
    await planned(c.id);
    await close(c.id);
    await surveyContact(c.id);
    const inbound = (params: Record<string, string>) =>
      http().post('/v1/webhooks/twilio/inbound').type('form')
        .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/v1/webhooks/twilio/inbound`, params))
        .send(params).expect(200);
    const chatty = await inbound({ From: '+447911123457', Body: 'I give it 4 out of 5', MessageSid: 'SMsurvey0' });
    expect(chatty.text).not.toContain('<Message>');
    expect((await survey(c.id, 'closure'))!.answered_at).toBeNull();

    const reply = await inbound({ From: '+447911123457', Body: ' 4. ', MessageSid: 'SMsurvey1' });
    expect(reply.text).toContain('<Message>Thank you for your answer.');
    expect(await survey(c.id, 'closure')).toMatchObject({ overall: 4, kept_informed: null, answered_via: 'sms' });
    const retried = await inbound({ From: '+447911123457', Body: ' 4. ', MessageSid: 'SMsurvey1' });
    expect(retried.text).not.toContain('<Message>');
    const later = await inbound({ From: '+447911123457', Body: '1', MessageSid: 'SMsurvey2' });
    expect(later.text).not.toContain('<Message>');
    expect(await survey(c.id, 'closure')).toMatchObject({ overall: 4, answered_via: 'sms' });
  });

  it('records a reply slip typed in by an officer, once, and refuses bad input naming the field', async () => {
    const c = await open({ victim: { name: 'Rita Slip', email: 'rita@example.com' } });
    await planned(c.id);
    const respond = (body: Record<string, unknown>, who = h.p.policeOfficer, caseId = c.id) =>
      http().post(`/v1/cases/${caseId}/survey-responses`).set('Authorization', bearer(who)).send(body);
    const none = await respond({ overall: 4 }).expect(404);
    expect(none.body.message).toBe('No survey has been sent for this case');
    await send(c.id, 'mid_case');
    await emailFor(c.reference);

    const bad = await respond({ overall: 6, keptInformed: 'x', comment: 7, surveyId: 'nope', colour: 'red' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['overall', 'keptInformed', 'comment', 'surveyId', 'colour']));
    await respond({}).expect(400).expect((r) => expect(r.body.errors[0].field).toBe('overall'));
    await http().post('/v1/cases/not-a-uuid/survey-responses').set('Authorization', bearer(h.p.policeOfficer)).send({ overall: 3 })
      .expect(400).expect((r) => expect(r.body.errors[0].field).toBe('id'));
    await http().get('/v1/cases/not-a-uuid/surveys').set('Authorization', bearer(h.p.policeOfficer)).expect(400);
    await respond({ overall: 3, surveyId: randomUUID() }).expect(404);
    await respond({ overall: 3 }, h.p.councilOfficer).expect(404);
    await respond({ overall: 3 }, h.p.comms).expect(403);
    expect((await survey(c.id, 'mid_case'))!.answered_at).toBeNull();

    const recorded = await respond({ overall: 3, keptInformed: 2, comment: 'Written on the slip' }).expect(201);
    expect(recorded.body).toMatchObject({ kind: 'mid_case', status: 'answered', overall: 3, keptInformed: 2, answeredVia: 'officer', answeredBy: h.p.policeOfficer.id });
    const again = await respond({ overall: 5 }).expect(409);
    expect(again.body.message).toMatch(/already been answered/);
    await respond({ overall: 5, surveyId: recorded.body.id }).expect(409);
    expect(await survey(c.id, 'mid_case')).toMatchObject({ overall: 3, answered_by: h.p.policeOfficer.id });
  });

  it('tells a dissatisfied victim about the ASB Case Review and asks a supervisor to follow up', async () => {
    const c = await open({ victim: { name: 'Dora Unhappy', email: 'dora@example.com' } });
    await planned(c.id);
    await send(c.id, 'mid_case');
    const token = LINK.exec((await emailFor(c.reference)).text!)![1];
    const thanks = await form(token, { overall: '2', keptInformed: '1', comment: 'Nobody called me back' }).expect(200);
    expect(thanks.text).toContain('ASB Case Review');
    const contacts = (await http().get(`/v1/cases/${c.id}/contacts`).set('Authorization', bearer(h.p.policeOfficer)).expect(200)).body as { purpose: string; channel: string }[];
    expect(contacts.filter((k) => k.purpose === 'case_review_information')).toEqual([expect.objectContaining({ channel: 'email' })]);
    const review = await waitFor(async () => smtp.messages.find((m) => m.subject === 'How to ask for an ASB Case Review' && JSON.stringify(m.to).includes('dora@example.com')), 20_000, 'the Case Review email');
    expect(review.text).toContain('01632 960999');
    const [task] = await tasksFor(c.id);
    expect(task.officerId).toBe(h.p.policeSupervisor.id);
    expect(task.briefing.whatToCover).toContain(c.reference);
    expect(task.briefing.whatToCover).toContain('overall 2 out of 5, kept informed 1 out of 5');
    expect((await events(c.id)).at(-1)!.detail).toEqual(expect.objectContaining({ overall: 2, keptInformed: 1, via: 'link' }));
    expect(JSON.stringify((await events(c.id)).map((e) => e.detail))).not.toContain('Nobody');

    // No active supervisor in the lead organisation: the SPOC is told instead.
    await h.service.sql('UPDATE officers SET active = false WHERE id = $1', [h.p.councilSupervisor.id]);
    try {
      const council = await open({ victim: { name: 'Cy Council', email: 'cy@example.com' } }, h.p.councilOfficer, h.p.council.id);
      await planned(council.id);
      await send(council.id, 'closure');
      await http().post(`/v1/cases/${council.id}/survey-responses`).set('Authorization', bearer(h.p.councilOfficer)).send({ overall: 1 }).expect(201);
      const [spocTask] = await tasksFor(council.id, h.p.councilOfficer);
      expect(spocTask.officerId).toBe(h.p.councilOfficer.id);
    } finally {
      await h.service.sql('UPDATE officers SET active = true WHERE id = $1', [h.p.councilSupervisor.id]);
    }
  });

  it('reports response rates and scores by organisation and risk level, as JSON and CSV', async () => {
    h.service.clock.travelTo(new Date('2026-11-24T10:00:00Z')); // a day of its own
    const victim = (name: string) => ({ victim: { name, email: `${name.split(' ')[0].toLowerCase()}@example.com` } });
    const high = await open({ ...victim('Hana High'), riskAssessment: { answers: { threats_or_violence: true } } });
    const low = await open(victim('Lou Low'));
    const silent = await open(victim('Sol Silent'));
    const council = await open(victim('Cass Council'), h.p.councilOfficer, h.p.council.id);
    for (const c of [high, low, silent, council]) await planned(c.id);
    for (const c of [high, low, silent, council]) await send(c.id, 'mid_case');
    const slip = (c: { id: string }, body: Record<string, unknown>, who = h.p.policeOfficer) =>
      http().post(`/v1/cases/${c.id}/survey-responses`).set('Authorization', bearer(who)).send(body).expect(201);
    await slip(high, { overall: 5, keptInformed: 4 });
    await slip(low, { overall: 1, keptInformed: 2 });
    await slip(council, { overall: 4 }, h.p.councilOfficer);
    await h.service.sql('UPDATE cases SET anonymised_at = now() WHERE id = $1', [low.id]);
    await h.service.sql('UPDATE victims SET name_enc = NULL, email_enc = NULL WHERE id = (SELECT victim_id FROM cases WHERE id = $1)', [low.id]);

    const report = (query: string, who: { apiKey: string } = h.p.policeSupervisor) => http().get(`/v1/reports/satisfaction?${query}`).set('Authorization', bearer(who));
    const json = (await report('from=2026-11-24&to=2026-11-24').expect(200)).body;
    expect(json.total).toEqual({ sent: 4, answered: 3, responseRatePercent: 75, meanOverall: 3.33, meanKeptInformed: 3, satisfiedPercent: 66.7, dissatisfiedPercent: 33.3 });
    expect(json.byOrganisation).toEqual([
      { organisationId: h.p.council.id, organisation: 'Test Council', sent: 1, answered: 1, responseRatePercent: 100, meanOverall: 4, meanKeptInformed: null, satisfiedPercent: 100, dissatisfiedPercent: 0 },
      { organisationId: h.p.police.id, organisation: 'Test Police', sent: 3, answered: 2, responseRatePercent: 66.7, meanOverall: 3, meanKeptInformed: 3, satisfiedPercent: 50, dissatisfiedPercent: 50 },
    ]);
    expect(json.byRiskLevel).toEqual([
      { riskLevel: 'standard', sent: 3, answered: 2, responseRatePercent: 66.7, meanOverall: 2.5, meanKeptInformed: 2, satisfiedPercent: 50, dissatisfiedPercent: 50 },
      { riskLevel: 'high', sent: 1, answered: 1, responseRatePercent: 100, meanOverall: 5, meanKeptInformed: 4, satisfiedPercent: 100, dissatisfiedPercent: 0 },
    ]);
    const councilOnly = (await report(`from=2026-11-24&to=2026-11-24&organisation=${h.p.council.id}`, { apiKey: h.service.adminKey }).expect(200)).body;
    expect(councilOnly.total).toMatchObject({ sent: 1, answered: 1, meanOverall: 4 });
    expect(councilOnly.byOrganisation).toHaveLength(1);
    expect((await report('from=2026-11-25&to=2026-12-31').expect(200)).body.total).toMatchObject({ sent: 0, answered: 0, responseRatePercent: null, meanOverall: null });

    const csv = await report('from=2026-11-24&to=2026-11-24').set('Accept', 'text/csv').expect(200).expect('Content-Type', /text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('group,organisation_id,organisation,risk_level,sent,answered,response_rate_percent,mean_overall,mean_kept_informed,satisfied_percent,dissatisfied_percent');
    expect(lines).toHaveLength(6);
    expect(lines).toContain(`organisation,${h.p.police.id},Test Police,,3,2,66.7,3,3,50,50`);
    expect(lines).toContain('risk_level,,,high,1,1,100,5,4,100,0');
    expect(lines.at(-1)).toBe('total,,,,4,3,75,3.33,3,66.7,33.3');

    const field = (r: { body: { errors: { field: string }[] } }) => [...new Set(r.body.errors.map((e) => e.field))];
    expect(field(await report('from=2026-13-01&to=2026-11-24').expect(400))).toEqual(['from']);
    expect(field(await report('to=2026-11-24').expect(400))).toEqual(['from']);
    expect(field(await report('from=2026-11-24&to=2026-11-01').expect(400))).toEqual(['to']);
    expect(field(await report('from=2026-11-24&to=2026-11-24&organisation=police').expect(400))).toEqual(['organisation']);
    expect(field(await report(`from=2026-11-24&to=2026-11-24&organisation=${randomUUID()}`).expect(400))).toEqual(['organisation']);
    await report('from=2026-11-24&to=2026-11-24', h.p.policeOfficer).expect(403);
  });
});

describe('satisfaction surveys (training sandbox)', () => {
  const outbox = mkdtempSync(join(tmpdir(), 'asb-surveys-outbox-'));
  const h = {} as Harness;
  const { http, open, planned, close, survey, surveyContact } = helpers(() => h);

  beforeAll(async () => {
    h.service = await startTestService('embedded', { OUTBOX_DIR: outbox, PUBLIC_BASE_URL, TWILIO_FROM: '+447911000555' }, undefined, undefined, { schedule: true });
    h.service.clock.travelTo(MONDAY_10AM);
    h.p = await buildPartnership(h.service);
  });
  afterAll(async () => h.service?.stop());

  const moveClock = (now: string) =>
    http().post('/v1/training/clock').set('Authorization', bearer(h.p.policeOfficer)).send({ now }).expect(200);

  it('sends the mid-case survey once, 28 days after the report, and closes its link when it expires', async () => {
    const c = await open({ victim: { name: 'Mia Midcase', phone: '07777 300400' } });
    const closedEarly = await open({ victim: { name: 'Cole Closed', phone: '07812 345678' } });
    await planned(c.id);
    await planned(closedEarly.id);
    await close(closedEarly.id);

    await moveClock('2026-12-20T10:00:00Z'); // 27 days
    expect(await survey(c.id, 'mid_case')).toBeUndefined();
    await moveClock('2026-12-22T10:00:00Z'); // 29 days
    const sent = await waitFor(() => survey(c.id, 'mid_case'), 15_000, 'the mid-case survey');
    expect(sent.expires_at).toEqual(new Date('2027-01-21T23:59:59.999Z'));
    const [flagged] = await h.service.sql<{ mid_case_survey_at: Date }>('SELECT mid_case_survey_at FROM cases WHERE id = $1', [c.id]);
    expect(flagged.mid_case_survey_at.getTime() - Date.parse('2026-12-22T10:00:00Z')).toBeLessThan(60_000);
    const contact = await surveyContact(c.id);
    const file = join(outbox, 'sms', `${contact.id}.json`);
    await waitFor(async () => existsSync(file), 10_000, 'the outbox text');
    const text = JSON.parse(readFileSync(file, 'utf8')).body as string;
    expect(text).toContain('Reply with a number from 1 to 5');
    expect(text).toContain('by 21 January 2027');
    // Still open: how we are dealing with it, never "dealt with"; the feedback line is the lead
    // organisation's number when SURVEY_FEEDBACK_PHONE is unset (issue 12 item 12).
    expect(text).toContain('How happy are you so far with how we are dealing with your report');
    expect(text).not.toContain('dealt with');
    expect(text).toContain('Or call our feedback line on 101.');
    const token = LINK.exec(text)![1];
    expect((await http().get(`/p/surveys/${token}`).expect(200)).text).toContain('how we are dealing with your report so far');

    await moveClock('2026-12-29T10:00:00Z');
    await moveClock('2027-01-05T10:00:00Z');
    expect(await h.service.sql('SELECT id FROM surveys WHERE case_id = $1', [c.id])).toHaveLength(1);
    expect(await h.service.sql(`SELECT id FROM contacts WHERE case_id = $1 AND purpose = 'satisfaction_survey'`, [c.id])).toHaveLength(1);
    expect(await h.service.sql('SELECT kind FROM surveys WHERE case_id = $1', [closedEarly.id])).toEqual([{ kind: 'closure' }]);

    await moveClock('2027-01-22T00:00:01Z');
    const expired = await http().get(`/p/surveys/${token}`).expect(410);
    expect(expired.text).toContain('This survey closed on 21 January 2027');
    await http().post(`/p/surveys/${token}`).type('form').send({ overall: '5' }).expect(410);
    expect((await survey(c.id, 'mid_case'))!.answered_at).toBeNull();
  });

  it('answers an unknown or malformed link with a plain 404 page and stores nothing', async () => {
    const before = await h.service.sql('SELECT id, answered_at FROM surveys ORDER BY id');
    for (const token of ['abc', 'x'.repeat(44), randomBytes(32).toString('base64url'), '%3Cscript%3E']) {
      const page = await http().get(`/p/surveys/${token}`).expect(404).expect('Content-Type', /text\/html/);
      expect(page.text).toContain('We cannot find this survey');
      expect(page.text).not.toContain('<script>');
      await http().post(`/p/surveys/${token}`).type('form').send({ overall: '3' }).expect(404);
    }
    expect(await h.service.sql('SELECT id, answered_at FROM surveys ORDER BY id')).toEqual(before);
  });
});

function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}
