import { bearer, buildPartnership, complaint, SAFETY, type TestPartnership } from './support/partnership.js';
import { CapturedOutput, startTestService, type TestService } from './support/test-service.js';

const MONDAY = new Date('2026-11-30T10:00:00Z');
const ELSEWHERE = '0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e';

interface Problem { field: string; rule: string; message: string }

/** Issue 10, "No 5xx, ever": each kind of bad input found, as a 4xx naming the field, writing nothing. */
describe('the input edge', () => {
  const log = new CapturedOutput();
  let service: TestService;
  let p: TestPartnership;
  let caseId: string;
  const http = () => service.http();
  const officer = () => bearer(p.policeOfficer);
  const count = async (table: string) => (await service.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const problems = (res: { body: { errors?: Problem[] } }) => res.body.errors ?? [];
  const openCase = (body: unknown) => http().post('/v1/cases').set('Authorization', officer()).send(body as object);
  /** A JSON text sent as it is (for what JSON.stringify cannot write: lone surrogates, `__proto__`). */
  const raw = (method: 'post' | 'put' | 'patch', path: string, text: string, key = officer()) =>
    http()[method](path).set('Authorization', key).set('Content-Type', 'application/json').send(text);

  beforeAll(async () => {
    service = await startTestService('embedded', { LOG_LEVEL: 'info' }, log);
    service.clock.travelTo(MONDAY);
    p = await buildPartnership(service);
    caseId = (await openCase(complaint(p.police.id)).expect(201)).body.id;
  });
  afterAll(() => service?.stop());

  it('a Handlebars syntax error in a preview is a 400 naming body or subject, and the text is never logged', async () => {
    log.text = '';
    const secret = 'Jane Doe at 12 Acacia Avenue';
    const body = await http().post('/v1/previews').set('Authorization', officer()).send({ channel: 'sms', body: `Hello {{name} ${secret}` }).expect(400);
    expect(problems(body)).toEqual([expect.objectContaining({ field: 'body', rule: 'template' })]);
    expect(body.body.message).toContain('line 1');
    const subject = await http().post('/v1/previews').set('Authorization', officer())
      .send({ channel: 'email', body: 'Hello', subject: `{{#if x}}${secret}`, data: { organisation: { name: 'Test Police' } } }).expect(400);
    expect(problems(subject)).toEqual([expect.objectContaining({ field: 'subject', rule: 'template' })]);
    expect(log.text).toContain('"statusCode":400');
    expect(log.text).not.toContain(secret);
  });

  it('JSON nested deeper than 32 levels is a 400 on every route, public ones included; 32 levels pass the edge', async () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const before = await count('cases');
    for (const [path, key] of [['/v1/cases', officer()], ['/v1/previews', officer()], ['/p/subscribe', '']] as const) {
      const res = await raw('post', path, `{"victim":{"name":${nested(5000)}}}`, key).expect(400);
      expect(problems(res)[0]).toMatchObject({ rule: 'maxDepth', field: expect.stringMatching(/^victim\.name\[0\]/) });
    }
    const deepest = await raw('post', '/v1/previews', `{"channel":"sms","body":"Hi","data":{"a":${nested(30)}}}`).expect(200);
    expect(deepest.body.text).toBe('Hi');
    await raw('post', '/v1/previews', `{"channel":"sms","body":"Hi","data":{"a":${nested(31)}}}`).expect(400);
    expect(await count('cases')).toBe(before);
  });

  it('a lone surrogate or a NUL in any string (body, JSON column, query, path; public routes and webhooks) is a 400 naming it', async () => {
    const before = await Promise.all(['cases', 'victims', 'subscribers', 'contact_agreements'].map(count));
    const email = JSON.stringify(complaint(p.police.id)).replace('jane.doe@example.com', '\\ud800@example.com');
    expect(problems(await raw('post', '/v1/cases', email).expect(400))[0]).toMatchObject({ field: 'victim.email', rule: 'wellFormedUnicode' });
    const name = await openCase(complaint(p.police.id, { victim: { name: 'a\u0000b', email: 'x@example.com' } })).expect(400);
    expect(problems(name)[0]).toMatchObject({ field: 'victim.name', rule: 'noNulCharacter' });
    // Risk answers are stored in a jsonb column: keys are strings too.
    const answers = await openCase(complaint(p.police.id, { riskAssessment: { answers: { 'feels\u0000unsafe': true } } })).expect(400);
    expect(problems(answers)[0]).toMatchObject({ field: 'riskAssessment.answers', rule: 'fieldName' });
    const line = await raw('put', `/v1/cases/${caseId}/contact-agreement`, JSON.stringify({ channels: ['sms'], ...SAFETY, safeWindows: { sms: { days: [1], from: '\ud800', to: '20:00' } } }).replace('"\\ud800"', '"\\udfff"'));
    expect(line.status).toBe(400);
    expect(problems(line)[0]).toMatchObject({ field: 'safeWindows.sms.from', rule: 'wellFormedUnicode' });

    const query = await http().get('/v1/cases?status=open%00').set('Authorization', officer()).expect(400);
    expect(problems(query)[0]).toMatchObject({ field: 'status', rule: 'noNulCharacter' });
    const path = await http().get('/p/surveys/abc%00def').expect(400);
    expect(problems(path)[0]).toMatchObject({ field: 'token', rule: 'noNulCharacter' });
    const subscribe = await raw('post', '/p/subscribe', '{"email":"\\udc00a@example.com","postcode":"NN1 3AB"}', '').expect(400);
    expect(problems(subscribe)[0]).toMatchObject({ field: 'email', rule: 'wellFormedUnicode' });
    const form = await http().post('/p/subscribe').type('form').send('email=a%00b%40example.com&postcode=NN1+3AB').expect(400);
    expect(problems(form)[0]).toMatchObject({ field: 'email', rule: 'noNulCharacter' });
    // Refused before the signature is even checked: nothing from the body is used.
    const webhook = await http().post('/v1/webhooks/twilio/status').type('form').send('MessageSid=SM1%00&MessageStatus=delivered').expect(400);
    expect(problems(webhook)[0]).toMatchObject({ field: 'MessageSid', rule: 'noNulCharacter' });
    expect(await Promise.all(['cases', 'victims', 'subscribers', 'contact_agreements'].map(count))).toEqual(before);
  });

  it('__proto__, constructor and prototype keys are refused, naming the field, not silently dropped', async () => {
    const before = await count('cases');
    const text = JSON.stringify(complaint(p.police.id));
    const proto = await raw('post', '/v1/cases', text.replace('"victim":{', '"victim":{"__proto__":{"admin":true},')).expect(400);
    expect(problems(proto)[0]).toMatchObject({ field: 'victim.__proto__', rule: 'forbiddenKey' });
    const ctor = await openCase({ ...complaint(p.police.id), constructor: { name: 'x' } }).expect(400);
    expect(problems(ctor)[0]).toMatchObject({ field: 'constructor', rule: 'forbiddenKey' });
    const inQuery = await http().get('/v1/cases?prototype=1').set('Authorization', officer()).expect(400);
    expect(problems(inQuery)[0]).toMatchObject({ field: 'prototype', rule: 'forbiddenKey' });
    expect(await count('cases')).toBe(before);
  });

  it('null for an optional field is taken as the field left out (dates, needs, date of birth)', async () => {
    const opened = await openCase(complaint(p.police.id, { reportedAt: null, victim: { name: 'Sam Null', email: 'sam@example.com', dateOfBirth: null } })).expect(201);
    // Left out, reportedAt is now (the training clock runs on from Monday 10:00).
    expect(new Date(opened.body.reportedAt).getTime() - MONDAY.getTime()).toBeLessThan(60_000);
    const proceedings = await http().post(`/v1/cases/${opened.body.id}/proceedings`).set('Authorization', officer())
      .send({ kind: 'criminal', court: "Northtown Magistrates' Court", hearings: [{ at: '2027-01-14T10:00', description: null }], needs: null, witnessServiceConsent: null }).expect(201);
    expect(proceedings.body).toMatchObject({ needs: null, witnessServiceConsent: null });
    await http().post(`/v1/cases/${opened.body.id}/responded`).set('Authorization', officer()).send({ respondedAt: null, method: null }).expect(200);
  });

  it('lists for objects, missing required objects, empty PATCHes and non-JSON bodies are 4xx naming what is wrong', async () => {
    const plan = await http().put(`/v1/cases/${caseId}/action-plan`).set('Authorization', officer()).send({ actions: [[]] }).expect(400);
    expect(problems(plan)[0]).toMatchObject({ field: 'actions[0]', rule: 'isObject' });
    const victimList = await openCase({ ...complaint(p.police.id), victim: [] }).expect(400);
    expect(problems(victimList).map((x) => x.field)).toContain('victim');
    const neighbourhood = (await http().post('/v1/neighbourhoods').set('Authorization', `Bearer ${service.adminKey}`).send({ name: 'Edge Court', areas: ['NN1 3'] }).expect(201)).body.id;
    const bulletins = await count('bulletins');
    const noContent = await http().post('/v1/bulletins').set('Authorization', bearer(p.comms)).send({ type: 'newsletter', neighbourhoodIds: [neighbourhood] }).expect(400);
    expect(problems(noContent)).toEqual([expect.objectContaining({ field: 'content', rule: 'required' })]);
    expect(await count('bulletins')).toBe(bulletins);

    const proceedingsId = (await http().post(`/v1/cases/${caseId}/proceedings`).set('Authorization', officer())
      .send({ kind: 'civil', court: 'Northtown County Court', hearings: [{ at: '2027-02-01T10:00' }] }).expect(201)).body.id;
    const patches: [string, string][] = [
      [`/v1/cases/${caseId}`, bearer(p.policeSupervisor)],
      [`/v1/cases/${caseId}/contact-agreement`, officer()],
      [`/v1/cases/${caseId}/proceedings/${proceedingsId}`, officer()],
      [`/v1/neighbourhoods/${neighbourhood}`, `Bearer ${service.adminKey}`],
    ];
    for (const [path, key] of patches) {
      for (const body of [{}, { needs: null }]) {
        const res = await http().patch(path).set('Authorization', key).send(body);
        expect([path, res.status]).toEqual([path, 400]);
        expect(problems(res)[0]?.rule === 'nothingToChange' || problems(res)[0]?.rule === 'unknownField').toBe(true);
      }
      const empty = await http().patch(path).set('Authorization', key).send({}).expect(400);
      expect(empty.body.message).toMatch(/^Nothing to change/);
    }
    const text = await http().post('/v1/cases').set('Authorization', officer()).set('Content-Type', 'text/plain').send('name=Jane').expect(415);
    expect(text.body.message).toContain('application/json');
    await http().post('/v1/subscribers/import').set('Authorization', bearer(p.comms)).set('Content-Type', 'application/json').send('{}').expect(415);
  });

  it('a body that is not JSON, or a path that is not valid percent-encoding, is a 400 naming the part and never quoting it', async () => {
    const cases = await count('cases');
    for (const text of ['{"victim": Victim Jane Secretname}', '{"victim":', '[1,]']) {
      for (const [path, key] of [['/v1/cases', officer()], ['/p/subscribe', '']] as const) {
        const req = http().post(path).set('Content-Type', 'application/json');
        const res = await (key ? req.set('Authorization', key) : req).send(text).expect(400);
        expect(problems(res)).toEqual([expect.objectContaining({ field: 'body', rule: 'json' })]);
        expect(JSON.stringify(res.body)).not.toMatch(/Secretname|Victim/);
      }
    }
    expect(await count('cases')).toBe(cases);
    const token = 'Zm9vYmFy%ED%A0%80SecretToken';
    const res = await http().get(`/p/surveys/${token}`).expect(400);
    expect(problems(res)).toEqual([expect.objectContaining({ field: 'path', rule: 'encoding' })]);
    expect(JSON.stringify(res.body)).not.toContain('SecretToken');
    for (const odd of ['/p/%2e%2e/surveys/SecretToken2', '/p/./surveys/SecretToken2/', '/p//surveys/SecretToken2', '/P/Surveys/SecretToken2', '/p/%2E%2E/x/SecretToken2']) {
      const res = await http().get(odd);
      expect([odd, res.status < 500]).toEqual([odd, true]);
      expect([odd, JSON.stringify(res.body) + (res.text ?? '')]).not.toEqual([odd, expect.stringContaining('SecretToken2')]);
    }
    expect(log.text).not.toMatch(/Secretname|SecretToken/);
  });

  it('a control character in what people type is a 400 naming the field (a letter could never print it); tab and new line are fine', async () => {
    const cases = await count('cases');
    for (const name of ['Ann\u0001Nul', 'Ann\u001bEsc', 'Ann\u007fDel']) {
      const res = await openCase(complaint(p.police.id, { victim: { name } })).expect(400);
      expect(problems(res)[0]).toMatchObject({ field: 'victim.name', rule: 'noControlCharacter' });
    }
    expect(await count('cases')).toBe(cases);
    const multiLine = complaint(p.police.id, { victim: { name: 'Ann Tabbed' } }) as { incident: Record<string, unknown> };
    await openCase({ ...multiLine, incident: { ...multiLine.incident, description: 'Line one.\r\n\tLine two.' } }).expect(201);
  });

  it('numbers beyond what the database holds are refused in the DTO', async () => {
    for (const query of ['offset=1e20', 'offset=99999999999', 'limit=1e20']) {
      const res = await http().get(`/v1/cases?${query}`).set('Authorization', officer()).expect(400);
      expect(problems(res)[0].field).toBe(query.split('=')[0]);
    }
  });

  it('two creates racing for one unique code: one is created, the others hear 409 without SQL or values', async () => {
    const admin = `Bearer ${service.adminKey}`;
    const results = await Promise.all([1, 2, 3, 4].map((n) => http().post('/v1/organisations').set('Authorization', admin).send({ code: 'RACE', name: `Racing Housing ${n}`, phone: '101' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const lost of results.filter((r) => r.status === 409)) {
      expect(JSON.stringify(lost.body)).not.toMatch(/INSERT|SELECT|Racing|duplicate key/i);
    }
    expect(await count("organisations WHERE code = 'RACE'")).toBe(1);
  });

  it('a name of only spaces is refused, wherever a name must not be empty', async () => {
    const victim = await openCase(complaint(p.police.id, { victim: { name: '   ', email: 'x@example.com' } })).expect(400);
    expect(problems(victim)[0]).toMatchObject({ field: 'victim.name', rule: 'notBlank' });
    const staff = await http().post('/v1/officers').set('Authorization', `Bearer ${service.adminKey}`)
      .send({ name: ' \t ', organisationId: p.police.id, role: 'officer', email: 'blank@partner.example' }).expect(400);
    expect(problems(staff).map((x) => x.field)).toContain('name');
    const court = await http().post(`/v1/cases/${caseId}/proceedings`).set('Authorization', officer()).send({ kind: 'civil', court: '  ', hearings: [{ at: '2027-02-01T10:00' }] }).expect(400);
    expect(problems(court).map((x) => x.field)).toContain('court');
  });

  it('impossible dates are refused: births in the future or before 1900, consents in the future (training clock) or before 1900', async () => {
    for (const dateOfBirth of ['9999-12-31', '2026-12-01', '1899-12-31']) {
      const res = await openCase(complaint(p.police.id, { victim: { name: 'Jo Date', email: 'jo@example.com', dateOfBirth } })).expect(400);
      expect(problems(res)[0].field).toBe('victim.dateOfBirth');
    }
    await openCase(complaint(p.police.id, { victim: { name: 'Jo Date', email: 'jo@example.com', dateOfBirth: '1961-04-12' } })).expect(201);
    const agreement = (givenAt: string) => ({ channels: ['email'], ...SAFETY, consents: [{ channel: 'email', givenAt }] });
    for (const givenAt of ['2026-12-25T10:00:00Z', '1800-01-01T00:00:00Z']) {
      const res = await http().put(`/v1/cases/${caseId}/contact-agreement`).set('Authorization', officer()).send(agreement(givenAt)).expect(400);
      expect(problems(res)[0].field).toBe('consents[0].givenAt');
      const opened = await openCase(complaint(p.police.id, { contactAgreement: agreement(givenAt) })).expect(400);
      expect(problems(opened)[0].field).toBe('contactAgreement.consents[0].givenAt');
    }
    await http().put(`/v1/cases/${caseId}/contact-agreement`).set('Authorization', officer()).send(agreement('2026-11-30T09:00:00Z')).expect(200);
  });

  it('an organisation with no active case officer or supervisor cannot lead a case', async () => {
    const empty = (await http().post('/v1/organisations').set('Authorization', `Bearer ${service.adminKey}`).send({ code: 'NOSTAFF', name: 'Empty Housing', phone: '101' }).expect(201)).body;
    const res = await openCase(complaint(empty.id)).expect(400);
    expect(problems(res)[0]).toMatchObject({ field: 'leadOrganisationId', rule: 'hasActiveOfficers' });
    await http().post('/v1/cases').set('Authorization', officer()).send(complaint(ELSEWHERE)).expect(400);
    // Nor be made the lead later.
    const moved = await http().patch(`/v1/cases/${caseId}`).set('Authorization', bearer(p.policeSupervisor)).send({ leadOrganisationId: empty.id }).expect(400);
    expect(problems(moved)[0]).toMatchObject({ field: 'leadOrganisationId', rule: 'hasActiveOfficers' });
    expect((await service.sql<{ lead_organisation_id: string }>('SELECT lead_organisation_id FROM cases WHERE id = $1', [caseId]))[0].lead_organisation_id).toBe(p.police.id);
  });
});
