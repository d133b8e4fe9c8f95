import { bearer, buildPartnership, complaint } from './support/partnership.js';
import { CapturedOutput, startTestService, TestService } from './support/test-service.js';

describe('structured logs', () => {
  const logs = new CapturedOutput();
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('embedded', { LOG_LEVEL: 'info' }, logs);
  });
  afterAll(() => service?.stop());

  it('are JSON lines that never carry personal data, keys or request bodies', async () => {
    const p = await buildPartnership(service);
    const body = complaint(p.police.id, {
      victim: { name: 'Lorelei Logcheck', phone: '07911 123459', email: 'lorelei.logcheck@example.com', address: ['3 Secret Row', 'Northampton', 'NN1 4AB'] },
    });
    const created = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(body).expect(201);
    await service.http().get(`/v1/cases/${created.body.id}`).set('Authorization', bearer(p.policeOfficer)).expect(200);
    await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send({ ...body, victim: { name: 'Lorelei Logcheck', phone: 'bad' } }).expect(400);

    const lines = logs.text.trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.some((e) => e.req?.method === 'POST' && e.req?.url === '/v1/cases' && e.res?.statusCode === 201)).toBe(true);
    for (const secret of ['Lorelei', 'Logcheck', '123459', 'Secret Row', p.policeOfficer.apiKey, service.adminKey]) {
      expect({ secret, logged: logs.text.includes(secret) }).toEqual({ secret, logged: false });
    }
  });
});
