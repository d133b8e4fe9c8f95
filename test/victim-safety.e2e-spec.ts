import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContactLog } from '../src/contacts/contact-log.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { LetterPost } from '../src/channels/letter/letter-post.service.js';
import { Outbox, pdfText } from './support/outbox.js';
import { startTestService, TestService } from './support/test-service.js';

const FORBIDDEN = /\b(police|council|housing|anti-?social|ASB|case|reference|PC|Sgt|101|Shireshire|SPOL)\b/i;

/** Issue 11, "Victim safety first", read back from the training outbox. */
describe('keeping victims safe', () => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'asb-safety-outbox-'));
  const outbox = new Outbox(outboxDir);
  let service: TestService;
  let police: { id: string };
  let officerKey: string;
  let log: ContactLog;
  let delivery: DeliveryService;

  const as = () => `Bearer ${officerKey}`;
  const admin = () => `Bearer ${service.adminKey}`;
  const openCase = async (victim: Record<string, unknown> = {}) =>
    (await service.http().post('/v1/cases').set('Authorization', as()).send({
      leadOrganisationId: police.id,
      victim: { name: 'Mrs Patricia Hughes', phone: '07911 123458', email: 'pat@example.com', address: ['4 Mill Court', 'Northtown', 'NN1 3AB'], ...victim },
      incident: { description: 'Stones thrown at my window.', category: 'personal', hateMotivated: false, postcode: 'NN1 3AB' },
      riskAssessment: { answers: {} },
    }).expect((res) => { if (res.status !== 201) throw new Error(JSON.stringify(res.body)); })).body;
  const send = async (caseId: string, channel: 'sms' | 'email' | 'letter' | 'phone', purpose: string, discreet: boolean, data?: Record<string, unknown>) => {
    const contact = await log.create({ caseId, purpose, channel, dueAt: service.clock.now(), discreet, data }, service.manager);
    await delivery.deliver(contact.id);
    return contact.id;
  };

  beforeAll(async () => {
    service = await startTestService('embedded', { OUTBOX_DIR: outboxDir, PUBLIC_BASE_URL: 'https://asb.example.gov.uk' });
    const organisations = (await service.http().get('/v1/organisations').set('Authorization', admin()).expect(200)).body;
    police = organisations.find((o: { code: string }) => o.code === 'SPOL');
    const alex = service.firstRun!.demoOfficers.find((o) => o.name === 'PC Alex Morgan')!;
    officerKey = alex.apiKey;
    log = service.app.get(ContactLog);
    delivery = service.app.get(DeliveryService);
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('sends discreet letters on plain letterhead that say nothing about the police, the case or ASB', async () => {
    const c = await openCase();
    for (const purpose of ['acknowledgement', 'spoc_introduction']) {
      const id = await send(c.id, 'letter', purpose, true);
      const { text } = await outbox.letterText(id);
      expect(text).toContain('Customer Services');
      expect(text).toContain('PO Box 2140');
      expect(text).toContain('Dear Mrs Patricia Hughes,');
      expect(text).toContain('Alex');
      expect(text).not.toMatch(FORBIDDEN);
      expect(text).not.toContain(c.reference);
    }
    const task = await send(c.id, 'phone', 'acknowledgement', true);
    const [row] = await service.sql<{ id: string }>('SELECT id FROM officer_tasks WHERE contact_id = $1', [task]);
    const briefing = (await service.http().get(`/v1/tasks/${row.id}`).set('Authorization', as()).expect(200)).body.briefing;
    expect(briefing.warning).toMatch(/DISCREET/);
    expect(`${briefing.warning} ${briefing.whatToCover}`).not.toMatch(FORBIDDEN);
  });

  it('refuses an organisation whose discreet sender or name would give it away, and one without a phone', async () => {
    const refused = await service.http().post('/v1/organisations').set('Authorization', admin())
      .send({ name: 'Lowbridge Homes', code: 'LBH', phone: '01632 960500', discreetSmsSender: 'LBH Homes' }).expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'discreetSmsSender', rule: 'discreet' });
    const noPhone = await service.http().post('/v1/organisations').set('Authorization', admin()).send({ name: 'Lowbridge Homes', code: 'LBH' }).expect(400);
    expect(noPhone.body.errors.map((e: { field: string }) => e.field)).toContain('phone');
  });

  it('greets a victim by their preferred name, never a title alone, and a discreet text names the SPOC without rank', async () => {
    const titled = await openCase();
    const sms = await outbox.sms(await send(titled.id, 'sms', 'acknowledgement', true));
    expect(sms.body).toMatch(/^Hello Mrs Patricia Hughes, this is Alex\./);
    expect(sms.from).toBe('Info');
    const preferred = await openCase({ preferredName: 'Pat' });
    expect((await outbox.sms(await send(preferred.id, 'sms', 'acknowledgement', false))).body).toMatch(/^Hello Pat,/);
    const intro = await outbox.sms(await send(preferred.id, 'sms', 'spoc_introduction', false));
    expect(intro.body).toContain('PC Alex Morgan');
  });

  it('previews the real case, discreet when asked', async () => {
    const c = await openCase({ preferredName: 'Pat' });
    const res = await service.http().post('/v1/previews').set('Authorization', as())
      .send({ channel: 'sms', template: 'acknowledgement', caseId: c.id, discreet: true }).expect(200);
    expect(res.body.text).toMatch(/^Hello Pat, this is Alex\./);
    const ordinary = await service.http().post('/v1/previews').set('Authorization', as()).send({ channel: 'sms', template: 'acknowledgement', caseId: c.id }).expect(200);
    expect(ordinary.body.text).toContain(c.reference);
  });

  it('puts all of one victim’s letters in one envelope, and prints a reply slip with a short link', async () => {
    const c = await openCase();
    const ids = [
      await send(c.id, 'letter', 'acknowledgement', false),
      await send(c.id, 'letter', 'spoc_introduction', false),
      await send(c.id, 'letter', 'satisfaction_survey', false, { survey: { link: 'https://asb.example.gov.uk/p/surveys/x', shortLink: 'https://asb.example.gov.uk/p/s/K7M2Q9XP', expiresOn: '1 January 2027' } }),
    ];
    const slip = (await outbox.letterText(ids[2])).text;
    expect(slip).toContain('https://asb.example.gov.uk/p/s/K7M2Q9XP');
    expect(slip).toMatch(/Reply slip.*\[ \] 1 Very unhappy/);
    expect(slip).toContain(`Reference: ${c.reference}`);
    const [batch] = await service.app.get(LetterPost).runPrintBatch(police.id);
    const manifest = (await readFile(join(outboxDir, 'print-batches', `${batch!.id}.csv`), 'utf8')).split('\r\n').filter(Boolean);
    const row = manifest.find((line) => line.includes(ids[0]))!;
    expect(row.split(',')[1]).toBe(ids.join(' '));
    expect(manifest.filter((line) => ids.some((id) => line.includes(id)))).toHaveLength(1);
    const pdf = await pdfText(await readFile(join(outboxDir, 'print-batches', `${batch!.id}.pdf`)));
    expect(pdf.text.indexOf('Thank you for telling us')).toBeLessThan(pdf.text.indexOf('Reply slip'));
  });

  it('names the real cause when a message cannot be written', async () => {
    const c = await openCase();
    await service.sql('UPDATE organisations SET phone = NULL WHERE id = $1', [police.id]);
    try {
      await send(c.id, 'email', 'acknowledgement', false);
      const tasks = await service.sql<{ id: string }>(`SELECT id FROM officer_tasks WHERE case_id = $1 AND kind = 'check_contact_details'`, [c.id]);
      const briefings = await Promise.all(tasks.map(async (t) => (await service.http().get(`/v1/tasks/${t.id}`).set('Authorization', as()).expect(200)).body.briefing.whatToCover));
      expect(briefings.join(' ')).toContain('the organisation has no phone number');
      const refused = await service.http().post('/v1/cases').set('Authorization', as()).send({
        leadOrganisationId: police.id, victim: { name: 'Jo Bloggs' },
        incident: { description: 'Noise every night.', category: 'personal', hateMotivated: false, postcode: 'NN1 3AB' }, riskAssessment: { answers: {} },
      }).expect(400);
      expect(refused.body.errors[0].field).toBe('leadOrganisation.phone');
    } finally {
      await service.sql(`UPDATE organisations SET phone = '101' WHERE id = $1`, [police.id]);
    }
  });
});
