import { InboundSms } from '../src/inbound-sms/inbound-sms.service.js';
import { SAFETY, bearer, buildPartnership, complaint, type Person, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

const T0 = new Date('2026-11-23T10:00:00Z'); // a Monday
const SHARED = '07911 123470';
const SHARED_E164 = '+447911123470';

/** Issue 10: STOP applies to the number — every case and every neighbourhood subscription with it. */
describe('STOP from a number several cases share', () => {
  let service: TestService;
  let p: TestPartnership;
  const cases: Record<'ann1' | 'ann2' | 'bob' | 'other', string> = {} as never;

  const open = async (who: Person, lead: string, victim: Record<string, unknown>) => {
    const c = (await service.http().post('/v1/cases').set('Authorization', bearer(who)).send(complaint(lead, { victim })).expect(201)).body;
    await service.http().put(`/v1/cases/${c.id}/contact-agreement`).set('Authorization', bearer(who))
      .send({ ...SAFETY, channels: ['sms', 'email'], cadence: { every: 10, unit: 'workingDays' } }).expect(200);
    return c.id as string;
  };
  const channels = async (caseId: string) => (await service.sql<{ channels: string[] }>('SELECT channels FROM contact_agreements WHERE case_id = $1', [caseId]))[0].channels;
  const optOutTasks = async () =>
    Object.fromEntries(
      (await service.sql<{ case_id: string; n: number }>(`SELECT case_id, count(*)::int AS n FROM officer_tasks WHERE kind = 'read_reply' GROUP BY case_id`))
        .map((r) => [r.case_id, r.n]),
    );
  const smsStillDue = async (caseId: string) =>
    (await service.sql<{ n: number }>(`SELECT count(*)::int AS n FROM contacts WHERE case_id = $1 AND channel = 'sms' AND status = 'scheduled'`, [caseId]))[0].n;

  beforeAll(async () => {
    service = await startTestService('embedded');
    service.clock.travelTo(T0);
    p = await buildPartnership(service);
    const ann = { name: 'Ann Sharer', phone: SHARED, email: 'ann.sharer@example.com', address: ['1 Shared Row', 'Northampton', 'NN1 3AB'] };
    const bob = { name: 'Bob Sharer', phone: SHARED, email: 'bob.sharer@example.com', address: ['1 Shared Row', 'Northampton', 'NN1 3AB'] };
    cases.ann1 = await open(p.policeOfficer, p.police.id, ann);
    cases.ann2 = await open(p.policeOfficer, p.police.id, ann);
    cases.bob = await open(p.councilOfficer, p.council.id, bob);
    cases.other = await open(p.policeOfficer, p.police.id, { ...ann, name: 'Cat Elsewhere', phone: '07911 123471', email: 'cat@example.com' });
    await service.http().post('/v1/neighbourhoods').set('Authorization', bearer(p.comms)).send({ name: 'Shared Row', areas: ['NN1 3'] }).expect(201);
    const imported = await service.http().post('/v1/subscribers/import').set('Authorization', bearer(p.comms)).set('Content-Type', 'text/csv')
      .send(`email,phone,postcode,consent_date\n,${SHARED},NN1 3AB,2025-06-30\n`).expect(200);
    expect(imported.body).toMatchObject({ imported: 1 });
  });
  afterAll(() => service?.stop());

  it('withdraws SMS from every case and subscription with the number, with one task per case; a second STOP changes nothing', async () => {
    const inbound = service.app.get(InboundSms);
    for (const id of [cases.ann1, cases.ann2, cases.bob]) expect(await channels(id)).toEqual(['sms', 'email']);

    const reply = await inbound.receive(SHARED_E164, 'STOP', 'SMstop0001');
    expect(reply).toMatch(/not get any more texts/);
    for (const id of [cases.ann1, cases.ann2, cases.bob]) {
      expect(await channels(id)).toEqual(['email']);
      expect(await smsStillDue(id)).toBe(0);
    }
    expect(await channels(cases.other)).toEqual(['sms', 'email']);
    expect(await optOutTasks()).toEqual({ [cases.ann1]: 1, [cases.ann2]: 1, [cases.bob]: 1 });
    const [subscriber] = await service.sql<{ sms_state: string; phone_enc: Buffer | null }>('SELECT sms_state, phone_enc FROM subscribers');
    expect(subscriber).toEqual({ sms_state: 'unsubscribed', phone_enc: null });

    expect(await inbound.receive(SHARED_E164, ' stop ', 'SMstop0002')).toBeNull();
    expect(await inbound.receive('07911 123470', 'STOP', 'SMstop0003')).toBeNull();
    expect(await optOutTasks()).toEqual({ [cases.ann1]: 1, [cases.ann2]: 1, [cases.bob]: 1 });
    for (const id of [cases.ann1, cases.ann2, cases.bob]) expect(await channels(id)).toEqual(['email']);
  });

  it('with texts the only agreed channel, an update says the agreement leaves no channel, not that none is recorded', async () => {
    const only = (await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
      .send(complaint(p.police.id, { victim: { name: 'Dee Textonly', phone: '07911 123472' }, contactAgreement: { ...SAFETY, channels: ['sms'] } })).expect(201)).body.id;
    expect(await service.app.get(InboundSms).receive('+447911123472', 'STOP', 'SMstop0004')).toMatch(/another way/);
    expect(await channels(only)).toEqual([]);
    const refused = await service.http().post(`/v1/cases/${only}/updates`).set('Authorization', bearer(p.policeOfficer)).send({ message: 'We visited.' }).expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'id', rule: 'agreement' });
    expect(refused.body.errors[0].message).toMatch(/leaves no channel/);
  });
});
