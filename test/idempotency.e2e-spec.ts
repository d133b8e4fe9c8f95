import { bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { startTestService, TestService } from './support/test-service.js';

// Idempotency-Key on POST /v1/cases: one mechanism with the officer-update route (see dispatch.e2e-spec).
describe('logging a complaint with an Idempotency-Key', () => {
  let service: TestService;
  let p: TestPartnership;
  beforeAll(async () => {
    service = await startTestService('embedded');
    p = await buildPartnership(service);
  });
  afterAll(() => service.stop());

  const post = (key: string | undefined, body: object, who = p.policeOfficer) => {
    const req = service.http().post('/v1/cases').set('Authorization', bearer(who));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const caseCount = async () => (await service.sql<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0].n;

  it('a retry with the same key and body gets the same 201 and the same case, written once', async () => {
    const body = complaint(p.police.id, { victim: { name: 'Rita Retry', phone: '07911 123456' } });
    const before = await caseCount();
    const first = await post('case-retry-1', body).expect(201);
    const again = await post('case-retry-1', body).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.reference).toBe(first.body.reference);
    expect(await caseCount()).toBe(before + 1);
    const events = await service.sql<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'case_opened'`, [first.body.id]);
    expect(events[0].n).toBe(1);
  });

  it('the same key with a different body is a 422, and nothing is written', async () => {
    const before = await caseCount();
    await post('case-retry-2', complaint(p.police.id, { victim: { name: 'Una First' } })).expect(201);
    const refused = await post('case-retry-2', complaint(p.police.id, { victim: { name: 'Una Second' } })).expect(422);
    expect(refused.body.message).toMatch(/Idempotency-Key was used for a different request/);
    expect(await caseCount()).toBe(before + 1);
  });

  it('retries at the same moment open one case', async () => {
    const before = await caseCount();
    const body = complaint(p.police.id, { victim: { name: 'Connie Current' } });
    const answers = await Promise.all([1, 2, 3].map(() => post('case-retry-3', body)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await caseCount()).toBe(before + 1);
  });

  it('keys belong to their caller: another officer may use the same key', async () => {
    const body = complaint(p.police.id, { victim: { name: 'Kay Scoped' } });
    const mine = await post('shared-key', body).expect(201);
    const theirs = await post('shared-key', body, p.policeSupervisor).expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('without a key, each request opens a case; a malformed key is a 400', async () => {
    const body = complaint(p.police.id, { victim: { name: 'Norm Nokey' } });
    const a = await post(undefined, body).expect(201);
    const b = await post(undefined, body).expect(201);
    expect(a.body.id).not.toBe(b.body.id);
    await post('x'.repeat(201), body).expect(400);
  });
});
