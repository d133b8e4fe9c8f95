import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContactLog } from '../src/contacts/contact-log.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { RetentionJob } from '../src/data-rights/retention.job.js';
import { pdfText } from './support/outbox.js';
import { binary } from './support/binary.js';
import { bearer, buildPartnership, complaint, type TestPartnership } from './support/partnership.js';
import { CapturedOutput, startTestService, type TestService } from './support/test-service.js';

const T0 = new Date('2026-11-23T10:00:00Z'); // a Monday

/** Issue 10: erasure and retention reach every copy; tokens never reach the logs. */
describe('data protection', () => {
  const outbox = mkdtempSync(join(tmpdir(), 'asb-data-protection-outbox-'));
  const logs = new CapturedOutput();
  let service: TestService;
  let p: TestPartnership;

  const openCase = async (name: string, phone: string) => {
    const victim = { name, phone, address: ['8 Copy Street', 'Northampton', 'NN1 3AB'] };
    return (await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id, { victim })).expect(201)).body as { id: string; victimId: string };
  };
  const deliver = async (caseId: string, channel: 'sms' | 'letter') => {
    const contact = await service.app.get(ContactLog).create({ caseId, purpose: 'acknowledgement', channel, dueAt: service.clock.now() }, service.manager);
    await service.app.get(DeliveryService).deliver(contact.id);
    return contact.id as string;
  };
  const printRun = async () => (await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(201)).body as { id: string; letters: number };
  const runFile = (id: string, ext: 'pdf' | 'csv') => join(outbox, 'print-batches', `${id}.${ext}`);

  beforeAll(async () => {
    service = await startTestService('embedded', { OUTBOX_DIR: outbox, LOG_LEVEL: 'info' }, logs);
    service.clock.travelTo(T0);
    p = await buildPartnership(service);
  });
  afterAll(() => service?.stop());

  describe('erasure and retention cover every copy', () => {
    let erasedRun: { id: string; letters: number };
    let emptiedRun: { id: string; letters: number };

    it("takes an erased victim's letters out of stored print runs and the training outbox", async () => {
      const xena = await openCase('Xena Erased', '07911 123480');
      const yuri = await openCase('Yuri Kept', '07911 123481');
      const xenaText = await deliver(xena.id, 'sms');
      const xenaLetter = await deliver(xena.id, 'letter');
      const yuriLetter = await deliver(yuri.id, 'letter');
      erasedRun = await printRun();
      expect(erasedRun.letters).toBe(2);
      const xenaLater = await deliver(xena.id, 'letter');
      emptiedRun = await printRun();
      expect(emptiedRun.letters).toBe(1);
      expect((await pdfText(readFileSync(runFile(erasedRun.id, 'pdf')))).text).toContain('Xena Erased');

      await service.http().post(`/v1/cases/${xena.id}/close`).set('Authorization', bearer(p.policeOfficer))
        .send({ outcome: 'We warned the people responsible.', reason: 'No reports for eight weeks.' }).expect(200);
      await service.http().post(`/v1/victims/${xena.victimId}/erasure`).set('Authorization', bearer(p.policeSupervisor))
        .send({ reason: 'Asked by letter' }).expect(200);

      expect(existsSync(join(outbox, 'sms', `${xenaText}.json`))).toBe(false);
      for (const id of [xenaLetter, xenaLater]) expect(existsSync(join(outbox, 'letters', `${id}.pdf`))).toBe(false);
      expect(existsSync(join(outbox, 'letters', `${yuriLetter}.pdf`))).toBe(true);

      // The run holding Yuri's letter too is rebuilt without Xena's, in the database and the outbox.
      const pdf = await service.http().get(`/v1/print-batches/${erasedRun.id}/letters.pdf`).set('Authorization', bearer(p.policeSupervisor)).buffer(true).parse(binary).expect(200);
      const stored = (await pdfText(pdf.body)).text;
      expect(stored).toContain('Yuri Kept');
      expect(stored).not.toContain('Xena');
      const csv = (await service.http().get(`/v1/print-batches/${erasedRun.id}/manifest.csv`).set('Authorization', bearer(p.policeSupervisor)).expect(200)).text;
      expect(csv).toContain(yuriLetter);
      expect(csv).not.toContain(xenaLetter);
      const outboxCopy = (await pdfText(readFileSync(runFile(erasedRun.id, 'pdf')))).text;
      expect(outboxCopy).toContain('Yuri Kept');
      expect(outboxCopy).not.toContain('Xena');
      expect(readFileSync(runFile(erasedRun.id, 'csv'), 'utf8')).not.toContain(xenaLetter);
      const [row] = await service.sql<{ letters: number }>('SELECT letters FROM print_batches WHERE id = $1', [erasedRun.id]);
      expect(row.letters).toBe(1);

      // A run that held only her letter keeps no files at all.
      await service.http().get(`/v1/print-batches/${emptiedRun.id}/letters.pdf`).set('Authorization', bearer(p.policeSupervisor)).expect(410);
      expect(existsSync(runFile(emptiedRun.id, 'pdf'))).toBe(false);
      expect(existsSync(runFile(emptiedRun.id, 'csv'))).toBe(false);
    });

    it("retention removes a run's outbox copies with its stored files, 30 days after printing", async () => {
      expect(existsSync(runFile(erasedRun.id, 'pdf'))).toBe(true);
      await service.app.get(RetentionJob).run(new Date(T0.getTime() + 29 * 86_400_000));
      expect(existsSync(runFile(erasedRun.id, 'pdf'))).toBe(true);
      await service.app.get(RetentionJob).run(new Date(T0.getTime() + 31 * 86_400_000));
      expect(existsSync(runFile(erasedRun.id, 'pdf'))).toBe(false);
      expect(existsSync(runFile(erasedRun.id, 'csv'))).toBe(false);
      const [row] = await service.sql<{ pdf_enc: Buffer | null }>('SELECT pdf_enc FROM print_batches WHERE id = $1', [erasedRun.id]);
      expect(row.pdf_enc).toBeNull();
    });
  });

  describe('request logs', () => {
    it('never carry the token of a public link, whatever its form', async () => {
      const token = 'SeCrEtToKeN0123456789abcdefXYZ';
      const link = `0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e.${token}`;
      for (const path of [
        `/p/surveys/${token}/`, `/p/surveys/${token}`, `/p/surveys/${token}?utm=sms`, `/p/surveys%2F${token}`,
        `/P/SURVEYS/${token}/`, `/p/surveys/${token}%2F`, `/p/subscribe/confirm/${link}/`, `/p/unsubscribe/${link}/`,
        `/p/unsubscribe/${link}?x=1`, `//p/unsubscribe/${link}`,
      ]) {
        await service.http().get(path);
      }
      await service.http().post(`/p/unsubscribe/${link}/`).type('form').send({});
      const entries = logs.text.trim().split('\n').map((line) => JSON.parse(line));
      const urls = entries.map((e) => e.req?.url).filter(Boolean);
      expect(urls).toEqual(expect.arrayContaining(['/p/surveys/:token', '/p/subscribe/confirm/:token', '/p/unsubscribe/:token']));
      expect(logs.text).not.toContain(token);
      expect(logs.text).not.toContain(token.slice(0, 12));
    });
  });
});
