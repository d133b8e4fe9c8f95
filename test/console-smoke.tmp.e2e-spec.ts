import { startTestService, type TestService } from './support/test-service.js';
import { complaint } from './support/partnership.js';
import { Dispatcher } from '../src/contacts/dispatcher.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
let s: TestService;
beforeAll(async () => { s = await startTestService('embedded'); }, 60000);
afterAll(async () => s?.stop());
it('smoke', async () => {
  const alex = s.firstRun!.demoOfficers.find((o) => o.name.includes('Alex'))!;
  const [org] = await s.sql<{ id: string }>(`SELECT id FROM organisations WHERE code = 'SPOL'`);
  const body = complaint(org.id, { riskAssessment: { answers: { threats_or_violence: true } }, contactAgreement: { channels: ['letter'], discreet: true, lettersToHome: true, voicemailSafe: false, largePrint: false } });
  const opened = await s.http().post('/v1/cases').set('Authorization', `Bearer ${alex.apiKey}`).send(body).expect(201);
  console.log(opened.body.riskLevel, opened.body.responseDueAt, s.clock.now());
  await s.app.get(Dispatcher).tick({ everything: true });
  console.log(await s.sql('select id, purpose, channel, status, due_at from contacts'));
  console.log(await s.sql('select kind, status, due_at from officer_tasks'));
  for (const c of await s.sql<{ id: string }>(`select id from contacts where status='scheduled' and due_at <= $1`, [s.clock.now()])) console.log(await s.app.get(DeliveryService).deliver(c.id));
  console.log(await s.sql('select id, purpose, channel, status, due_at from contacts'));
});
