import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox, pdfText } from './support/outbox.js';
import { agreementFor, SAFETY } from './support/partnership.js';
import { startTestService, TestService } from './support/test-service.js';
import { waitFor } from './support/wait.js';

const MONDAY_10AM = '2026-11-23T10:00:00.000Z';

interface LoggedContact { id: string; purpose: string; channel: string; status: string; dueAt: string; timeline: { status: string; reason: string | null }[] }

/**
 * A high-risk case from report to closure in the training sandbox, with the clock moved through
 * the API and every message read back from the outbox.
 */
describe('the victim journey, from report to closure', () => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'asb-journey-outbox-'));
  const outbox = new Outbox(outboxDir);
  let service: TestService;
  let council: { id: string };
  let officer: { id: string; apiKey: string };
  let supervisor: { id: string; apiKey: string };

  const as = (who: { apiKey: string }) => `Bearer ${who.apiKey}`;
  const moveClock = (now: string) => service.http().post('/v1/training/clock').set('Authorization', as(supervisor)).send({ now }).expect(200);
  const contacts = async (caseId: string): Promise<LoggedContact[]> =>
    (await service.http().get(`/v1/cases/${caseId}/contacts`).set('Authorization', as(officer)).expect(200)).body;
  /** Waits until `count` contacts of the purpose have left the queue, and returns them. */
  const sent = (caseId: string, purpose: string, count = 1) =>
    waitFor(async () => {
      const found = (await contacts(caseId)).filter((c) => c.purpose === purpose && ['sent', 'delivered', 'failed'].includes(c.status));
      return found.length >= count && found;
    }, 20_000, `${count} ${purpose} message(s) to go`);
  const openCase = async (answers: Record<string, boolean>, victim: Record<string, unknown> = {}) =>
    (await service.http().post('/v1/cases').set('Authorization', as(officer)).send({
      leadOrganisationId: council.id,
      victim: { name: 'Grace Hopper', phone: '07911 123457', email: 'grace@example.com', address: ['4 Mill Court', 'Northtown', 'NN1 3AB'], ...victim },
      incident: { description: 'Stones thrown at my window; they said they would hurt me.', category: 'personal', hateMotivated: false, postcode: 'NN1 3AB' },
      riskAssessment: { answers },
      contactAgreement: agreementFor({ phone: '07911 123457', email: 'grace@example.com', address: ['4 Mill Court', 'Northtown', 'NN1 3AB'], ...victim }),
    }).expect(201)).body;

  beforeAll(async () => {
    service = await startTestService('embedded', { OUTBOX_DIR: outboxDir, PUBLIC_BASE_URL: 'https://asb.example.gov.uk' }, undefined, undefined, { schedule: true });
    service.clock.travelTo(new Date(MONDAY_10AM));
    const admin = `Bearer ${service.adminKey}`;
    council = (await service.http().post('/v1/organisations').set('Authorization', admin).send({
      code: 'NTC', name: 'Northtown Council', phone: '01632 960000', email: 'asb@northtown.example',
      address: ['Community Safety Team', 'Civic Centre', 'Northtown', 'NN1 1AA'],
    }).expect(201)).body;
    const person = async (role: string, name: string) =>
      (await service.http().post('/v1/officers').set('Authorization', admin).send({
        name, organisationId: council.id, role, email: `${name.split(' ')[0].toLowerCase()}@northtown.example`, phone: '01604 888123',
      }).expect(201)).body;
    officer = await person('officer', 'Alex Morgan');
    supervisor = await person('supervisor', 'Sam Reid');
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('keeps every promise to a high-risk victim, from the acknowledgement to the survey', async () => {
    const c = await openCase({ threats_or_violence: true });
    expect(c).toMatchObject({ riskLevel: 'high', caseReviewEligible: false });

    // Acknowledged and introduced by text straight away, in one text; updates weekly while the risk is high.
    const [ack] = await sent(c.id, 'acknowledgement');
    const [intro] = await sent(c.id, 'spoc_introduction');
    expect(ack.channel).toBe('sms');
    expect((await outbox.sms(ack.id)).body).toContain(c.reference);
    expect((await outbox.sms(ack.id)).body).toContain('Alex Morgan');
    expect(intro.timeline.at(-1)!.reason).toContain(`sent together with contact ${ack.id}`);
    const firstUpdate = (await contacts(c.id)).find((k) => k.purpose === 'update')!;
    expect(firstUpdate.dueAt.slice(0, 16)).toBe('2026-11-30T10:00'); // 5 working days on

    // The action plan: a text says it is coming, the email has it in full.
    const plan = await service.http().put(`/v1/cases/${c.id}/action-plan`).set('Authorization', as(officer)).send({
      actions: [
        { what: 'Patrol Mill Court every evening', who: council.id, by: '2026-12-18' },
        { what: 'Write down each incident on the diary sheets', who: 'victim', by: '2026-12-31' },
      ],
    }).expect(200);
    expect(plan.body).toMatchObject({ version: 1, messages: [{ channel: 'sms' }, { channel: 'email' }] });
    const [planText, planEmail] = await sent(c.id, 'action_plan', 2).then((found) => found.sort((a) => (a.channel === 'sms' ? -1 : 1)));
    expect((await outbox.sms(planText.id)).body).toContain('on its way to you by email');
    expect((await outbox.sms(planText.id)).body).not.toContain('Patrol');
    const planMail = await outbox.email(planEmail.id);
    expect(planMail.text).toMatch(/- Patrol Mill Court every evening\s+Who: Northtown Council\s+By: 18 December 2026/);
    expect(planMail.text).toMatch(/- Write down each incident on the diary sheets\s+Who: You\s+By: 31 December 2026/);

    // Diary sheets by email, with the printable diary attached.
    const diary = await service.http().post(`/v1/cases/${c.id}/diary-sheets`).set('Authorization', as(officer)).send({ returnBy: '2026-12-21' }).expect(201);
    expect(diary.body).toMatchObject({ channel: 'email', returnBy: '2026-12-21' });
    await sent(c.id, 'diary_sheet_cover');
    const diaryMail = await outbox.email(diary.body.contactId);
    expect(diaryMail.text).toContain('21 December 2026');
    expect(diaryMail.attachments.map((a) => a.filename)).toEqual(['incident-diary.pdf']);
    const sheets = await pdfText(diaryMail.attachments[0].content);
    expect(sheets.pages).toBe(3);
    expect(sheets.text).toContain(`Incident diary Reference ${c.reference}`);
    await service.http().post(`/v1/cases/${c.id}/evidence`).set('Authorization', as(officer))
      .send({ kind: 'diary_sheets', receivedAt: '2026-11-23T09:00:00Z', description: 'Two sheets, 20 to 22 November' }).expect(201);

    // No words from the officer by the first update: a holding update goes, and the case is flagged.
    await moveClock('2026-11-30T10:00:30Z');
    const [holding] = await sent(c.id, 'holding_update');
    expect((await outbox.sms(holding.id)).body).toMatch(/will contact you by/);

    // 14 days on (high risk) the evidence review is the SPOC's task.
    await moveClock('2026-12-07T10:01:00Z');
    const review = await waitFor(async () => {
      const tasks = (await service.http().get('/v1/tasks?mine=true').set('Authorization', as(officer)).expect(200)).body as { kind: string; caseId: string; dueAt: string }[];
      return tasks.find((t) => t.kind === 'evidence_review' && t.caseId === c.id);
    }, 10_000, 'the evidence review task');
    expect(review.dueAt.slice(0, 16)).toBe('2026-12-07T10:00');

    // The review re-assesses risk and tells the victim what happens next and why.
    const recorded = await service.http().post(`/v1/cases/${c.id}/evidence-reviews`).set('Authorization', as(officer)).send({
      action: 'We will give the family a Community Protection Warning.',
      reason: 'Your diary shows it has carried on after our letter.',
      riskAssessment: { answers: { targeted_personally: true, happens_often: true } },
    }).expect(201);
    expect(recorded.body).toMatchObject({ riskLevelBefore: 'high', riskLevelAfter: 'medium' });
    expect(recorded.body.nextReviewDueAt.slice(0, 16)).toBe('2026-12-21T10:01'); // 10 working days on
    const reviewUpdate = (await sent(c.id, 'update')).find((k) => k.id === recorded.body.update.contactId)!;
    const reviewText = (await outbox.sms(reviewUpdate.id)).body;
    expect(reviewText).toContain('We have looked at the evidence on your case again. What we will do next: We will give the family a Community Protection Warning.');
    expect(reviewText).toContain('Why: Your diary shows it has carried on after our letter.');
    // No longer high risk: the next update is a fortnight on, not a week.
    const nextUpdate = (await contacts(c.id)).find((k) => k.purpose === 'update' && k.status === 'scheduled')!;
    expect(nextUpdate.dueAt.slice(0, 16)).toBe('2026-12-21T10:01');
    const tasksAfter = (await service.http().get('/v1/tasks?status=done').set('Authorization', as(officer)).expect(200)).body as { kind: string; caseId: string }[];
    expect(tasksAfter.some((t) => t.kind === 'evidence_review' && t.caseId === c.id)).toBe(true);

    // Closure: the closure message and the survey go; the planned update is cancelled.
    const closed = await service.http().post(`/v1/cases/${c.id}/close`).set('Authorization', as(officer)).send({
      outcome: 'We gave the family a Community Protection Warning and patrolled Mill Court for six weeks.',
      reason: 'There have been no new reports since 7 December.',
    }).expect(200);
    expect(closed.body.status).toBe('closed');
    const [closure] = await sent(c.id, 'case_closure');
    const closureText = (await outbox.sms(closure.id)).body;
    expect(closureText).toContain('We have closed your case');
    expect(closureText).toContain('patrolled Mill Court for six weeks');
    expect(closureText).toContain('ASB Case Review');
    const [survey] = await sent(c.id, 'satisfaction_survey');
    // From the alphanumeric sender CSP nobody can reply with a digit, so the text offers only the link.
    const surveyText = (await outbox.sms(survey.id)).body;
    expect(surveyText).toMatch(/Tell us at https:\/\/asb\.example\.gov\.uk\/p\/surveys\/.*You cannot reply to this text/s);
    expect(surveyText).not.toContain('Reply with a number');
    const after = await contacts(c.id);
    expect(after.find((k) => k.id === nextUpdate.id)).toMatchObject({ status: 'cancelled' });
    expect(after.filter((k) => k.status === 'scheduled')).toEqual([]);

    // Closed is closed.
    const again = await service.http().post(`/v1/cases/${c.id}/close`).set('Authorization', as(officer)).send({ outcome: 'x', reason: 'y' }).expect(409);
    expect(again.body.message).toMatch(/already closed/);
    const late = await service.http().put(`/v1/cases/${c.id}/action-plan`).set('Authorization', as(officer))
      .send({ actions: [{ what: 'Patrol', who: 'victim', by: '2026-12-31' }] }).expect(400);
    expect(late.body.errors[0]).toMatchObject({ field: 'id', rule: 'caseOpen' });
  });

  it('tells a victim about the ASB Case Review once, after their third complaint about the same problem', async () => {
    const c = await openCase({}, { name: 'Ada Lovelace', phone: '07911 123458', email: 'ada@example.com' });
    await sent(c.id, 'acknowledgement');
    const incident = () => ({ description: 'The same group kicked my door again.', category: 'personal', hateMotivated: false, postcode: 'NN1 3AB' });
    await service.http().post(`/v1/cases/${c.id}/incidents`).set('Authorization', as(officer)).send(incident()).expect(201);
    const second = (await service.http().get(`/v1/cases/${c.id}`).set('Authorization', as(officer)).expect(200)).body;
    expect(second).toMatchObject({ caseReviewEligible: false });
    expect(second.caseReviewComplaints).toHaveLength(2);

    await service.http().post(`/v1/cases/${c.id}/incidents`).set('Authorization', as(officer)).send(incident()).expect(201);
    const third = (await service.http().get(`/v1/cases/${c.id}`).set('Authorization', as(officer)).expect(200)).body;
    expect(third.caseReviewEligible).toBe(true);
    expect(third.caseReviewComplaints.map((k: { caseReference: string }) => k.caseReference)).toEqual([c.reference, c.reference, c.reference]);

    await moveClock(new Date(Date.parse(service.clock.now().toISOString()) + 60_000).toISOString());
    const [notice] = await sent(c.id, 'case_review_information');
    const text = (await outbox.sms(notice.id)).body;
    expect(text).toContain('ASB Case Review');
    expect(text).toContain('you have reported the same problem 3 or more times in the last 6 months');
    expect(text).toContain('01632 960999');

    // A fourth complaint does not repeat it.
    await service.http().post(`/v1/cases/${c.id}/incidents`).set('Authorization', as(officer)).send(incident()).expect(201);
    await moveClock(new Date(Date.parse(service.clock.now().toISOString()) + 60_000).toISOString());
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await contacts(c.id)).filter((k) => k.purpose === 'case_review_information')).toHaveLength(1);
  });

  it('needs only one complaint when it was hate-motivated', async () => {
    const c = (await service.http().post('/v1/cases').set('Authorization', as(officer)).send({
      leadOrganisationId: council.id,
      victim: { name: 'Noor Khan', phone: '07911 123459' },
      incident: { description: 'Abuse shouted about my religion.', category: 'personal', hateMotivated: true, postcode: 'NN2 6AB' },
      riskAssessment: { answers: { hate_motivated: true } },
      contactAgreement: agreementFor({ phone: '07911 123459' }),
    }).expect(201)).body;
    expect(c.caseReviewEligible).toBe(true);
    await moveClock(new Date(Date.parse(service.clock.now().toISOString()) + 60_000).toISOString());
    await sent(c.id, 'case_review_information');
  });

  it('encloses the diary sheets with a letter, and refuses a channel the victim did not agree', async () => {
    const c = await openCase({}, { name: 'Mary Jackson', phone: '07777 300400', email: 'mary@example.com', address: ['9 Canal Street', 'Northtown', 'NN1 5AB'] });
    await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', as(officer))
      .send({ ...SAFETY, channels: ['sms', 'letter'], cadence: { every: 10, unit: 'workingDays' }, largePrint: true }).expect(200);
    const refused = await service.http().post(`/v1/cases/${c.id}/diary-sheets`).set('Authorization', as(officer)).send({ channel: 'email' }).expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'channel', rule: 'agreedChannel' });
    const past = await service.http().post(`/v1/cases/${c.id}/diary-sheets`).set('Authorization', as(officer)).send({ returnBy: '2020-01-01' }).expect(400);
    expect(past.body.errors[0]).toMatchObject({ field: 'returnBy', rule: 'future' });
    const bad = await service.http().post(`/v1/cases/${c.id}/diary-sheets`).set('Authorization', as(officer)).send({ returnBy: 'soon', channel: 'pigeon', extra: 1 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['returnBy', 'channel', 'extra']));

    const diary = await service.http().post(`/v1/cases/${c.id}/diary-sheets`).set('Authorization', as(officer)).send({}).expect(201);
    expect(diary.body.channel).toBe('letter');
    await waitFor(async () => (await contacts(c.id)).some((k) => k.id === diary.body.contactId && k.status === 'awaiting_print'), 20_000, 'the letter to wait for the print batch');
    const letter = await outbox.letterText(diary.body.contactId);
    expect(letter.text).toContain('Please use the diary sheets that come with this letter');
    expect(letter.text).toContain(`Incident diary Reference ${c.reference} - Sheet 1 of 3`);
    expect(letter.text).toContain('Alex Morgan Community Safety Team Civic Centre Northtown NN1 1AA');
  });

  it('refuses a bad action plan, naming each field, and stores nothing', async () => {
    const c = await openCase({}, { name: 'Katherine Johnson', phone: '07812 345678' });
    const unknownOrganisation = '4f1d2c3b-0000-4000-8000-000000000000';
    const res = await service.http().put(`/v1/cases/${c.id}/action-plan`).set('Authorization', as(officer)).send({
      actions: [{ what: 'Patrol', who: unknownOrganisation, by: '2026-12-18' }, { what: 'Diary', who: 'victim', by: '2020-01-01' }],
    }).expect(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'actions[0].who', rule: 'exists' }),
      expect.objectContaining({ field: 'actions[1].by', rule: 'notPast' }),
    ]));
    const shape = await service.http().put(`/v1/cases/${c.id}/action-plan`).set('Authorization', as(officer))
      .send({ actions: [{ what: '', who: 'the council', by: '18/12/2026' }] }).expect(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['actions.0.what', 'actions.0.who', 'actions.0.by']));
    await service.http().put(`/v1/cases/${c.id}/action-plan`).set('Authorization', as(officer)).send({ actions: [] }).expect(400);
    const stored = (await service.http().get(`/v1/cases/${c.id}/action-plan`).set('Authorization', as(officer)).expect(200)).body;
    expect(stored).toEqual({ current: null, earlierVersions: [] });
    expect((await contacts(c.id)).filter((k) => k.purpose === 'action_plan')).toEqual([]);

    const close = await service.http().post(`/v1/cases/${c.id}/close`).set('Authorization', as(officer)).send({ outcome: '' }).expect(400);
    expect(close.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['outcome', 'reason']));
    const review = await service.http().post(`/v1/cases/${c.id}/evidence-reviews`).set('Authorization', as(officer)).send({ action: 'x', reason: 'y' }).expect(400);
    expect(review.body.errors[0].field).toBe('riskAssessment');
    await service.http().post(`/v1/cases/${c.id}/evidence`).set('Authorization', as(officer)).send({ kind: 'rumour' }).expect(400);
    expect((await service.http().get(`/v1/cases/${c.id}`).set('Authorization', as(officer)).expect(200)).body.status).toBe('open');
  });
});
