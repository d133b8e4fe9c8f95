import { ContactLog } from '../src/contacts/contact-log.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { binary } from './support/binary.js';
import { pdfText } from './support/outbox.js';
import { SAFETY, bearer, buildPartnership, complaint, type TestPartnership } from './support/partnership.js';
import { SmtpSink } from './support/smtp-sink.js';
import { startTestService, type TestService } from './support/test-service.js';

// Friday 14 March 2031, 10:00 in London (GMT): years after the real clock, as a training rehearsal would be.
const FRIDAY = new Date('2031-03-14T10:00:00Z');

/**
 * Issue 12, field reports: addresses that cannot be posted to (item 10), one-off bank holidays
 * (item 13), training time on email Date headers and letter dates (item 14), and error paths that
 * match the body sent (the second item 16). Live mode with a real SMTP server on loopback.
 */
describe('field reports: postal addresses, bank holidays, training time and error paths', () => {
  const smtp = new SmtpSink();
  let service: TestService;
  let p: TestPartnership;

  beforeAll(async () => {
    await smtp.start();
    service = await startTestService('embedded', {
      MODE: 'live',
      SMTP_URL: smtp.url,
      EXTRA_BANK_HOLIDAYS: '2031-03-17=Partnership day',
      REMOVED_BANK_HOLIDAYS: '2031-05-05',
    });
    p = await buildPartnership(service);
  });
  afterAll(async () => {
    await service?.stop();
    await smtp.stop();
  });
  beforeEach(() => service.clock.travelTo(FRIDAY));

  const post = (path: string, body: object, who = p.policeOfficer) => service.http().post(path).set('Authorization', bearer(who)).send(body);
  const caseCount = async () => Number((await service.sql<{ n: string }>('SELECT count(*) AS n FROM cases'))[0].n);
  const problems = (res: { body: { errors: { field: string; rule: string; message: string }[] } }) => res.body.errors;

  describe('addresses that cannot be posted to (item 10)', () => {
    const withLetters = (address: string[], incidentPostcode = 'nn1 3ab') => {
      const base = complaint(p.police.id, { victim: { name: 'Lena Letter', address }, contactAgreement: { channels: ['letter'], ...SAFETY } });
      return { ...base, incident: { ...base.incident, postcode: incidentPostcode } };
    };

    it.each([
      [['No fixed address', 'Northampton', 'NN1 3AB'], 'victim.address[0]'],
      [['12 High Street (no fixed abode)', 'Northampton', 'NN1 3AB'], 'victim.address[0]'],
      [['1 High Street', 'Northampton', 'NF1 1AA'], 'victim.address[2]'],
    ])('refuses letters to %j with a 400 naming %s, and stores nothing', async (address, field) => {
      const before = await caseCount();
      const res = await post('/v1/cases', withLetters(address)).expect(400);
      expect(problems(res)).toEqual(expect.arrayContaining([
        expect.objectContaining({ field, rule: 'postalAddress' }),
        expect.objectContaining({ field: 'contactAgreement.channels[0]', rule: 'contactDetails', message: expect.stringContaining('can be posted to') }),
      ]));
      expect(await caseCount()).toBe(before);
    });

    it('counts the name in the window: six address lines fit under it, seven do not', async () => {
      const six = ['Flat 3', 'Rose Court', '12 High Street', 'Kingsthorpe', 'Northampton', 'NN2 6AA'];
      await post('/v1/cases', withLetters(six)).expect(201);
      const res = await post('/v1/cases', withLetters([...six.slice(0, 5), 'Northamptonshire', 'NN2 6AA'])).expect(400);
      expect(problems(res)).toContainEqual({ field: 'victim.address', rule: 'postalAddress', message: expect.stringContaining('counting the name and the postcode; this one has 8') });
    });

    it('accepts a postcode typed with stray spaces and a nation after it, and refuses an area that does not exist', async () => {
      const opened = (await post('/v1/cases', withLetters(['10 Downing Street', 'London', 'S W1 A 2 AA', 'England'], 'S W1 A 2 AA')).expect(201)).body;
      const stored = (await service.http().get(`/v1/cases/${opened.id}`).set('Authorization', bearer(p.policeOfficer)).expect(200)).body;
      expect(stored.victim.address).toEqual(['10 Downing Street', 'London', 'SW1A 2AA', 'England']);
      const res = await post('/v1/cases', withLetters(['1 High Street', 'Northampton', 'NN1 3AB'], 'NF1 1AA')).expect(400);
      expect(problems(res).map((e) => e.field)).toEqual(['incident.postcode']);
    });

    it('checks an address as the envelope window takes it: BFPO with its BF1 postcode, Crown dependencies, the nation line', async () => {
      const check = async (lines: string[]) => (await post('/v1/addresses/validate', { lines }).expect(200)).body;
      expect(await check(['Cpl A Smith', '1 Rifles', 'bfpo 57', 'bf1 2au'])).toMatchObject({ valid: true, postcode: 'BF1 2AU', bfpo: true });
      expect(await check(['Jan Le Brun', '1 Rue de la Mer', 'St Helier', 'JE2 3AB'])).toMatchObject({ valid: true, postcode: 'JE2 3AB' });
      expect(await check(['Iona Ross', '1 Castle Street', 'Edinburgh', 'EH1 2NG', 'Scotland'])).toMatchObject({ valid: true, lines: ['Iona Ross', '1 Castle Street', 'Edinburgh', 'EH1 2NG'] });
      expect(await check(['Ann Other', '1 High Street', 'Town', 'NF1 1AA'])).toMatchObject({ valid: false, postcode: null });
    });
  });

  describe('one-off bank holidays (item 13)', () => {
    it('shows the year with each day’s source and the days removed, to officers, supervisors and admins', async () => {
      for (const who of [bearer(p.policeOfficer), bearer(p.policeSupervisor), `Bearer ${service.adminKey}`]) {
        const year = (await service.http().get('/v1/calendar/bank-holidays?year=2031').set('Authorization', who).expect(200)).body;
        expect(year.bankHolidays).toContainEqual({ date: '2031-03-17', name: 'Partnership day', source: 'extra' });
        expect(year.bankHolidays).toContainEqual({ date: '2031-12-25', name: 'Christmas Day', source: 'library' });
        expect(year.bankHolidays.map((h: { date: string }) => h.date)).not.toContain('2031-05-05');
        expect(year.removed).toEqual([{ date: '2031-05-05', name: 'Early May bank holiday' }]);
      }
      await service.http().get('/v1/calendar/bank-holidays?year=2031').set('Authorization', bearer(p.comms)).expect(403);
      const bad = await service.http().get('/v1/calendar/bank-holidays?year=next').set('Authorization', bearer(p.policeOfficer)).expect(400);
      expect(problems(bad).map((e) => e.field)).toContain('year');
    });

    it('does not count an extra bank holiday as a working day in the response deadline', async () => {
      // High risk, received Friday 14 March 10:00: 1 working day, skipping Monday 17 March (extra).
      const opened = (await post('/v1/cases', complaint(p.police.id, { riskAssessment: { answers: { threats_or_violence: true } } })).expect(201)).body;
      const due = (await service.sql<{ response_due_at: Date }>('SELECT response_due_at FROM cases WHERE id = $1', [opened.id]))[0].response_due_at;
      expect(new Date(due).toISOString()).toBe('2031-03-18T17:00:00.000Z');
    });

    it('does not count it towards the ASB Case Review threshold decision either', async () => {
      const opened = (await post('/v1/cases', complaint(p.police.id)).expect(201)).body;
      await service.http().put(`/v1/cases/${opened.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer)).send({ ...SAFETY, channels: ['email'] }).expect(200);
      // Asked for on Friday 14 March: 5 working days, skipping Monday 17 March, is Monday 24 March (not Friday 21).
      const review = await post(`/v1/cases/${opened.id}/case-review`, { receivedOn: '2031-03-14', receivedVia: 'phone', applicant: 'victim' }).expect(201);
      expect(review.body.decisionDueAt).toBe('2031-03-24T17:00:00.000Z');
    });
  });

  describe('training time everywhere (item 14)', () => {
    it('dates an email and a letter by the service clock', async () => {
      const opened = (await post('/v1/cases', complaint(p.police.id, { victim: { name: 'Dora Dated', email: 'dora@example.com', address: ['5 Clock Lane', 'Northampton', 'NN1 3AB'] } })).expect(201)).body;
      const log = service.app.get(ContactLog);
      const delivery = service.app.get(DeliveryService);

      const email = await log.create({ caseId: opened.id, purpose: 'acknowledgement', channel: 'email', dueAt: service.clock.now() }, service.manager);
      const sentAt = service.clock.now();
      expect(await delivery.deliver(email.id)).toBe('sent');
      const received = smtp.messages.find((m) => m.headers.get('x-contact-id') === email.id)!;
      expect(Math.abs(received.date!.getTime() - sentAt.getTime())).toBeLessThan(60_000);

      const letter = await log.create({ caseId: opened.id, purpose: 'acknowledgement', channel: 'letter', dueAt: service.clock.now() }, service.manager);
      expect(await delivery.deliver(letter.id)).toBe('awaiting_print');
      const run = (await post('/v1/print-batches', {}, p.policeSupervisor).expect(201)).body;
      const pdf = await service.http().get(`/v1/print-batches/${run.id}/letters.pdf`).set('Authorization', bearer(p.policeSupervisor)).buffer(true).parse(binary).expect(200);
      expect((await pdfText(pdf.body)).text).toContain('14 March 2031');
    });
  });

  describe('error paths match the body sent (second item 16)', () => {
    it('names bad answers `answers.x` on POST /v1/cases/:id/risk-assessments, and `riskAssessment.answers.x` in a new case', async () => {
      const opened = (await post('/v1/cases', complaint(p.police.id)).expect(201)).body;
      const reassessed = await post(`/v1/cases/${opened.id}/risk-assessments`, { answers: { has_a_dog: true, affects_health: 'yes' } }).expect(400);
      expect(problems(reassessed).map((e) => e.field)).toEqual(['answers.has_a_dog', 'answers.affects_health']);
      const notAnObject = await post(`/v1/cases/${opened.id}/risk-assessments`, { answers: [true] }).expect(400);
      expect(problems(notAnObject).map((e) => e.field)).toEqual(['answers']);
      const created = await post('/v1/cases', complaint(p.police.id, { riskAssessment: { answers: { has_a_dog: true } } })).expect(400);
      expect(problems(created).map((e) => e.field)).toEqual(['riskAssessment.answers.has_a_dog']);
    });
  });
});
