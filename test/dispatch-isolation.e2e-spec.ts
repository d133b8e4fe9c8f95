import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContactPlanner } from '../src/contacts/contact-planner.js';
import { CaseReviewNotices } from '../src/case-review/case-review-notices.js';
import { Dispatcher } from '../src/contacts/dispatcher.js';
import { SAFETY, bearer, buildPartnership, complaint, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

const MONDAY_10AM = new Date('2026-11-23T10:00:00Z');
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' };

/**
 * Issue 10, "a poison pill stops all dispatch": an agreement the planner cannot use is refused
 * when recorded, and one planted straight into the database stops only its own case.
 */
describe('one bad case never stops dispatch for the others', () => {
  let service: TestService;
  let p: TestPartnership;
  let planner: ContactPlanner;
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    service = await startTestService('embedded');
    p = await buildPartnership(service);
    planner = service.app.get(ContactPlanner);
    dispatcher = service.app.get(Dispatcher);
  });
  afterAll(async () => service?.stop());
  beforeEach(() => service.clock.travelTo(MONDAY_10AM));

  /** A case logged without an agreement (give one to have it recorded with the case). */
  const open = async (org: { id: string }, officer: { apiKey: string }, contactAgreement?: Record<string, unknown>) =>
    (await service.http().post('/v1/cases').set('Authorization', bearer(officer))
      .send(complaint(org.id, { victim: { name: 'Vic Tim', phone: '07911 123456', email: 'vic@example.com', address: ['1 High Street', 'Northampton', 'NN1 1AA'] }, contactAgreement }))
      .expect(201)).body as { id: string; reference: string };
  const agree = (caseId: string, body: Record<string, unknown>) =>
    service.http().put(`/v1/cases/${caseId}/contact-agreement`).set('Authorization', bearer(p.policeOfficer)).send({ ...SAFETY, ...body });
  const agreementRow = async (caseId: string) => (await service.sql('SELECT * FROM contact_agreements WHERE case_id = $1', [caseId]))[0];

  const unusable: [string, unknown, string][] = [
    ['an empty list for a window', { sms: [] }, 'safeWindows.sms'],
    ['null for a window', { sms: null }, 'safeWindows.sms'],
    ['an empty object for a window', { phone: {} }, 'safeWindows.phone.days'],
    ['a window that never opens', { sms: { days: [1], from: '10:00', to: '09:00' } }, 'safeWindows.sms.to'],
    ['a window of no days', { email: { days: [], from: '09:00', to: '17:00' } }, 'safeWindows.email.days'],
    ['a list for the windows', [], 'safeWindows'],
  ];

  it.each(unusable)('refuses %s with a 400 naming the field, storing nothing', async (_, safeWindows, field) => {
    const c = await open(p.police, p.policeOfficer);
    const res = await agree(c.id, { channels: ['sms'], cadence: { every: 5, unit: 'days' }, safeWindows }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await agreementRow(c.id)).toBeUndefined();
  });

  it('leaves an already planned case exactly as it was when the new agreement is unusable', async () => {
    const c = await open(p.police, p.policeOfficer);
    await agree(c.id, { channels: ['sms', 'email'], cadence: { every: 7, unit: 'days' }, safeWindows: { sms: ALWAYS } }).expect(200);
    await planner.planNewCases();
    const before = await agreementRow(c.id);
    const contactsBefore = await service.sql('SELECT id, channel, due_at, status FROM contacts WHERE case_id = $1 ORDER BY id', [c.id]);
    expect(contactsBefore.length).toBeGreaterThan(0);
    await agree(c.id, { channels: ['sms'], cadence: { every: 5, unit: 'days' }, safeWindows: { sms: [] } }).expect(400);
    expect(await agreementRow(c.id)).toEqual(before);
    expect(await service.sql('SELECT id, channel, due_at, status FROM contacts WHERE case_id = $1 ORDER BY id', [c.id])).toEqual(contactsBefore);
  });

  it('plans everyone else when a bad agreement is planted in the database, and flags that case for its SPOC', async () => {
    const poisoned = await open(p.police, p.policeOfficer);
    const other = await open(p.council, p.councilOfficer, { ...SAFETY, channels: ['sms'], safeWindows: { sms: ALWAYS } });
    await service.sql(
      `INSERT INTO contact_agreements (case_id, channels, cadence_every, cadence_unit, safe_windows, discreet, letters_to_home, voicemail_safe, large_print, consents, updated_at)
       VALUES ($1, '{sms}', 5, 'days', '{"sms": []}', false, true, false, false, '[]', now())`,
      [poisoned.id],
    );
    await planner.planNewCases();
    await planner.planNewCases(); // the flagged case is left alone, not retried every tick

    const others = await service.sql<{ purpose: string }>('SELECT purpose FROM contacts WHERE case_id = $1', [other.id]);
    expect(others.map((k) => k.purpose)).toEqual(expect.arrayContaining(['acknowledgement', 'spoc_introduction']));
    expect(await service.sql('SELECT id FROM contacts WHERE case_id = $1', [poisoned.id])).toHaveLength(0);

    const shown = (await service.http().get(`/v1/cases/${poisoned.id}`).set('Authorization', bearer(p.policeOfficer)).expect(200)).body;
    expect(shown.contactProblem.reason).toMatch(/safe window/i);
    const tasks = await service.sql<{ kind: string; officer_id: string }>(`SELECT kind, officer_id FROM officer_tasks WHERE case_id = $1 AND kind <> 'agree_contact'`, [poisoned.id]);
    expect(tasks).toEqual([{ kind: 'check_contact_details', officer_id: shown.spoc.id }]);

    // Recording a usable agreement clears the flag and the case is planned.
    await agree(poisoned.id, { channels: ['sms'], cadence: { every: 5, unit: 'days' }, safeWindows: { sms: ALWAYS } }).expect(200);
    await planner.planNewCases();
    const planned = await service.sql<{ purpose: string }>('SELECT purpose FROM contacts WHERE case_id = $1', [poisoned.id]);
    expect(planned.map((k) => k.purpose)).toEqual(expect.arrayContaining(['acknowledgement', 'spoc_introduction']));
    expect((await service.http().get(`/v1/cases/${poisoned.id}`).set('Authorization', bearer(p.policeOfficer))).body.contactProblem).toBeNull();
  });

  it('sends the rest of a batch when one contact cannot be prepared, and fails that one with the reason', async () => {
    const good = await open(p.council, p.councilOfficer);
    const bad = await open(p.police, p.policeOfficer);
    for (const c of [good, bad]) await agree(c.id, { channels: ['sms'], cadence: { every: 5, unit: 'days' }, safeWindows: { sms: ALWAYS } }).set('Authorization', bearer(c === good ? p.councilOfficer : p.policeOfficer)).expect(200);
    await planner.planNewCases();
    await service.sql(`UPDATE contact_agreements SET safe_windows = '{"sms": {"days": [], "from": "x", "to": "y"}}' WHERE case_id = $1`, [bad.id]);
    const due = await service.sql<{ id: string; case_id: string }>(
      `UPDATE contacts SET status = 'queued' WHERE case_id = ANY($1) AND purpose IN ('acknowledgement', 'spoc_introduction') RETURNING id, case_id`,
      [[good.id, bad.id]],
    );
    expect(due).toHaveLength(4);
    await dispatcher.sendBatch(due.map((k) => k.id));

    const statuses = await service.sql<{ case_id: string; status: string; failure_code: string | null }>(
      `SELECT case_id, status, failure_code FROM contacts WHERE id = ANY($1)`, [due.map((k) => k.id)],
    );
    for (const row of statuses.filter((k) => k.case_id === good.id)) expect(row.status).toBe('delivered');
    for (const row of statuses.filter((k) => k.case_id === bad.id)) expect(row).toMatchObject({ status: 'failed', failure_code: 'agreement_unusable' });
    // The acknowledgement and introduction go together as one text (issue 11), written once to the outbox.
    expect(due.filter((k) => k.case_id === good.id).some((k) => existsSync(join(service.settings.outboxDir, 'sms', `${k.id}.json`)))).toBe(true);
    const flagged = (await service.http().get(`/v1/cases/${bad.id}`).set('Authorization', bearer(p.policeOfficer)).expect(200)).body;
    expect(flagged.contactProblem.reason).toMatch(/safe window/i);
  });

  it('tells everyone else about the ASB Case Review when one case in the batch cannot be planned for', async () => {
    const hate = { description: 'They shout racist abuse at me whenever I leave the house.', category: 'personal', hateMotivated: true, postcode: 'nn1 3ab' };
    const open2 = async (org: { id: string }, officer: { apiKey: string }, phone: string) =>
      (await service.http().post('/v1/cases').set('Authorization', bearer(officer))
        .send(complaint(org.id, { victim: { name: 'Hattie Crime', phone }, incident: hate })).expect(201)).body as { id: string };
    const bad = await open2(p.police, p.policeOfficer, '07911 100001');
    const good = await open2(p.council, p.councilOfficer, '07911 100002');
    for (const [c, officer] of [[bad, p.policeOfficer], [good, p.councilOfficer]] as const) {
      await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(officer))
        .send({ ...SAFETY, channels: ['sms'], cadence: { every: 5, unit: 'days' }, safeWindows: { sms: ALWAYS } }).expect(200);
    }
    await planner.planNewCases();
    await service.sql(`UPDATE contact_agreements SET safe_windows = '{"sms": []}' WHERE case_id = $1`, [bad.id]);
    await service.sql(`UPDATE cases SET case_review_check_pending = true WHERE id = ANY($1)`, [[bad.id, good.id]]);

    await service.app.get(CaseReviewNotices).checkNewComplaints();

    const notices = await service.sql<{ case_id: string }>(`SELECT case_id FROM contacts WHERE purpose = 'case_review_information' AND case_id = ANY($1)`, [[bad.id, good.id]]);
    expect(notices.map((n) => n.case_id)).toEqual([good.id]);
    const flagged = (await service.http().get(`/v1/cases/${bad.id}`).set('Authorization', bearer(p.policeOfficer)).expect(200)).body;
    expect(flagged.contactProblem.reason).toMatch(/safe window/i);
    expect((await service.sql(`SELECT 1 FROM cases WHERE id = $1 AND case_review_check_pending`, [bad.id]))).toHaveLength(0);
  });

  it('reports unhealthy, saying why, when due contacts wait more than a minute', async () => {
    const healthy = await service.http().get('/health').expect(200);
    expect(healthy.body.info.dispatch).toMatchObject({ dispatching: false, dueOlderThanAMinute: 0 });
    const c = await open(p.police, p.policeOfficer);
    const [k] = await service.sql<{ id: string }>(
      `INSERT INTO contacts (case_id, purpose, channel, status, due_at) VALUES ($1, 'update', 'sms', 'scheduled', $2) RETURNING id`,
      [c.id, new Date(MONDAY_10AM.getTime() - 5 * 60_000)],
    );
    const stuck = await service.http().get('/health').expect(503);
    expect(stuck.body.error.dispatch).toMatchObject({ status: 'down', dueOlderThanAMinute: 1, oldestDueAt: new Date(MONDAY_10AM.getTime() - 5 * 60_000).toISOString() });
    await service.sql(`UPDATE contacts SET status = 'cancelled' WHERE id = $1`, [k.id]);
    await service.http().get('/health').expect(200);
  });
});
