import { DataSource } from 'typeorm';
import { ContactLog } from '../src/contacts/contact-log.js';
import { ContactPlanner } from '../src/contacts/contact-planner.js';
import { Dispatcher } from '../src/contacts/dispatcher.js';
import { OfficerUpdates } from '../src/contacts/officer-updates.js';
import { SAFETY, bearer, buildPartnership, complaint, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

const MONDAY_10AM = new Date('2026-11-23T10:00:00Z');
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' };
const WEEK = 7 * 24 * 3600 * 1000;

/**
 * "Updates at the agreed cadence" when the officer's words and the dispatcher meet: an update
 * without words that has been claimed for sending (it would go as a holding update) while the
 * officer writes one. Found by the victim journey: the victim got a holding update beside the
 * officer's, and two next updates were planned, one on the cadence the review had just changed.
 */
describe('the officer\'s update and a holding update falling due together', () => {
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

  /** A case with a weekly SMS agreement, planned; returns it and its first update (no words yet). */
  const plannedCase = async () => {
    const c = (await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
      .send(complaint(p.police.id, { victim: { name: 'Vic Tim', phone: '07911 123456', email: 'vic@example.com', address: ['1 High Street', 'Northampton', 'NN1 1AA'] } }))
      .expect(201)).body as { id: string };
    await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer))
      .send({ ...SAFETY, channels: ['sms'], cadence: { every: 7, unit: 'days' }, safeWindows: { sms: ALWAYS } }).expect(200);
    await planner.planNewCases();
    const [update] = await service.sql<{ id: string; due_at: Date }>(
      `SELECT id, due_at FROM contacts WHERE case_id = $1 AND purpose = 'update' AND status = 'scheduled'`, [c.id],
    );
    expect(update).toBeDefined();
    return { caseId: c.id, updateId: update.id, dueAt: new Date(update.due_at) };
  };
  const updates = (caseId: string) => service.sql<{ id: string; purpose: string; status: string; due_at: Date; words: boolean }>(
    `SELECT id, purpose, status, due_at, data_enc IS NOT NULL AS words FROM contacts
      WHERE case_id = $1 AND purpose IN ('update', 'holding_update') ORDER BY due_at`, [caseId],
  );
  const write = (caseId: string) =>
    service.http().post(`/v1/cases/${caseId}/updates`).set('Authorization', bearer(p.policeOfficer)).send({ message: 'We spoke to the family today.' }).expect(202);

  it('cancels the claimed update without words when the officer\'s update goes in its place, and plans one next update', async () => {
    const { caseId, updateId, dueAt } = await plannedCase();
    service.clock.travelTo(new Date(dueAt.getTime() + 60_000));
    // The dispatcher has claimed it (queued), but not yet prepared it, when the officer writes.
    await service.sql(`UPDATE contacts SET status = 'queued' WHERE id = $1`, [updateId]);
    await write(caseId);
    await dispatcher.sendBatch([updateId]);

    const rows = await updates(caseId);
    expect(rows.find((k) => k.id === updateId)).toMatchObject({ purpose: 'update', status: 'cancelled' });
    expect(rows.filter((k) => k.purpose === 'holding_update')).toHaveLength(0);
    expect(rows.filter((k) => k.words)).toHaveLength(1);
    const next = rows.filter((k) => !k.words && k.status === 'scheduled');
    expect(next).toHaveLength(1);
    expect(new Date(next[0].due_at).getTime() - service.clock.now().getTime()).toBeGreaterThan(WEEK - 3_600_000);
  });

  it('still sends a holding update, and plans the next one, when the officer has written nothing', async () => {
    const { caseId, updateId, dueAt } = await plannedCase();
    service.clock.travelTo(new Date(dueAt.getTime() + 60_000));
    await service.sql(`UPDATE contacts SET status = 'queued' WHERE id = $1`, [updateId]);
    await dispatcher.sendBatch([updateId]);

    const rows = await updates(caseId);
    expect(rows.find((k) => k.id === updateId)).toMatchObject({ purpose: 'holding_update', status: 'delivered' });
    expect(rows.filter((k) => !k.words && k.status === 'scheduled')).toHaveLength(1);
  });

  it('plans exactly one next update however the officer\'s words and the holding update interleave', async () => {
    const updatesService = service.app.get(OfficerUpdates);
    for (let round = 0; round < 8; round++) {
      service.clock.travelTo(MONDAY_10AM);
      const { caseId, updateId, dueAt } = await plannedCase();
      service.clock.travelTo(new Date(dueAt.getTime() + 60_000));
      await service.sql(`UPDATE contacts SET status = 'queued' WHERE id = $1`, [updateId]);
      const [loaded] = await service.app.get(ContactLog).findMany([updateId]);
      // Both at once, on separate connections: the agreement's row lock puts one after the other.
      await Promise.all([
        planner.prepareForSending(loaded),
        service.app.get(DataSource).transaction((db) => updatesService.schedule(caseId, 'We spoke to the family today.', db)),
      ]);
      const waiting = (await updates(caseId)).filter((k) => !k.words && k.status === 'scheduled');
      expect(waiting).toHaveLength(1);
    }
  });
});
