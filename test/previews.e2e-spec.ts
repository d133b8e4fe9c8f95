import { PURPOSES } from '../src/templates/template-types.js';
import { PDFParse } from 'pdf-parse';
import { bearer, buildPartnership, TestPartnership } from './support/partnership.js';
import { startTestService, TestService } from './support/test-service.js';

describe('templates and previews', () => {
  let service: TestService;
  let p: TestPartnership;
  beforeAll(async () => {
    service = await startTestService('embedded');
    p = await buildPartnership(service);
  });
  afterAll(() => service?.stop());

  const preview = (body: Record<string, unknown>, accept = 'application/json') =>
    service.http().post('/v1/previews').set('Authorization', bearer(p.policeOfficer)).set('Accept', accept).send(body);

  it('lists every template with the fields it needs', async () => {
    const res = await service.http().get('/v1/templates').set('Authorization', bearer(p.comms)).expect(200);
    expect(res.body).toHaveLength(PURPOSES.length * 6); // sms, email and letter, each ordinary and discreet
    const ack = res.body.find((t: { channel: string; purpose: string; discreet: boolean }) => t.channel === 'sms' && t.purpose === 'acknowledgement' && !t.discreet);
    expect(ack.fields).toEqual(expect.arrayContaining(['case.reference', 'spoc.phone']));
  });

  it('shows an SMS with its length, fragments and encoding', async () => {
    const data = {
      recipient: { name: 'Siân Jones', firstName: 'Siân' },
      organisation: { name: 'Test Police', phone: '101', address: [] },
      spoc: { name: 'Pat Officer', firstName: 'Pat', phone: '01604 888123' },
      case: { reference: 'ASB-2026-000001', reportedOn: '23 November 2026', responseDueBy: '30 November 2026' },
    };
    const res = await preview({ channel: 'sms', template: 'acknowledgement', data }).expect(200);
    expect(res.body.text).toContain('Hello Siân');
    expect(res.body.encoding).toBe('UCS-2'); // â is not in the GSM alphabet
    expect(res.body.characters).toBe(res.body.text.length);
    expect(res.body.fragments).toBe(Math.ceil(res.body.text.length / 67));
  });

  it('shows an email with subject, HTML and plain text, escaping what an officer typed', async () => {
    const res = await preview({ channel: 'email', body: 'Hello {{name}}, <b>see you soon</b>', subject: 'A note', data: { name: '<script>x</script>', organisation: { name: 'Test Police', phone: '101' } } }).expect(200);
    expect(res.body.subject).toBe('A note');
    expect(res.body.html).toContain('&lt;script&gt;');
    expect(res.body.html).not.toContain('<script>');
    expect(res.body.text).toContain('Hello <script>x</script>');
    const withoutLayoutData = await preview({ channel: 'email', body: 'Hello', subject: 'A note', data: {} }).expect(400);
    expect(withoutLayoutData.body.errors[0].field).toBe('data.organisation.name');
  });

  it('renders a letter as a real PDF with the address and page numbers', async () => {
    const res = await preview(
      { channel: 'letter', template: 'spoc_introduction', largePrint: true, address: ['Jane Doe', '12 Acacia Avenue', 'Northampton', 'nn1 3ab'] },
      'application/pdf',
    ).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    const text = (await new PDFParse({ data: new Uint8Array(res.body as Buffer) }).getText()).text;
    expect(text).toContain('12 Acacia Avenue');
    expect(text).toContain('NN1 3AB');
    expect(text).toMatch(/Page 1 of \d/);
    const summary = await preview({ channel: 'letter', template: 'spoc_introduction', largePrint: true, address: ['Jane Doe', '12 Acacia Avenue', 'Northampton', 'nn1 3ab'] }).expect(200);
    expect(summary.body.pages).toBeGreaterThanOrEqual(1);
    expect(summary.body.address).toMatchObject({ valid: true, postcode: 'NN1 3AB' });
  });

  it('names every missing field and refuses ambiguous or bad requests', async () => {
    const missing = await preview({ channel: 'sms', template: 'acknowledgement', data: { recipient: { firstName: 'Jo' } } }).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['data.spoc.phone', 'data.case.reference']));
    await preview({ channel: 'sms', template: 'acknowledgement', body: 'Hi' }).expect(400);
    const unknown = await preview({ channel: 'fax', template: 'acknowledgement' }).expect(400);
    expect(unknown.body.errors[0].field).toBe('channel');
    const badAddress = await preview({ channel: 'letter', template: 'update', address: ['Jane Doe', 'No fixed abode'] }).expect(400);
    expect(badAddress.body.errors[0].field).toMatch(/^address/);
  });

  it('validates a postal address', async () => {
    const res = await service.http().post('/v1/addresses/validate').set('Authorization', bearer(p.policeOfficer))
      .send({ lines: ['Jane Doe', '', '12 Acacia Avenue', 'Northampton', 'sw1a1aa', 'United Kingdom'] }).expect(200);
    expect(res.body).toEqual({ valid: true, lines: ['Jane Doe', '12 Acacia Avenue', 'Northampton', 'SW1A 1AA'], postcode: 'SW1A 1AA', bfpo: false, errors: [] });
    await service.http().post('/v1/addresses/validate').set('Authorization', bearer(p.policeOfficer)).send({ lines: 'not a list' }).expect(400);
  });
});
