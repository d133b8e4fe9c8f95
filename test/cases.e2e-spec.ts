import { bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { DatabaseKind, startTestService, TestService } from './support/test-service.js';

const MONDAY_10AM = new Date('2026-11-23T10:00:00Z'); // London is on GMT in November

describe.each<DatabaseKind>(['embedded', 'external'])('cases on the %s PostgreSQL', (kind) => {
  let service: TestService;
  let p: TestPartnership;

  beforeAll(async () => {
    service = await startTestService(kind);
    p = await buildPartnership(service);
  });
  afterAll(() => service?.stop());
  beforeEach(() => service.clock.travelTo(MONDAY_10AM));

  const openCase = (who: { apiKey: string }, body: Record<string, unknown>) =>
    service.http().post('/v1/cases').set('Authorization', bearer(who)).send(body);

  describe('intake', () => {
    it('logs a standard complaint with a reference and a 5 working day deadline', async () => {
      const res = await openCase(p.policeOfficer, complaint(p.police.id)).expect(201);
      expect(res.body.reference).toMatch(/^ASB-2026-\d{6}$/);
      expect(res.body).toMatchObject({
        status: 'open',
        riskLevel: 'standard',
        vulnerable: false,
        repeatVictim: false,
        receivedOn: '2026-11-23',
        responseDueAt: '2026-11-30T17:00:00.000Z',
        spoc: { id: p.policeOfficer.id, name: 'Pat Officer' },
        leadOrganisation: { id: p.police.id, name: 'Test Police', phone: '101' },
        victim: { name: 'Jane Doe', phone: '+447911123456', email: 'jane.doe@example.com' },
      });
      expect(res.body.incidents[0]).toMatchObject({ postcode: 'NN1 3AB', category: 'personal' });
    });

    it('makes a threat of violence high risk with a next-working-day deadline', async () => {
      const body = complaint(p.police.id, {
        victim: { name: 'Amir Khan', phone: '07911 123457' },
        riskAssessment: { answers: { threats_or_violence: true } },
      });
      const res = await openCase(p.policeOfficer, body).expect(201);
      expect(res.body.riskLevel).toBe('high');
      expect(res.body.responseDueAt).toBe('2026-11-24T17:00:00.000Z');
      expect(res.body.riskAssessment.answers).toEqual({ threats_or_violence: true });
    });

    it('assesses an incident recorded as hate-motivated as high risk, with the questionnaire answer recorded', async () => {
      const base = complaint(p.police.id, { victim: { name: 'Hana Malik', phone: '07911 123458' }, riskAssessment: { answers: {} } });
      const res = await openCase(p.policeOfficer, { ...base, incident: { ...base.incident, hateMotivated: true } }).expect(201);
      expect(res.body.riskLevel).toBe('high');
      expect(res.body.responseDueAt).toBe('2026-11-24T17:00:00.000Z');
      expect(res.body.riskAssessment.answers).toEqual({ hate_motivated: true });
      const plain = await openCase(p.policeOfficer, { ...base, victim: { name: 'Hana Other', phone: '07911 123459' }, incident: { ...base.incident, hateMotivated: false } }).expect(201);
      expect(plain.body.riskLevel).toBe('standard');
    });

    it('flags a vulnerable victim and counts an after-hours Friday report from Monday', async () => {
      const body = complaint(p.police.id, {
        reportedAt: '2026-11-20T18:30:00Z',
        victim: { name: 'Edith Brown', email: 'edith@example.org' },
        riskAssessment: { answers: { affects_health: true, no_one_to_support: true } },
      });
      const res = await openCase(p.policeOfficer, body).expect(201);
      expect(res.body).toMatchObject({ vulnerable: true, receivedOn: '2026-11-23', responseDueAt: '2026-11-30T17:00:00.000Z' });
    });

    it('skips Christmas bank holidays and the substitute day when setting a deadline', async () => {
      service.clock.travelTo(new Date('2026-12-23T14:00:00Z'));
      const res = await openCase(p.policeOfficer, complaint(p.police.id, { victim: { name: 'Noel Winter' } })).expect(201);
      // 24, 29, 30, 31 Dec and 4 Jan: 25 Dec, 28 Dec (substitute for Boxing Day) and 1 Jan are bank holidays.
      expect(res.body.responseDueAt).toBe('2027-01-04T17:00:00.000Z');
    });

    it('publishes the risk questionnaire', async () => {
      const res = await service.http().get('/v1/risk/questionnaire').set('Authorization', bearer(p.policeOfficer)).expect(200);
      expect(res.body.length).toBeGreaterThanOrEqual(10);
      expect(res.body[0]).toEqual(expect.objectContaining({ id: expect.any(String), text: expect.any(String) }));
    });
  });

  describe('access control', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = (await openCase(p.policeOfficer, complaint(p.police.id, { victim: { name: 'Scoped Victim' } })).expect(201)).body.id;
    });

    it('needs an API key (401), the right role (403) and the right organisation (404)', async () => {
      await service.http().get(`/v1/cases/${caseId}`).expect(401);
      await service.http().get(`/v1/cases/${caseId}`).set('Authorization', 'Bearer asb_not-a-real-key').expect(401);
      await service.http().get(`/v1/cases/${caseId}`).set('Authorization', bearer(p.comms)).expect(403);
      await service.http().get(`/v1/cases/${caseId}`).set('Authorization', `Bearer ${service.adminKey}`).expect(403);
      await service.http().get(`/v1/cases/${caseId}`).set('Authorization', bearer(p.councilOfficer)).expect(404);
      await service.http().get(`/v1/cases/${caseId}`).set('Authorization', bearer(p.policeOfficer2)).expect(200);
      await service.http().post('/v1/organisations').set('Authorization', bearer(p.policeSupervisor)).send({ name: 'X', code: 'XX' }).expect(403);
      const list = await service.http().get('/v1/cases').set('Authorization', bearer(p.councilOfficer)).expect(200);
      expect(list.body.map((c: { id: string }) => c.id)).not.toContain(caseId);
    });

    it('shows a case to a partner only once it is shared with them', async () => {
      await service.http().post(`/v1/cases/${caseId}/shares`).set('Authorization', bearer(p.policeOfficer)).send({ organisationId: p.council.id }).expect(200);
      const res = await service.http().get(`/v1/cases/${caseId}`).set('Authorization', bearer(p.councilOfficer)).expect(200);
      expect(res.body.victim.name).toBe('Scoped Victim');
      expect(res.body.history.map((e: { type: string }) => e.type)).toContain('shared');
    });

    it('lets only supervisors reassign the SPOC, within the lead organisation', async () => {
      await service.http().patch(`/v1/cases/${caseId}`).set('Authorization', bearer(p.policeOfficer)).send({ spocOfficerId: p.policeOfficer2.id }).expect(403);
      await service.http().patch(`/v1/cases/${caseId}`).set('Authorization', bearer(p.policeSupervisor)).send({ spocOfficerId: p.councilOfficer.id }).expect(400);
      const res = await service.http().patch(`/v1/cases/${caseId}`).set('Authorization', bearer(p.policeSupervisor)).send({ spocOfficerId: p.policeOfficer2.id }).expect(200);
      expect(res.body.spoc.id).toBe(p.policeOfficer2.id);
      expect(res.body.history.find((e: { type: string }) => e.type === 'spoc_changed').detail).toEqual({ from: p.policeOfficer.id, to: p.policeOfficer2.id });
    });

    it('hands the lead to another partner, who then sees it while the old lead keeps sight', async () => {
      const handed = (await openCase(p.policeOfficer, complaint(p.police.id, { victim: { name: 'Handed Over' } })).expect(201)).body.id;
      await service.http().patch(`/v1/cases/${handed}`).set('Authorization', bearer(p.policeSupervisor)).send({ leadOrganisationId: p.council.id, spocOfficerId: p.councilOfficer.id }).expect(200);
      const seen = await service.http().get(`/v1/cases/${handed}`).set('Authorization', bearer(p.councilOfficer)).expect(200);
      expect(seen.body.leadOrganisation.id).toBe(p.council.id);
      await service.http().get(`/v1/cases/${handed}`).set('Authorization', bearer(p.policeOfficer)).expect(200);
    });
  });

  describe('personal data', () => {
    it('stores victim details, descriptions and answers as ciphertext only', async () => {
      const body = complaint(p.police.id, {
        victim: { name: 'Zebedee Quill', phone: '07911 777888', email: 'zebedee.quill@example.net', address: ['7 Quill Lane', 'Kettering', 'NN16 8AB'], dateOfBirth: '1950-02-03' },
        incident: { description: 'Xylophone-shaped graffiti sprayed on my car', category: 'personal', hateMotivated: true, postcode: 'NN16 8AB' },
        riskAssessment: { answers: { thoughts_of_self_harm: true } },
      });
      const id = (await openCase(p.policeOfficer, body).expect(201)).body.id;
      const tables = ['victims', 'cases', 'incidents', 'risk_assessments', 'case_events', 'audit_entries'];
      for (const table of tables) {
        const rows = await service.sql(`SELECT * FROM ${table}`);
        const raw = JSON.stringify(rows) + rows.map((r) => Object.values(r).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : '')).join('')).join('');
        for (const secret of ['Zebedee', 'Quill', '777888', 'zebedee.quill', 'Kettering', 'NN16 8AB', '1950-02-03', 'Xylophone', 'thoughts_of_self_harm']) {
          expect({ table, found: raw.includes(secret) ? secret : null }).toEqual({ table, found: null });
        }
      }
      const [victim] = await service.sql<{ name_enc: Buffer }>(`SELECT v.name_enc FROM victims v JOIN cases c ON c.victim_id = v.id WHERE c.id = $1`, [id]);
      expect(victim.name_enc.length).toBeGreaterThan(29);
    });

    it('audits every read of a victim\'s data, readable by supervisors and not by officers', async () => {
      const id = (await openCase(p.policeOfficer, complaint(p.police.id, { victim: { name: 'Audited Person' } })).expect(201)).body.id;
      await service.http().get(`/v1/cases/${id}`).set('Authorization', bearer(p.policeOfficer2)).expect(200);
      await service.http().get(`/v1/audit?caseId=${id}`).set('Authorization', bearer(p.policeOfficer)).expect(403);
      const audit = await service.http().get(`/v1/audit?caseId=${id}`).set('Authorization', bearer(p.policeSupervisor)).expect(200);
      expect(audit.body.map((e: { action: string; officerId: string }) => [e.action, e.officerId])).toEqual([
        ['victim_data_read', p.policeOfficer2.id],
        ['victim_data_created', p.policeOfficer.id],
      ]);
      expect(JSON.stringify(audit.body)).not.toContain('Audited Person');
      const other = await service.http().get(`/v1/audit?caseId=${id}`).set('Authorization', bearer(p.councilSupervisor)).expect(200);
      expect(other.body).toEqual([]);
    });
  });

  describe('repeat victims', () => {
    const report = (at: string, victim: Record<string, unknown>, postcode = 'NN2 6AB') =>
      openCase(p.policeOfficer, complaint(p.police.id, { reportedAt: at, victim, incident: { description: 'Noise at night', category: 'nuisance', hateMotivated: false, postcode } }));

    it('recognises the third report in 12 months by name with postcode and by email, not counting older reports', async () => {
      expect((await report('2025-05-01T12:00:00Z', { name: 'Rita Repeat', phone: '07777 300400' }).expect(201)).body.repeatVictim).toBe(false);
      expect((await report('2026-02-01T12:00:00Z', { name: 'Rita Repeat', phone: '+447777300400', email: 'rita@example.com' }).expect(201)).body.repeatVictim).toBe(false);
      // June: only February is within 12 months (May 2025 is not), so 2 reports.
      expect((await report('2026-06-01T12:00:00Z', { name: 'Someone Else', email: 'RITA@example.com' }).expect(201)).body.repeatVictim).toBe(false);
      // November: February (same name at the same postcode) and June (same email) are in the window: 3 reports.
      expect((await report('2026-11-02T12:00:00Z', { name: 'rita  repeat', email: 'rita@example.com' }).expect(201)).body.repeatVictim).toBe(true);
    });

    it('recognises a repeat victim by phone number alone, whatever the name', async () => {
      expect((await report('2026-09-01T12:00:00Z', { name: 'Peter Phone', phone: '07911 123458' }, 'NN3 2AB').expect(201)).body.repeatVictim).toBe(false);
      expect((await report('2026-10-01T12:00:00Z', { name: 'P. Phone', phone: '+44 7911 123458' }, 'NN5 5AB').expect(201)).body.repeatVictim).toBe(false);
      expect((await report('2026-11-01T12:00:00Z', { name: 'Pete', phone: '07911123458' }, 'NN4 8AB').expect(201)).body.repeatVictim).toBe(true);
    });

    it('does not match different people at the same postcode', async () => {
      for (const [at, name] of [['2026-09-01', 'Ann One'], ['2026-10-01', 'Bob Two'], ['2026-11-01', 'Cat Three']]) {
        expect((await report(`${at}T12:00:00Z`, { name }, 'NN6 7AB').expect(201)).body.repeatVictim).toBe(false);
      }
    });

    it('marks a case as repeat when further incidents are reported on it', async () => {
      const id = (await openCase(p.policeOfficer, complaint(p.police.id, { victim: { name: 'Frank Further', phone: '07812 345678' } })).expect(201)).body.id;
      const incident = { description: 'Again tonight', category: 'nuisance', hateMotivated: false, postcode: 'NN1 3AB' };
      const once = await service.http().post(`/v1/cases/${id}/incidents`).set('Authorization', bearer(p.policeOfficer)).send(incident).expect(201);
      expect(once.body.repeatVictim).toBe(false);
      const twice = await service.http().post(`/v1/cases/${id}/incidents`).set('Authorization', bearer(p.policeOfficer)).send(incident).expect(201);
      expect(twice.body.repeatVictim).toBe(true);
      expect(twice.body.incidents).toHaveLength(3);
    });
  });

  describe('the SLA clock', () => {
    it('lists overdue cases and notes each missed deadline once in the history', async () => {
      const id = (await openCase(p.councilOfficer, complaint(p.council.id, { victim: { name: 'Olive Overdue' }, riskAssessment: { answers: { hate_motivated: true } } })).expect(201)).body.id;
      service.clock.travelTo(new Date('2026-11-24T17:30:00Z'));
      const overdue = await service.http().get('/v1/cases?overdue=true').set('Authorization', bearer(p.councilOfficer)).expect(200);
      expect(overdue.body.map((c: { id: string }) => c.id)).toContain(id);
      const cases = service.app.get((await import('../src/cases/cases.service.js')).CasesService);
      expect(await cases.noteMissedDeadlines()).toBeGreaterThanOrEqual(1);
      await cases.noteMissedDeadlines();
      const detail = await service.http().get(`/v1/cases/${id}`).set('Authorization', bearer(p.councilOfficer)).expect(200);
      expect(detail.body.history.filter((e: { type: string }) => e.type === 'response_deadline_missed')).toHaveLength(1);
      expect(detail.body.overdue).toBe(true);
    });

    it('records the first response once and stops the clock', async () => {
      const id = (await openCase(p.councilOfficer, complaint(p.council.id, { victim: { name: 'Rhoda Responded' } })).expect(201)).body.id;
      const res = await service.http().post(`/v1/cases/${id}/responded`).set('Authorization', bearer(p.councilOfficer)).send({ method: 'telephone' }).expect(200);
      expect(Date.parse(res.body.respondedAt) - MONDAY_10AM.getTime()).toBeLessThan(5_000); // the moved clock runs on
      await service.http().post(`/v1/cases/${id}/responded`).set('Authorization', bearer(p.councilOfficer)).send({}).expect(409);
      service.clock.travelTo(new Date('2026-12-10T12:00:00Z'));
      const overdue = await service.http().get('/v1/cases?overdue=true').set('Authorization', bearer(p.councilOfficer)).expect(200);
      expect(overdue.body.map((c: { id: string }) => c.id)).not.toContain(id);
    });

    it('moves the deadline when a re-assessment changes the risk level, keeping the history', async () => {
      const id = (await openCase(p.councilOfficer, complaint(p.council.id, { victim: { name: 'Reba Reassessed' } })).expect(201)).body.id;
      service.clock.travelTo(new Date('2026-11-23T15:00:00Z'));
      const res = await service.http().post(`/v1/cases/${id}/risk-assessments`).set('Authorization', bearer(p.councilOfficer)).send({ answers: { thoughts_of_self_harm: true } }).expect(201);
      expect(res.body).toMatchObject({ riskLevel: 'high', responseDueAt: '2026-11-24T17:00:00.000Z' });
      const history = await service.http().get(`/v1/cases/${id}/risk-assessments`).set('Authorization', bearer(p.councilOfficer)).expect(200);
      expect(history.body.map((a: { level: string }) => a.level)).toEqual(['standard', 'high']);
    });
  });

  describe('bad input', () => {
    const fieldsOf = (body: { errors: { field: string }[] }) => body.errors.map((e) => e.field);
    const countCases = async () => Number((await service.sql<{ n: string }>('SELECT count(*) AS n FROM cases'))[0].n);

    it.each([
      ['an unknown field', { colour: 'blue' }, 'colour'],
      ['an unknown victim field', { victim: { name: 'X', nickname: 'Y' } }, 'victim.nickname'],
      ['a bad phone number', { victim: { name: 'X', phone: '0123' } }, 'victim.phone'],
      ['a bad email', { victim: { name: 'X', email: 'not-an-email' } }, 'victim.email'],
      ['a bad postcode', { incident: { description: 'abc', category: 'personal', hateMotivated: false, postcode: 'ZZ' } }, 'incident.postcode'],
      ['a bad category', { incident: { description: 'abc', category: 'loud', hateMotivated: false, postcode: 'NN1 3AB' } }, 'incident.category'],
      ['a string for a boolean', { incident: { description: 'abc', category: 'personal', hateMotivated: 'yes', postcode: 'NN1 3AB' } }, 'incident.hateMotivated'],
      ['an impossible date', { reportedAt: '2026-02-30T10:00:00Z' }, 'reportedAt'],
      ['a future report', { reportedAt: '2027-01-01T10:00:00Z' }, 'reportedAt'],
      ['an unknown risk question', { riskAssessment: { answers: { likes_cats: true } } }, 'riskAssessment.answers.likes_cats'],
      ['a non-boolean answer', { riskAssessment: { answers: { threats_or_violence: 'maybe' } } }, 'riskAssessment.answers.threats_or_violence'],
      ['a missing victim', { victim: undefined }, 'victim'],
      ['a lead organisation that does not exist', { leadOrganisationId: '00000000-0000-4000-8000-000000000000' }, 'leadOrganisationId'],
    ])('refuses %s with a 400 naming the field, writing nothing', async (_, overrides, field) => {
      const before = await countCases();
      const res = await openCase(p.policeOfficer, complaint(p.police.id, overrides as Record<string, unknown>)).expect(400);
      expect(fieldsOf(res.body)).toContain(field);
      expect(await countCases()).toBe(before);
    });

    it('refuses a SPOC from another organisation', async () => {
      const res = await openCase(p.policeOfficer, complaint(p.police.id, { spocOfficerId: p.councilOfficer.id })).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'spocOfficerId', rule: 'sameOrganisation' });
    });

    it('names every bad field at once', async () => {
      const res = await openCase(p.policeOfficer, { leadOrganisationId: 'nope', victim: { name: '' }, incident: {}, riskAssessment: {} }).expect(400);
      expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(['leadOrganisationId', 'victim.name', 'incident.description', 'incident.postcode', 'riskAssessment.answers']));
    });

    it('pages the work list and refuses bad paging or filters', async () => {
      const all = await service.http().get('/v1/cases?limit=500').set('Authorization', bearer(p.policeOfficer)).expect(200);
      const page = await service.http().get('/v1/cases?limit=2&offset=1').set('Authorization', bearer(p.policeOfficer)).expect(200);
      expect(page.body.map((c: { id: string }) => c.id)).toEqual(all.body.slice(1, 3).map((c: { id: string }) => c.id));
      expect(JSON.stringify(all.body)).not.toContain('Jane Doe'); // lists carry no personal data
      const bad = await service.http().get('/v1/cases?limit=0').set('Authorization', bearer(p.policeOfficer)).expect(400);
      expect(fieldsOf(bad.body)).toEqual(['limit']);
      const officers = await service.http().get('/v1/officers?organisationId=police').set('Authorization', `Bearer ${service.adminKey}`).expect(400);
      expect(fieldsOf(officers.body)).toEqual(['organisationId']);
    });

    it('answers a malformed id or JSON body with 400, not 500', async () => {
      await service.http().get('/v1/cases/not-a-uuid').set('Authorization', bearer(p.policeOfficer)).expect(400);
      await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).set('Content-Type', 'application/json').send('{"victim":').expect(400);
      await service.http().get('/v1/cases?overdue=maybe').set('Authorization', bearer(p.policeOfficer)).expect(400);
    });
  });
});
