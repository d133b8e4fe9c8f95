import { randomBytes } from 'node:crypto';
import { bearer, buildPartnership, complaint, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

const T0 = new Date('2026-11-23T10:00:00Z'); // a Monday
const SOMEONE = '0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e';

/** Issue 10: who may reassign a case, ask for a victim's data, move the training clock, and sign in. */
describe('access control', () => {
  const encryptionKey = randomBytes(32).toString('base64');
  let service: TestService;
  let p: TestPartnership;
  const admin = () => `Bearer ${service.adminKey}`;
  const open = async (lead: string, who = p.policeOfficer) =>
    (await service.http().post('/v1/cases').set('Authorization', bearer(who)).send(complaint(lead)).expect(201)).body as { id: string; victimId: string };
  const caseRow = async (id: string) => (await service.sql<{ lead_organisation_id: string; spoc_officer_id: string | null }>('SELECT * FROM cases WHERE id = $1', [id]))[0];
  const close = (id: string) =>
    service.http().post(`/v1/cases/${id}/close`).set('Authorization', bearer(p.policeOfficer))
      .send({ outcome: 'We warned the people responsible.', reason: 'No reports for eight weeks.' }).expect(200);
  const count = async (table: string) => (await service.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    service = await startTestService('embedded', {}, undefined, undefined, { encryptionKey });
    service.clock.travelTo(T0);
    p = await buildPartnership(service);
  });
  afterAll(() => service?.stop());

  describe('reassigning a case', () => {
    it('a partner the case is only shared with cannot take the lead, open or closed, nor then erase or read the victim', async () => {
      const c = await open(p.police.id);
      await service.http().post(`/v1/cases/${c.id}/shares`).set('Authorization', bearer(p.policeOfficer)).send({ organisationId: p.council.id }).expect(200);
      const before = await caseRow(c.id);
      const takeOver = () => service.http().patch(`/v1/cases/${c.id}`).set('Authorization', bearer(p.councilSupervisor)).send({ leadOrganisationId: p.council.id });

      await takeOver().expect(403);
      await service.http().patch(`/v1/cases/${c.id}`).set('Authorization', bearer(p.councilSupervisor)).send({ spocOfficerId: p.councilOfficer.id }).expect(403);
      await close(c.id);
      await takeOver().expect(403);
      expect(await caseRow(c.id)).toMatchObject({ lead_organisation_id: p.police.id, spoc_officer_id: before.spoc_officer_id });

      await service.http().post(`/v1/victims/${c.victimId}/erasure`).set('Authorization', bearer(p.councilSupervisor)).send({ reason: 'Asked by letter' }).expect(403);
      await service.http().get(`/v1/victims/${c.victimId}/subject-access`).set('Authorization', bearer(p.councilSupervisor)).expect(403);
      const [victim] = await service.sql<{ name_enc: Buffer | null; erased_at: Date | null }>('SELECT name_enc, erased_at FROM victims WHERE id = $1', [c.victimId]);
      expect(victim.erased_at).toBeNull();
      expect(victim.name_enc).not.toBeNull();
    });

    it('a partner who cannot see the case gets 404', async () => {
      const c = await open(p.police.id);
      await service.http().patch(`/v1/cases/${c.id}`).set('Authorization', bearer(p.councilSupervisor)).send({ leadOrganisationId: p.council.id }).expect(404);
    });

    it("the lead organisation's supervisor moves the lead; a closed case cannot be reassigned (409)", async () => {
      const c = await open(p.police.id);
      await service.http().patch(`/v1/cases/${c.id}`).set('Authorization', bearer(p.policeSupervisor)).send({ spocOfficerId: p.policeOfficer2.id }).expect(200);
      await close(c.id);
      const closed = await service.http().patch(`/v1/cases/${c.id}`).set('Authorization', bearer(p.policeSupervisor)).send({ leadOrganisationId: p.council.id }).expect(409);
      expect(closed.body.message).toMatch(/closed/);
      expect(await caseRow(c.id)).toMatchObject({ lead_organisation_id: p.police.id, spoc_officer_id: p.policeOfficer2.id });

      const moved = await open(p.police.id);
      await service.http().patch(`/v1/cases/${moved.id}`).set('Authorization', bearer(p.policeSupervisor)).send({ leadOrganisationId: p.council.id }).expect(200);
      expect(await caseRow(moved.id)).toMatchObject({ lead_organisation_id: p.council.id, spoc_officer_id: null });
    });

    it('a lead organisation with no active case officer is a 400 naming leadOrganisationId, at intake and at reassignment', async () => {
      const empty = (await service.http().post('/v1/organisations').set('Authorization', admin()).send({ code: 'EMPTY', name: 'Empty Homes', phone: '101' }).expect(201)).body;
      const expectLeadRefused = (res: { body: { errors: { field: string; rule: string }[] } }) =>
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'leadOrganisationId', rule: 'hasActiveOfficers' })]);
      const [cases, victims] = [await count('cases'), await count('victims')];
      expectLeadRefused(await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(empty.id)).expect(400));
      expect([await count('cases'), await count('victims')]).toEqual([cases, victims]);

      const c = await open(p.police.id);
      expectLeadRefused(await service.http().patch(`/v1/cases/${c.id}`).set('Authorization', bearer(p.policeSupervisor)).send({ leadOrganisationId: empty.id }).expect(400));

      // Comms staff cannot be a SPOC, and a deactivated officer does not count.
      await service.http().post('/v1/officers').set('Authorization', admin())
        .send({ name: 'Ola Comms', organisationId: empty.id, role: 'comms', email: 'ola@empty.example' }).expect(201);
      const leaver = (await service.http().post('/v1/officers').set('Authorization', admin())
        .send({ name: 'Lee Leaver', organisationId: empty.id, role: 'officer', email: 'lee@empty.example' }).expect(201)).body;
      await service.http().post(`/v1/officers/${leaver.id}/deactivate`).set('Authorization', admin()).expect(200);
      expectLeadRefused(await service.http().patch(`/v1/cases/${c.id}`).set('Authorization', bearer(p.policeSupervisor)).send({ leadOrganisationId: empty.id }).expect(400));
      expect((await caseRow(c.id)).lead_organisation_id).toBe(p.police.id);
    });
  });

  describe('victim data is never shown to admins or comms staff', () => {
    it("subject access is for the lead organisation's supervisor only", async () => {
      const c = await open(p.police.id);
      for (const who of [admin(), bearer(p.comms), bearer(p.policeOfficer)]) {
        const res = await service.http().get(`/v1/victims/${c.victimId}/subject-access`).set('Authorization', who).expect(403);
        expect(JSON.stringify(res.body)).not.toContain('Jane');
      }
      const report = await service.http().get(`/v1/victims/${c.victimId}/subject-access`).set('Authorization', bearer(p.policeSupervisor)).expect(200);
      expect(JSON.stringify(report.body)).toContain('Jane Doe');
    });

    it('every route that can return victim data refuses admins and comms staff (403), from the OpenAPI document', async () => {
      const doc = (await service.http().get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
      const victimData = /^\/v1\/(cases|victims|print-batches|contacts|tasks)\b/;
      const routes = Object.entries(doc.paths)
        .filter(([path]) => victimData.test(path))
        .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, SOMEONE) })));
      expect(routes.length).toBeGreaterThan(25);
      const allowed: string[] = [];
      for (const { method, path } of routes) {
        for (const [who, key] of [['admin', admin()], ['comms', bearer(p.comms)]]) {
          const res = await (service.http() as unknown as Record<string, (url: string) => import('supertest').Test>)[method](path).set('Authorization', key).send({});
          if (res.status !== 403) allowed.push(`${who} ${method.toUpperCase()} ${path} → ${res.status}`);
        }
      }
      expect(allowed).toEqual([]);
    });
  });

  describe('the training clock', () => {
    it('only case officers and supervisors move it, and only within 5 years of its current time', async () => {
      const now = (await service.http().get('/v1/training/clock').set('Authorization', bearer(p.policeOfficer)).expect(200)).body.now as string;
      for (const who of [admin(), bearer(p.comms)]) {
        await service.http().post('/v1/training/clock').set('Authorization', who).send({ now: '2027-01-04T09:00:00Z' }).expect(403);
      }
      const far = await service.http().post('/v1/training/clock').set('Authorization', bearer(p.policeSupervisor)).send({ now: '9999-12-31T00:00:00Z' }).expect(400);
      expect(far.body.errors).toEqual([expect.objectContaining({ field: 'now', rule: 'withinRange' })]);
      const sixYears = new Date(new Date(now).getTime() + 6 * 366 * 86_400_000).toISOString();
      await service.http().post('/v1/training/clock').set('Authorization', bearer(p.policeOfficer)).send({ now: sixYears }).expect(400);
      expect((await service.http().get('/v1/training/clock').set('Authorization', bearer(p.policeOfficer)).expect(200)).body.now.slice(0, 10)).toBe(now.slice(0, 10));

      // New cases still work: the clock was never moved.
      await open(p.police.id);
      await service.http().post('/v1/training/clock').set('Authorization', bearer(p.policeOfficer)).send({ now: '2026-11-24T09:00:00Z' }).expect(200);
    });
  });

  describe('deactivating officers and revoking keys (admins, audited)', () => {
    it('a revoked key is refused at once, here and on another instance; a new key works', async () => {
      const other = await startTestService('embedded', {}, undefined, undefined, { databaseUrl: service.databaseUrl, encryptionKey });
      try {
        const jo = (await service.http().post('/v1/officers').set('Authorization', admin())
          .send({ name: 'Jo Revoked', organisationId: p.police.id, role: 'officer', email: 'jo@police.example' }).expect(201)).body;
        const me = (key: string, on = service) => on.http().get('/v1/officers/me').set('Authorization', `Bearer ${key}`);
        await me(jo.apiKey).expect(200);
        await me(jo.apiKey, other).expect(200);

        for (const who of [bearer(p.policeSupervisor), bearer(p.policeOfficer), bearer(p.comms)]) {
          await service.http().post(`/v1/officers/${jo.id}/api-keys`).set('Authorization', who).expect(403);
          await service.http().post(`/v1/officers/${jo.id}/deactivate`).set('Authorization', who).expect(403);
        }
        const issued = (await service.http().post(`/v1/officers/${jo.id}/api-keys`).set('Authorization', admin()).expect(201)).body;
        expect(issued.apiKey).toMatch(/^asb_/);
        const keys = (await service.http().get(`/v1/officers/${jo.id}/api-keys`).set('Authorization', admin()).expect(200)).body;
        expect(keys).toHaveLength(2);
        expect(JSON.stringify(keys)).not.toContain(issued.apiKey);

        const first = keys.find((k: { id: string }) => k.id !== issued.id);
        const revoked = await service.http().delete(`/v1/api-keys/${first.id}`).set('Authorization', admin()).expect(200);
        expect(revoked.body.revokedAt).not.toBeNull();
        await me(jo.apiKey, other).expect(401);
        await me(jo.apiKey).expect(401);
        await me(issued.apiKey, other).expect(200);
        await service.http().delete(`/v1/api-keys/${SOMEONE}`).set('Authorization', admin()).expect(404);

        const audit = await service.sql<{ action: string; detail: Record<string, string> }>(
          `SELECT action, detail FROM audit_entries WHERE detail->>'officerId' = $1 ORDER BY id`, [jo.id]);
        expect(audit).toEqual([
          { action: 'api_key_issued', detail: { officerId: jo.id, apiKeyId: issued.id } },
          { action: 'api_key_revoked', detail: { officerId: jo.id, apiKeyId: first.id } },
        ]);
      } finally {
        await other.stop();
      }
    });

    it('a deactivated officer cannot sign in with any key, gets no new one, and cannot be chosen as SPOC', async () => {
      const sam = (await service.http().post('/v1/officers').set('Authorization', admin())
        .send({ name: 'Sam Leaving', organisationId: p.police.id, role: 'officer', email: 'sam@police.example' }).expect(201)).body;
      const second = (await service.http().post(`/v1/officers/${sam.id}/api-keys`).set('Authorization', admin()).expect(201)).body;
      const done = await service.http().post(`/v1/officers/${sam.id}/deactivate`).set('Authorization', admin()).expect(200);
      expect(done.body).toEqual({ id: sam.id, active: false, keysRevoked: 2 });
      for (const key of [sam.apiKey, second.apiKey]) {
        await service.http().get('/v1/officers/me').set('Authorization', `Bearer ${key}`).expect(401);
      }
      await service.http().post(`/v1/officers/${sam.id}/api-keys`).set('Authorization', admin()).expect(409);
      const refused = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
        .send(complaint(p.police.id, { spocOfficerId: sam.id })).expect(400);
      expect(refused.body.errors[0].field).toBe('spocOfficerId');
      const actions = (await service.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE detail->>'officerId' = $1 ORDER BY id`, [sam.id])).map((a) => a.action);
      expect(actions).toEqual(['api_key_issued', 'officer_deactivated', 'api_key_revoked', 'api_key_revoked']);
    });

    it('the last active admin cannot be deactivated', async () => {
      const me = (await service.http().get('/v1/officers/me').set('Authorization', admin()).expect(200)).body;
      await service.http().post(`/v1/officers/${me.id}/deactivate`).set('Authorization', admin()).expect(409);
      await service.http().get('/v1/officers/me').set('Authorization', admin()).expect(200);
    });
  });
});
