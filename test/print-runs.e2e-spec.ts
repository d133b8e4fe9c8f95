import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LetterPost } from '../src/channels/letter/letter-post.service.js';
import { ContactLog } from '../src/contacts/contact-log.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { pdfText } from './support/outbox.js';
import { binary } from './support/binary.js';
import { bearer, buildPartnership, complaint, type Person, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';

const T0 = new Date('2026-11-23T10:00:00Z'); // a Monday

/** Issue 10: a print run is one organisation's post room's, and every download is audited. */
describe('print runs belong to one organisation', () => {
  const outbox = mkdtempSync(join(tmpdir(), 'asb-print-runs-outbox-'));
  let service: TestService;
  let p: TestPartnership;

  /** A letter to a new victim of a case the organisation leads, waiting for the print run. */
  const letterFor = async (lead: string, who: Person, name: string) => {
    const victim = { name, phone: '07911 123456', address: ['4 Print Lane', 'Northampton', 'NN1 3AB'] };
    const c = (await service.http().post('/v1/cases').set('Authorization', bearer(who)).send(complaint(lead, { victim })).expect(201)).body;
    const contact = await service.app.get(ContactLog).create({ caseId: c.id, purpose: 'acknowledgement', channel: 'letter', dueAt: service.clock.now() }, service.manager);
    expect(await service.app.get(DeliveryService).deliver(contact.id)).toBe('awaiting_print');
    return contact.id as string;
  };
  const download = (id: string, file: 'letters.pdf' | 'manifest.csv', who: string) =>
    service.http().get(`/v1/print-batches/${id}/${file}`).set('Authorization', who);

  beforeAll(async () => {
    service = await startTestService('embedded', { OUTBOX_DIR: outbox });
    service.clock.travelTo(T0);
    p = await buildPartnership(service);
  });
  afterAll(() => service?.stop());

  it("a supervisor runs, lists and downloads only their own organisation's runs; admins and comms are refused", async () => {
    const policeLetter = await letterFor(p.police.id, p.policeOfficer, 'Petra Policecase');
    const councilLetter = await letterFor(p.council.id, p.councilOfficer, 'Connor Councilcase');
    for (const who of [`Bearer ${service.adminKey}`, bearer(p.comms), bearer(p.policeOfficer)]) {
      await service.http().post('/v1/print-batches').set('Authorization', who).expect(403);
      await service.http().get('/v1/print-batches').set('Authorization', who).expect(403);
    }

    const police = (await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(201)).body;
    expect(police.letters).toBe(1);
    const council = (await service.http().post('/v1/print-batches').set('Authorization', bearer(p.councilSupervisor)).expect(201)).body;
    expect(council.letters).toBe(1);

    const listed = async (who: Person) => (await service.http().get('/v1/print-batches').set('Authorization', bearer(who)).expect(200)).body.map((b: { id: string }) => b.id);
    expect(await listed(p.policeSupervisor)).toEqual([police.id]);
    expect(await listed(p.councilSupervisor)).toEqual([council.id]);

    const pdf = await download(police.id, 'letters.pdf', bearer(p.policeSupervisor)).buffer(true).parse(binary).expect(200);
    const text = (await pdfText(pdf.body)).text;
    expect(text).toContain('Petra Policecase');
    expect(text).not.toContain('Connor Councilcase');
    const csv = await download(police.id, 'manifest.csv', bearer(p.policeSupervisor)).expect(200);
    expect(csv.text).toContain(policeLetter);
    expect(csv.text).not.toContain(councilLetter);

    for (const file of ['letters.pdf', 'manifest.csv'] as const) {
      await download(police.id, file, bearer(p.councilSupervisor)).expect(404);
      await download(police.id, file, `Bearer ${service.adminKey}`).expect(403);
      await download(police.id, file, bearer(p.comms)).expect(403);
    }
  });

  it('every download is audited: who, which run and which file, ids only', async () => {
    await letterFor(p.police.id, p.policeOfficer, 'Audrey Audited');
    const run = (await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(201)).body;
    await download(run.id, 'letters.pdf', bearer(p.policeSupervisor)).expect(200);
    await download(run.id, 'manifest.csv', bearer(p.policeSupervisor)).expect(200);
    await download(run.id, 'manifest.csv', bearer(p.councilSupervisor)).expect(404);

    const entries = await service.sql<Record<string, unknown>>(
      `SELECT officer_id, organisation_id, action, case_id, victim_id, fields, detail FROM audit_entries WHERE detail->>'printBatchId' = $1 ORDER BY id`,
      [run.id],
    );
    expect(entries).toEqual([
      { officer_id: p.policeSupervisor.id, organisation_id: p.police.id, action: 'print_batch_downloaded', case_id: null, victim_id: null, fields: ['letters.pdf'], detail: { printBatchId: run.id, file: 'letters.pdf' } },
      { officer_id: p.policeSupervisor.id, organisation_id: p.police.id, action: 'print_batch_downloaded', case_id: null, victim_id: null, fields: ['manifest.csv'], detail: { printBatchId: run.id, file: 'manifest.csv' } },
    ]);
    const seen = (await service.http().get('/v1/audit').set('Authorization', bearer(p.policeSupervisor)).expect(200)).body;
    expect(seen.filter((e: { action: string }) => e.action === 'print_batch_downloaded').length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(seen)).not.toContain('Audrey');
  });

  it("the daily run makes one run per organisation, each holding only that organisation's letters", async () => {
    const a = await letterFor(p.police.id, p.policeOfficer, 'Daisy Daily');
    const b = await letterFor(p.council.id, p.councilOfficer, 'Dylan Daily');
    const c = await letterFor(p.police.id, p.policeOfficer, 'Della Daily');
    const runs = await service.app.get(LetterPost).runPrintBatch();
    expect(runs.map((r) => [r.organisationId, r.letters]).sort()).toEqual([[p.council.id, 1], [p.police.id, 2]].sort());
    const rows = await service.sql<{ contact_id: string; organisation_id: string }>(
      `SELECT l.contact_id, b.organisation_id FROM letters_for_print l JOIN print_batches b ON b.id = l.print_batch_id WHERE l.contact_id = ANY($1::uuid[])`,
      [[a, b, c]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.contact_id, r.organisation_id]))).toEqual({ [a]: p.police.id, [b]: p.council.id, [c]: p.police.id });
    expect((await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(201)).body).toEqual({ letters: 0 });
  });
});
