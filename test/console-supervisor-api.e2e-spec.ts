import { ContactLog } from '../src/contacts/contact-log.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { bearer, buildPartnership, complaint, type Person, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

const T0 = new Date('2026-11-23T10:00:00Z'); // a Monday
const NOBODY = '00000000-0000-4000-8000-000000000000';

/** Issue 15: what the supervisors' console pages needed from the API, with its 400, 403, 404 and 409 paths. */
describe('the API behind the supervisors’ console pages', () => {
  let service: TestService;
  let p: TestPartnership;
  const admin = () => `Bearer ${service.adminKey}`;
  const open = async (who: Person, name = 'Jane Doe') => {
    const victim = { name, phone: '07911 123456', address: ['4 Print Lane', 'Northampton', 'NN1 3AB'] };
    return (await service.http().post('/v1/cases').set('Authorization', bearer(who)).send(complaint(who.organisationId, { victim })).expect(201)).body as { id: string; reference: string; victimId: string };
  };

  beforeAll(async () => {
    service = await startTestService('embedded');
    service.clock.travelTo(T0);
    p = await buildPartnership(service);
  });
  afterAll(() => service?.stop());

  describe('marking a print run as posted', () => {
    let runId = '';
    beforeAll(async () => {
      const c = await open(p.policeOfficer, 'Petra Posted');
      const contact = await service.app.get(ContactLog).create({ caseId: c.id, purpose: 'acknowledgement', channel: 'letter', dueAt: service.clock.now() }, service.manager);
      expect(await service.app.get(DeliveryService).deliver(contact.id)).toBe('awaiting_print');
      const run = (await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(201)).body;
      expect(run).toMatchObject({ letters: 1, envelopes: 1, firstClassEnvelopes: expect.any(Number) });
      runId = run.id;
    });

    it('refuses other roles (403), another partner’s supervisor (404) and a malformed id (400), writing nothing', async () => {
      for (const who of [admin(), bearer(p.comms), bearer(p.policeOfficer)]) {
        await service.http().post(`/v1/print-batches/${runId}/posted`).set('Authorization', who).expect(403);
      }
      await service.http().post(`/v1/print-batches/${runId}/posted`).set('Authorization', bearer(p.councilSupervisor)).expect(404);
      const bad = await service.http().post('/v1/print-batches/not-a-run/posted').set('Authorization', bearer(p.policeSupervisor)).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'id', rule: 'isUuid' })]);
      expect(await service.sql('SELECT posted_at, posted_by FROM print_batches WHERE id = $1', [runId])).toEqual([{ posted_at: null, posted_by: null }]);
    });

    it('records when and who once; the second time is a 409 and changes nothing', async () => {
      const first = await service.http().post(`/v1/print-batches/${runId}/posted`).set('Authorization', bearer(p.policeSupervisor)).expect(200);
      expect(first.body).toMatchObject({ id: runId, letters: 1, envelopes: 1, postedAt: expect.any(String), postedBy: p.policeSupervisor.id });
      const postedAt = first.body.postedAt as string;
      expect(Math.abs(new Date(postedAt).getTime() - service.clock.now().getTime())).toBeLessThan(60_000); // the training clock's now
      service.clock.travelTo(new Date(T0.getTime() + 3_600_000));
      const again = await service.http().post(`/v1/print-batches/${runId}/posted`).set('Authorization', bearer(p.policeSupervisor)).expect(409);
      expect(again.body.message).toContain('already marked as posted');
      const listed = (await service.http().get('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(200)).body;
      expect(listed).toEqual([expect.objectContaining({ id: runId, postedAt, postedBy: p.policeSupervisor.id, envelopes: 1 })]);
      expect((await service.http().get('/v1/print-batches').set('Authorization', bearer(p.councilSupervisor)).expect(200)).body).toEqual([]);
    });
  });

  describe('stopping sharing a case', () => {
    it('is for the lead organisation’s supervisors: 403 for officers and a partner’s supervisor, 404 when not shared, 400 for a bad id', async () => {
      const c = await open(p.policeOfficer);
      await service.http().post(`/v1/cases/${c.id}/shares`).set('Authorization', bearer(p.policeSupervisor)).send({ organisationId: p.council.id }).expect(200);
      const stop = (who: string, org = p.council.id) => service.http().delete(`/v1/cases/${c.id}/shares/${org}`).set('Authorization', who);
      for (const who of [admin(), bearer(p.comms), bearer(p.policeOfficer), bearer(p.councilSupervisor)]) await stop(who).expect(403);
      await stop(bearer(p.policeSupervisor), 'nope').expect(400);
      await stop(bearer(p.policeSupervisor), NOBODY).expect(404);
      const shared = await service.sql('SELECT organisation_id FROM case_shares WHERE case_id = $1', [c.id]);
      expect(shared).toEqual([{ organisation_id: p.council.id }]);

      const done = await stop(bearer(p.policeSupervisor)).expect(200);
      expect(done.body.sharedWith).toEqual([]);
      expect(done.body.history.at(-1)).toMatchObject({ type: 'unshared', detail: { organisationId: p.council.id } });
      await service.http().get(`/v1/cases/${c.id}`).set('Authorization', bearer(p.councilOfficer)).expect(404);
      await stop(bearer(p.policeSupervisor)).expect(404);
    });
  });

  describe('the audit log’s filters', () => {
    it('filters by action and case reference and pages by offset, within the supervisor’s scope', async () => {
      const c = await open(p.policeOfficer, 'Ada Audit');
      for (let i = 0; i < 3; i++) await service.http().get(`/v1/cases/${c.id}`).set('Authorization', bearer(p.policeSupervisor)).expect(200);
      const list = (query: Record<string, string>, who = p.policeSupervisor) =>
        service.http().get('/v1/audit').query(query).set('Authorization', bearer(who));
      const reads = (await list({ caseReference: c.reference.replace(/^ASB-/, ''), action: 'victim_data_read' }).expect(200)).body;
      expect(reads).toHaveLength(3);
      expect(reads.every((e: Record<string, unknown>) => e.caseReference === c.reference && e.officerId === p.policeSupervisor.id)).toBe(true);
      const created = (await list({ caseReference: c.reference.toLowerCase(), action: 'victim_data_created' }).expect(200)).body;
      expect(created).toEqual([expect.objectContaining({ caseId: c.id, officerId: p.policeOfficer.id })]);
      const pageTwo = (await list({ caseReference: c.reference, limit: '2', offset: '2' }).expect(200)).body;
      expect(pageTwo.map((e: { id: string }) => e.id)).toEqual((await list({ caseReference: c.reference }).expect(200)).body.slice(2, 4).map((e: { id: string }) => e.id));
      expect((await list({ caseReference: c.reference }, p.councilSupervisor).expect(200)).body).toEqual([]);
      expect(JSON.stringify(reads)).not.toContain('Ada');
    });

    it('names the field and rule of a bad filter (400)', async () => {
      for (const [query, field] of [[{ action: 'everything' }, 'action'], [{ caseReference: 'ASB-twenty' }, 'caseReference'], [{ offset: '-1' }, 'offset']] as const) {
        const res = await service.http().get('/v1/audit').query(query).set('Authorization', bearer(p.policeSupervisor)).expect(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      }
      await service.http().get('/v1/audit').set('Authorization', bearer(p.policeOfficer)).expect(403);
    });
  });
});
