import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContactPlanner } from '../src/contacts/contact-planner.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { Outbox } from './support/outbox.js';
import { SAFETY, bearer, buildPartnership, complaint, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

const MONDAY_10AM = new Date('2026-11-23T10:00:00Z');
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' };

/**
 * Issue 12, item 18: the ASB Case Review (Anti-social Behaviour, Crime and Policing Act 2014
 * s.104) tracked from the request to the outcome letter. The schedule is off.
 */
describe('the ASB Case Review, tracked', () => {
  const outbox = new Outbox(mkdtempSync(join(tmpdir(), 'asb-case-review-')));
  let service: TestService;
  let p: TestPartnership;

  beforeAll(async () => {
    service = await startTestService('embedded', { OUTBOX_DIR: outbox.dir });
    p = await buildPartnership(service);
  });
  afterAll(async () => service?.stop());
  beforeEach(() => service.clock.travelTo(MONDAY_10AM));

  const post = (path: string, who: { apiKey: string }, body: object = {}) => service.http().post(path).set('Authorization', bearer(who)).send(body);
  const open = async (channels = ['sms', 'letter']) => {
    const c = (await post('/v1/cases', p.policeOfficer, complaint(p.police.id)).expect(201)).body as { id: string; reference: string };
    await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer))
      .send({ ...SAFETY, channels, cadence: { every: 10, unit: 'workingDays' }, safeWindows: { sms: ALWAYS } }).expect(200);
    await service.app.get(ContactPlanner).planNewCases();
    return c;
  };
  const request = { receivedOn: '2026-11-23', receivedVia: 'phone', applicant: 'victim' };
  const openReviews = async () => (await service.http().get('/v1/case-reviews?status=open').set('Authorization', bearer(p.policeSupervisor)).expect(200)).body as { caseId: string; status: string; decisionDueAt: string; decisionOverdue: boolean }[];

  it('refuses a bad request with a 400 naming each field, writing nothing', async () => {
    const c = await open();
    const res = await post(`/v1/cases/${c.id}/case-review`, p.policeOfficer, { receivedOn: '2026-11-31', receivedVia: 'carrier pigeon', applicant: 'victim' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['receivedOn', 'receivedVia']);
    const future = await post(`/v1/cases/${c.id}/case-review`, p.policeOfficer, { ...request, receivedOn: '2026-11-24' }).expect(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'receivedOn', rule: 'notFuture' })]);
    const onBehalf = await post(`/v1/cases/${c.id}/case-review`, p.policeOfficer, { ...request, applicant: 'on_behalf' }).expect(400);
    expect(onBehalf.body.errors).toEqual([expect.objectContaining({ field: 'applicantDetails' })]);
    expect(await service.sql('SELECT id FROM case_reviews WHERE case_id = $1', [c.id])).toHaveLength(0);
    expect(await service.sql(`SELECT id FROM officer_tasks WHERE case_id = $1 AND kind = 'case_review_decision'`, [c.id])).toHaveLength(0);
  });

  it('runs from the request to the outcome letter, with the decision due in 5 working days', async () => {
    const c = await open();
    const recorded = await post(`/v1/cases/${c.id}/case-review`, p.policeOfficer, { ...request, applicant: 'on_behalf', applicantDetails: 'Her son, Tom' }).expect(201);
    expect(recorded.body).toMatchObject({ status: 'requested', applicantDetails: 'Her son, Tom', decisionDueAt: '2026-11-30T17:00:00.000Z' });
    await post(`/v1/cases/${c.id}/case-review`, p.policeOfficer, request).expect(409);

    // The supervisor sees it with its deadline, and has a task due then.
    expect((await openReviews()).find((r) => r.caseId === c.id)).toMatchObject({ status: 'requested', decisionDueAt: '2026-11-30T17:00:00.000Z', decisionOverdue: false });
    await service.http().get('/v1/case-reviews?status=open').set('Authorization', bearer(p.policeOfficer)).expect(403);
    expect((await service.http().get('/v1/case-reviews?status=open').set('Authorization', bearer(p.councilSupervisor)).expect(200)).body.find((r: { caseId: string }) => r.caseId === c.id)).toBeUndefined();
    const task = (await service.http().get(`/v1/tasks/${recorded.body.decisionTaskId}`).set('Authorization', bearer(p.policeSupervisor)).expect(200)).body;
    expect(task).toMatchObject({ kind: 'case_review_decision', status: 'open', officerId: p.policeSupervisor.id, dueAt: '2026-11-30T17:00:00.000Z' });

    // Only a supervisor decides; the victim is told, and the task is done.
    await post(`/v1/cases/${c.id}/case-review/meeting`, p.policeOfficer, { heldOn: '2026-11-23', organisationIds: [p.police.id], recommendations: [] }).expect(409);
    await post(`/v1/cases/${c.id}/case-review/decision`, p.policeOfficer, { thresholdMet: true, reason: 'x' }).expect(403);
    service.clock.travelTo(new Date('2026-11-25T10:00:00Z'));
    const decided = await post(`/v1/cases/${c.id}/case-review/decision`, p.policeSupervisor, { thresholdMet: true, reason: 'You reported it 4 times since June.' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'accepted', decision: { thresholdMet: true, reason: 'You reported it 4 times since June.' } });
    await service.app.get(DeliveryService).deliver(decided.body.decision.contactId);
    const text = (await outbox.sms(decided.body.decision.contactId)).body;
    expect(text).toContain('meets the threshold');
    expect(text).toContain('You reported it 4 times since June.');
    expect((await service.http().get(`/v1/tasks/${task.id}`).set('Authorization', bearer(p.policeSupervisor)).expect(200)).body.status).toBe('done');

    // The meeting and its recommendations; then the outcome letter.
    const unknown = '00000000-0000-4000-8000-000000000000';
    const bad = await post(`/v1/cases/${c.id}/case-review/meeting`, p.policeOfficer, { heldOn: '2026-11-25', organisationIds: [unknown], recommendations: [] }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'organisationIds[0]', rule: 'exists' })]);
    await post(`/v1/cases/${c.id}/case-review/meeting`, p.policeOfficer, {
      heldOn: '2026-11-25', organisationIds: [p.police.id, p.council.id],
      recommendations: [{ what: 'Apply for a closure order on the flat', who: p.council.id, by: '2027-01-15' }, { what: 'Keep the diary sheets', who: 'victim', by: '2027-01-31' }],
    }).expect(200).expect((r) => expect(r.body).toMatchObject({ status: 'reviewed', meeting: { heldOn: '2026-11-25' } }));
    const concluded = await post(`/v1/cases/${c.id}/case-review/outcome`, p.policeOfficer, { outcome: 'The partners agreed more can be done.' }).expect(200);
    expect(concluded.body.status).toBe('concluded');
    const [letter] = await service.sql<{ channel: string }>('SELECT channel FROM contacts WHERE id = $1', [concluded.body.outcome.contactId]);
    expect(letter.channel).toBe('letter');
    await service.app.get(DeliveryService).deliver(concluded.body.outcome.contactId);
    const { text: pdf } = await outbox.letterText(concluded.body.outcome.contactId);
    expect(pdf).toContain('The partners agreed more can be done.');
    expect(pdf).toContain('Apply for a closure order on the flat (Test Council, by 15 January 2027)');
    expect((await openReviews()).find((r) => r.caseId === c.id)).toBeUndefined();

    const types = ((await service.http().get(`/v1/cases/${c.id}`).set('Authorization', bearer(p.policeOfficer)).expect(200)).body.history as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['case_review_requested', 'case_review_decided', 'case_review_meeting_held', 'case_review_concluded']));
  });

  it('ends a review whose threshold is not met at the decision, and shows a late decision as overdue', async () => {
    const c = await open(['sms']);
    await post(`/v1/cases/${c.id}/case-review`, p.policeOfficer, { ...request, receivedVia: 'online' }).expect(201);
    service.clock.travelTo(new Date('2026-12-01T09:00:00Z'));
    expect((await openReviews()).find((r) => r.caseId === c.id)).toMatchObject({ decisionOverdue: true });
    const decided = await post(`/v1/cases/${c.id}/case-review/decision`, p.policeSupervisor, { thresholdMet: false, reason: 'There was one report in the last 6 months.' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'threshold_not_met', open: false });
    await service.app.get(DeliveryService).deliver(decided.body.decision.contactId);
    expect((await outbox.sms(decided.body.decision.contactId)).body).toContain('does not meet the threshold');
    await post(`/v1/cases/${c.id}/case-review/decision`, p.policeSupervisor, { thresholdMet: true, reason: 'x' }).expect(409);
    // A new request can then be recorded.
    await post(`/v1/cases/${c.id}/case-review`, p.policeOfficer, { ...request, receivedOn: '2026-12-01' }).expect(201);
  });
});
