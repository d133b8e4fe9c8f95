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
 * Issue 12, field reports: reopening a case when it starts again (item 17) and tasks that close
 * when their work is done (item 19). The schedule is off: the test plans and sends explicitly.
 */
describe('field reports: reopening a case, and tasks closed by their work', () => {
  const outbox = new Outbox(mkdtempSync(join(tmpdir(), 'asb-field-reports-')));
  let service: TestService;
  let p: TestPartnership;
  let planner: ContactPlanner;

  beforeAll(async () => {
    service = await startTestService('embedded', { OUTBOX_DIR: outbox.dir });
    p = await buildPartnership(service);
    planner = service.app.get(ContactPlanner);
  });
  afterAll(async () => service?.stop());
  beforeEach(() => service.clock.travelTo(MONDAY_10AM));

  const post = (path: string, who: { apiKey: string }, body: object = {}) => service.http().post(path).set('Authorization', bearer(who)).send(body);
  const open = async (answers: Record<string, boolean> = {}) => {
    const c = (await post('/v1/cases', p.policeOfficer, complaint(p.police.id, { riskAssessment: { answers } })).expect(201)).body;
    await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer))
      .send({ ...SAFETY, channels: ['sms', 'letter'], cadence: { every: 10, unit: 'workingDays' }, safeWindows: { sms: ALWAYS } }).expect(200);
    await planner.planNewCases();
    return c as { id: string; reference: string };
  };
  const close = (id: string) => post(`/v1/cases/${id}/close`, p.policeOfficer, { outcome: 'We warned the family at number 14.', reason: 'No reports for six weeks.' }).expect(200);
  const contactsOf = (caseId: string, purpose: string) =>
    service.sql<{ id: string; status: string; due_at: Date; channel: string }>('SELECT id, status, due_at, channel FROM contacts WHERE case_id = $1 AND purpose = $2 ORDER BY created_at', [caseId, purpose]);
  const history = async (caseId: string) =>
    (await service.http().get(`/v1/cases/${caseId}`).set('Authorization', bearer(p.policeOfficer)).expect(200)).body.history as { type: string; detail: Record<string, unknown> }[];

  describe('reopening a case (item 17)', () => {
    it('reopens a closed case: a new deadline, the victim told, the cadence restarted, the reason in the history, incidents accepted', async () => {
      const c = await open();
      await close(c.id);
      const incident = { description: 'They are kicking the ball at the door again.', category: 'personal', hateMotivated: false, postcode: 'NN1 3AB' };
      const refused = await post(`/v1/cases/${c.id}/incidents`, p.policeOfficer, incident).expect(400);
      expect(refused.body.message).toBe('The case is closed');

      service.clock.travelTo(new Date('2026-12-02T11:00:00Z')); // Wednesday, nine days later
      const res = await post(`/v1/cases/${c.id}/reopen`, p.policeOfficer, { reason: 'The victim rang: it has started again.' }).expect(200);
      expect(res.body).toMatchObject({ status: 'open', respondedAt: null, overdue: false });
      expect(res.body.responseDueAt).toBe('2026-12-09T17:00:00.000Z'); // standard risk: 5 working days from the reopening
      const reopened = res.body.history.find((e: { type: string }) => e.type === 'case_reopened');
      expect(reopened.detail).toMatchObject({ reason: 'The victim rang: it has started again.', responseDueAt: '2026-12-09T17:00:00.000Z' });

      const [told] = await contactsOf(c.id, 'case_reopened');
      expect(told).toMatchObject({ status: 'scheduled', channel: 'sms', id: reopened.detail.contactId });
      await service.app.get(DeliveryService).deliver(told.id);
      const text = (await outbox.sms(told.id)).body;
      expect(text).toContain(`reopened your case ${c.reference}`);
      expect(text).toContain('by 9 December 2026');

      const updates = (await contactsOf(c.id, 'update')).filter((u) => u.status === 'scheduled');
      expect(updates).toHaveLength(1);
      expect(updates[0].due_at.toISOString().slice(0, 16)).toBe('2026-12-16T11:00'); // 10 working days on

      await post(`/v1/cases/${c.id}/incidents`, p.policeOfficer, incident).expect(201);
      const again = await post(`/v1/cases/${c.id}/reopen`, p.policeOfficer, { reason: 'Again' }).expect(409);
      expect(again.body.message).toBe('The case is open');
    });

    it('cancels the closure message and survey not yet sent when the case is reopened before they go', async () => {
      const c = await open();
      await close(c.id);
      const waiting = [...(await contactsOf(c.id, 'case_closure')), ...(await contactsOf(c.id, 'satisfaction_survey'))];
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.every((k) => k.status === 'scheduled')).toBe(true);
      const res = await post(`/v1/cases/${c.id}/reopen`, p.policeOfficer, { reason: 'The victim rang before the closure text went.' }).expect(200);
      for (const k of waiting) expect((await service.sql<{ status: string }>('SELECT status FROM contacts WHERE id = $1', [k.id]))[0].status).toBe('cancelled');
      expect(res.body.history.find((e: { type: string }) => e.type === 'case_reopened').detail).toMatchObject({ cancelledContacts: waiting.length });
      expect((await contactsOf(c.id, 'case_reopened'))[0].status).toBe('scheduled');
    });

    it('refuses a blank reason with a 400 naming the field, and leaves the case closed', async () => {
      const c = await open();
      await close(c.id);
      const res = await post(`/v1/cases/${c.id}/reopen`, p.policeOfficer, { reason: '   ' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'matches' })]);
      expect((await service.sql('SELECT status FROM cases WHERE id = $1', [c.id]))[0]).toEqual({ status: 'closed' });
      expect(await service.sql('SELECT id FROM case_reopenings WHERE case_id = $1', [c.id])).toHaveLength(0);
    });

    it('lets only the lead organisation reopen', async () => {
      const c = await open();
      await post(`/v1/cases/${c.id}/shares`, p.policeOfficer, { organisationId: p.council.id }).expect(200);
      await close(c.id);
      await post(`/v1/cases/${c.id}/reopen`, p.councilOfficer, { reason: 'It started again' }).expect(403);
    });

    it('refuses a case closed more than 12 months ago, and a new case can be logged linked to it', async () => {
      const c = await open();
      await close(c.id);
      service.clock.travelTo(new Date('2027-11-24T10:00:00Z'));
      const res = await post(`/v1/cases/${c.id}/reopen`, p.policeOfficer, { reason: 'It started again' }).expect(409);
      expect(res.body.message).toContain('log a new case with linkedCaseId');
      const linked = await post('/v1/cases', p.policeOfficer, complaint(p.police.id, { linkedCaseId: c.id })).expect(201);
      expect(linked.body.linkedCaseId).toBe(c.id);
      expect((await history(c.id)).find((e) => e.type === 'new_case_linked')?.detail).toMatchObject({ caseId: linked.body.id });
    });

    it('refuses an anonymised case, and a link to a case the caller cannot see', async () => {
      const c = await open();
      await close(c.id);
      await service.sql('UPDATE cases SET anonymised_at = $2 WHERE id = $1', [c.id, MONDAY_10AM]);
      const res = await post(`/v1/cases/${c.id}/reopen`, p.policeOfficer, { reason: 'It started again' }).expect(409);
      expect(res.body.message).toContain('anonymised');
      const theirs = (await post('/v1/cases', p.councilOfficer, complaint(p.council.id)).expect(201)).body;
      const bad = await post('/v1/cases', p.policeOfficer, complaint(p.police.id, { linkedCaseId: theirs.id })).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'linkedCaseId', rule: 'exists' })]);
    });
  });

  describe('tasks close when their work is done (item 19)', () => {
    const tasksOf = async (caseId: string, kind: string) =>
      ((await service.http().get('/v1/tasks?status=open').set('Authorization', bearer(p.policeOfficer)).expect(200)).body as { id: string; caseId: string; kind: string }[])
        .filter((t) => t.caseId === caseId && t.kind === kind);

    it('completes the write_update task when the officer writes the update', async () => {
      const c = await open();
      service.clock.travelTo(new Date('2026-12-04T12:00:00Z')); // the update is due 7 December: reminded a working day before
      await planner.remindSpocs();
      const [task] = await tasksOf(c.id, 'write_update');
      expect(task).toBeDefined();
      await post(`/v1/cases/${c.id}/updates`, p.policeOfficer, { message: 'We spoke to the family at number 14.' }).expect(202);
      const done = (await service.http().get(`/v1/tasks/${task.id}`).set('Authorization', bearer(p.policeOfficer)).expect(200)).body;
      expect(done).toMatchObject({ status: 'done' });
      expect((await history(c.id)).find((e) => e.type === 'task_completed')?.detail).toMatchObject({ taskId: task.id, kind: 'write_update' });
    });

    it('completes a task with a note, or dismisses one with a reason, once; both in the case history', async () => {
      const c = await open();
      service.clock.travelTo(new Date('2026-12-04T12:00:00Z'));
      await planner.remindSpocs();
      const [task] = await tasksOf(c.id, 'write_update');
      const completed = await post(`/v1/tasks/${task.id}/complete`, p.policeOfficer, { note: 'Spoke to her on the phone instead.' }).expect(200);
      expect(completed.body).toMatchObject({ status: 'done', resolution: 'Spoke to her on the phone instead.', resolvedBy: p.policeOfficer.id, attempts: [] });
      await post(`/v1/tasks/${task.id}/complete`, p.policeOfficer, {}).expect(409);
      await post(`/v1/tasks/${task.id}/dismiss`, p.policeOfficer, { reason: 'Not needed' }).expect(409);

      const other = (await service.sql<{ id: string }>(
        `INSERT INTO officer_tasks (case_id, officer_id, kind, status, due_at) VALUES ($1, $2, 'check_contact_details', 'open', now()) RETURNING id`,
        [c.id, p.policeOfficer.id],
      ))[0];
      const blank = await post(`/v1/tasks/${other.id}/dismiss`, p.policeOfficer, { reason: ' ' }).expect(400);
      expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      expect((await service.sql('SELECT status FROM officer_tasks WHERE id = $1', [other.id]))[0]).toEqual({ status: 'open' });
      await post(`/v1/tasks/${other.id}/dismiss`, p.policeOfficer, { reason: 'The victim updated her number at the front desk.' })
        .expect(200).expect((r) => expect(r.body).toMatchObject({ status: 'dismissed', resolution: 'The victim updated her number at the front desk.' }));
      await post(`/v1/tasks/${other.id}/dismiss`, p.councilOfficer, { reason: 'x' }).expect(404);
      const types = (await history(c.id)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['task_completed', 'task_dismissed']));
    });
  });
});
