import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { subscriberToken, unsubscribeUrl } from '../src/community/subscriber-links.js';
import { PersonalDataCipher } from '../src/privacy/personal-data-cipher.js';
import { Outbox } from './support/outbox.js';
import { SAFETY, bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { startTestService, TestService } from './support/test-service.js';

const AUTH_TOKEN = 'community-auth-token';
const PUBLIC_BASE_URL = 'https://asb.example.gov.uk';
const CONFIRM_LINK = /https:\/\/asb\.example\.gov\.uk\/p\/subscribe\/confirm\/([0-9a-f-]{36}\.[A-Za-z0-9_-]{32})/;

type Row = Record<string, any>;

describe('neighbourhoods and subscribers', () => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'asb-community-outbox-'));
  const outbox = new Outbox(outboxDir);
  let service: TestService;
  let p: TestPartnership;
  let semilong: Row;
  let northtown: Row;

  beforeAll(async () => {
    // Training mode (everything to the outbox), with a Twilio account so texts can be received.
    service = await startTestService('embedded', {
      MODE: 'training', TWILIO_ACCOUNT_SID: 'AC' + '78'.repeat(16), TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL, OUTBOX_DIR: outboxDir,
    });
    p = await buildPartnership(service);
    semilong = await createNeighbourhood({ name: 'Semilong', areas: ['nn1 3', ' NN2  6 '], streets: [{ name: 'Mill Road', addresses: 84 }, { name: 'Baker Street', addresses: 40 }] });
    northtown = await createNeighbourhood({ name: 'Northtown', areas: ['NN3'] });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const http = () => service.http();
  const asComms = (req: ReturnType<ReturnType<TestService['http']>['get']>) => req.set('Authorization', bearer(p.comms));
  async function createNeighbourhood(body: object): Promise<Row> {
    return (await http().post('/v1/neighbourhoods').set('Authorization', bearer(p.comms)).send(body).expect(201)).body;
  }
  const count = async (table: string) => Number((await service.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const subscriberByEmail = async (email: string) => {
    const hash = service.app.get(PersonalDataCipher).matchHash(`email:${email}`);
    return (await service.sql<Row>('SELECT * FROM subscribers WHERE email_hash = $1', [hash]))[0];
  };
  const subscriberByPhone = async (e164: string) => {
    const hash = service.app.get(PersonalDataCipher).matchHash(`phone:${e164}`);
    return (await service.sql<Row>('SELECT * FROM subscribers WHERE phone_hash = $1', [hash]))[0];
  };
  const inbound = (params: Record<string, string>) =>
    http().post('/v1/webhooks/twilio/inbound').type('form')
      .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/v1/webhooks/twilio/inbound`, params))
      .send(params).expect(200);
  const subscribeJson = (body: object) => http().post('/p/subscribe').send(body);
  const expectField = (res: { status: number; body: Row }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: Row) => e.field)).toContain(field);
  };
  const importCsv = (csv: string, who = p.comms) =>
    http().post('/v1/subscribers/import').set('Authorization', bearer(who)).set('Content-Type', 'text/csv').send(csv);

  describe('neighbourhoods', () => {
    it('are drawn from postcode sectors and districts, and a postcode finds the ones covering it', async () => {
      expect(semilong).toMatchObject({ name: 'Semilong', areas: ['NN1 3', 'NN2 6'], addresses: 124, subscribers: { email: 0, sms: 0 } });
      const list = (await asComms(http().get('/v1/neighbourhoods')).expect(200)).body as Row[];
      expect(list.map((n) => n.name)).toEqual(expect.arrayContaining(['Semilong', 'Northtown']));
      const bySector = (await asComms(http().get('/v1/neighbourhoods').query({ postcode: 'nn1 3ab' })).expect(200)).body as Row[];
      expect(bySector.map((n) => n.name)).toEqual(['Semilong']);
      const byDistrict = (await asComms(http().get('/v1/neighbourhoods').query({ postcode: 'NN3 9ZZ' })).expect(200)).body as Row[];
      expect(byDistrict.map((n) => n.name)).toEqual(['Northtown']);
      expect((await asComms(http().get('/v1/neighbourhoods').query({ postcode: 'NN1 4AA' })).expect(200)).body).toEqual([]);
      const one = (await asComms(http().get(`/v1/neighbourhoods/${semilong.id}`)).expect(200)).body;
      expect(one.streets).toEqual([{ name: 'Mill Road', addresses: 84 }, { name: 'Baker Street', addresses: 40 }]);
    });

    it('can be renamed and redrawn; names are unique whatever their case', async () => {
      const made = await createNeighbourhood({ name: 'Kingsthorpe', areas: ['NN2 7'] });
      const patched = (await asComms(http().patch(`/v1/neighbourhoods/${made.id}`)).send({ name: 'Kingsthorpe Village', areas: ['nn2 7', 'NN2 8'] }).expect(200)).body;
      expect(patched).toMatchObject({ name: 'Kingsthorpe Village', areas: ['NN2 7', 'NN2 8'] });
      await asComms(http().post('/v1/neighbourhoods')).send({ name: 'semilong', areas: ['NN5'] }).expect(409);
      await asComms(http().patch(`/v1/neighbourhoods/${made.id}`)).send({ name: 'SEMILONG' }).expect(409);
    });

    it('refuse bad input with a 400 naming the field, and store nothing', async () => {
      const before = await count('neighbourhoods');
      const post = (body: object) => asComms(http().post('/v1/neighbourhoods')).send(body);
      const bad = await post({ name: 'Far Cotton', areas: ['NN4 8', 'not a postcode', 'NN4 8AB'] });
      expectField(bad, 'areas[1]');
      expectField(bad, 'areas[2]'); // a full postcode is not an area
      expect(bad.body.errors.map((e: Row) => e.field)).not.toContain('areas[0]');
      expectField(await post({ name: 'Far Cotton', areas: [] }), 'areas');
      expectField(await post({ name: 'Far Cotton', areas: Array.from({ length: 51 }, () => 'NN4') }), 'areas');
      expectField(await post({ name: 'Far Cotton', areas: [42] }), 'areas[0]');
      expectField(await post({ areas: ['NN4'] }), 'name');
      expectField(await post({ name: 'Far Cotton', areas: ['NN4'], streets: [{ name: 'Main Road', addresses: -1 }] }), 'streets.0.addresses');
      expectField(await post({ name: 'Far Cotton', areas: ['NN4'], colour: 'red' }), 'colour');
      expectField(await asComms(http().patch(`/v1/neighbourhoods/${semilong.id}`)).send({ areas: ['NN1 3', 'XX'] }), 'areas[1]');
      expectField(await asComms(http().get('/v1/neighbourhoods').query({ postcode: 'NN1' })), 'postcode');
      expectField(await asComms(http().get('/v1/neighbourhoods/not-an-id')), 'id');
      await asComms(http().get('/v1/neighbourhoods/00000000-0000-4000-8000-000000000000')).expect(404);
      expect(await count('neighbourhoods')).toBe(before);
      expect((await asComms(http().get(`/v1/neighbourhoods/${semilong.id}`)).expect(200)).body.areas).toEqual(['NN1 3', 'NN2 6']);
    });

    it('are for comms, supervisors and admins only', async () => {
      await http().get('/v1/neighbourhoods').set('Authorization', bearer(p.policeOfficer)).expect(403);
      await http().post('/v1/neighbourhoods').set('Authorization', bearer(p.policeOfficer)).send({ name: 'X', areas: ['NN9'] }).expect(403);
      await http().get('/v1/neighbourhoods').set('Authorization', bearer(p.councilSupervisor)).expect(200);
      await http().get('/v1/neighbourhoods').set('Authorization', `Bearer ${service.adminKey}`).expect(200);
      await http().get('/v1/neighbourhoods').expect(401);
    });

    it('are in the API documentation, with the subscription endpoints partners use', async () => {
      const docs = (await http().get('/docs/openapi.json').expect(200)).body;
      expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/v1/neighbourhoods', '/v1/neighbourhoods/{id}', '/v1/subscribers/import', '/p/subscribe']));
      expect(Object.keys(docs.paths['/p/subscribe'])).toEqual(['post']);
    });
  });

  describe('subscribing', () => {
    it('by the form, with double opt-in: a link by email (opening it changes nothing) and YES by text', async () => {
      const page = await http().get('/p/subscribe').expect(200);
      expect(page.text).toContain('<form method="post"');
      expect(page.text).toContain('Your consent');
      expect(page.text).toContain('<option value="' + semilong.id + '">Semilong</option>');
      expect(page.headers['cache-control']).toBe('no-store');

      const done = await http().post('/p/subscribe').type('form').send({ email: ' Ann.Resident@Example.com ', phone: '07911 123456', postcode: 'nn1 3ab', neighbourhoodId: '' }).expect(200);
      expect(done.text).toContain('Check your email');
      expect(done.text).toContain('Reply YES');
      const ann = await subscriberByEmail('ann.resident@example.com');
      expect(ann).toMatchObject({ email_state: 'pending', sms_state: 'pending', consent_source: 'web', postcode_sector: 'NN1 3' });
      expect(ann.phone_hash).toBe(service.app.get(PersonalDataCipher).matchHash('phone:+447911123456'));
      for (const column of ['email_enc', 'phone_enc', 'postcode_enc']) expect(ann[column].toString('latin1')).not.toMatch(/ann|7911|NN1/i);
      expect((await service.sql('SELECT neighbourhood_id FROM neighbourhood_subscriptions WHERE subscriber_id = $1', [ann.id])).map((r) => r.neighbourhood_id)).toEqual([semilong.id]);

      const email = await outbox.email(`subscriber-confirm-${ann.id}`);
      expect(email.subject).toBe('Confirm you want news about your neighbourhood');
      expect((email.to as { text: string }).text).toBe('ann.resident@example.com');
      expect(email.text).toContain('Semilong');
      const token = CONFIRM_LINK.exec(email.text ?? '')![1];
      expect(email.html).toContain(`/p/subscribe/confirm/${token}`);
      const text = await outbox.sms(`subscriber-confirm-${ann.id}`);
      expect(text).toMatchObject({ to: '+447911123456', from: 'CSP' });
      // The default sender CSP is alphanumeric: nobody can reply YES to it, so the text carries the link.
      expect(text.body).not.toMatch(/reply YES/i);
      expect(text.body).toContain(`${PUBLIC_BASE_URL}/p/subscribe/confirm/`);

      // A mail scanner following the link confirms nothing.
      const confirmPage = await http().get(`/p/subscribe/confirm/${token}`).expect(200);
      expect(confirmPage.text).toContain('Confirm my subscription');
      expect((await subscriberByEmail('ann.resident@example.com')).email_state).toBe('pending');
      expect((await asComms(http().get(`/v1/neighbourhoods/${semilong.id}`)).expect(200)).body.subscribers).toMatchObject({ email: 0, sms: 0, people: 0, awaitingConfirmation: 1 });

      const confirmed = await http().post(`/p/subscribe/confirm/${token}`).type('form').send({}).expect(200);
      expect(confirmed.text).toContain('You are subscribed');
      expect(await subscriberByEmail('ann.resident@example.com')).toMatchObject({ email_state: 'confirmed', sms_state: 'pending' });
      await http().post(`/p/subscribe/confirm/${token}`).expect(200); // twice is harmless
      await http().get(`/p/subscribe/confirm/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`).expect(404);

      const yes = await inbound({ From: '+447911123456', Body: 'Yes!', MessageSid: 'SMyes1' });
      expect(yes.text).toContain('You will now get texts with news about your neighbourhood');
      const after = await subscriberByEmail('ann.resident@example.com');
      expect(after).toMatchObject({ email_state: 'confirmed', sms_state: 'confirmed' });
      expect(after.sms_confirmed_at).not.toBeNull();
      const counts = (await asComms(http().get(`/v1/neighbourhoods/${semilong.id}`)).expect(200)).body;
      expect(counts.subscribers).toMatchObject({ email: 1, sms: 1, people: 1, awaitingConfirmation: 0 });
      expect(JSON.stringify(counts)).not.toMatch(/ann|7911/i);
      // The YES was for the subscription: no victim's case, nothing kept.
      expect(await count('inbound_messages')).toBe(0);
    });

    it('by JSON from a partner website; asking again gives the same answer and no second subscriber', async () => {
      const body = { email: 'bob@example.com', postcode: 'NN3 9ZZ' };
      const first = await subscribeJson(body).expect(202);
      expect(first.body).toEqual({ status: 'pending', channels: ['email'] });
      const bob = await subscriberByEmail('bob@example.com');
      expect(bob).toMatchObject({ email_state: 'pending', sms_state: null, consent_source: 'partner_site', postcode_sector: 'NN3 9' });
      const before = await count('subscribers');
      expect((await subscribeJson(body).expect(202)).body).toEqual(first.body);
      // Ann is confirmed already: she hears exactly what a newcomer hears, and her phone joins her record.
      expect((await subscribeJson({ email: 'ann.resident@example.com', postcode: 'NN3 1AA' }).expect(202)).body).toEqual(first.body);
      expect(await count('subscribers')).toBe(before);
      const ann = await subscriberByEmail('ann.resident@example.com');
      expect(ann.email_state).toBe('confirmed');
      expect((await service.sql('SELECT count(*)::int AS n FROM neighbourhood_subscriptions WHERE subscriber_id = $1', [ann.id]))[0].n).toBe(2);
      // A chosen neighbourhood that covers the postcode.
      expect((await subscribeJson({ phone: '+44 7777 300400', postcode: 'NN2 6XY', neighbourhoodId: semilong.id }).expect(202)).body).toEqual({ status: 'pending', channels: ['sms'] });
      expect(await subscriberByPhone('+447777300400')).toMatchObject({ sms_state: 'pending', email_state: null });
    });

    it('refuses bad input with a 400 naming the field, storing nothing', async () => {
      const before = await count('subscribers');
      expectField(await subscribeJson({ email: 'carol@example.com', postcode: 'NN1 3AB', neighbourhoodId: '00000000-0000-4000-8000-000000000000' }), 'neighbourhoodId');
      expectField(await subscribeJson({ email: 'carol@example.com', postcode: 'NN1 3AB', neighbourhoodId: 'semilong' }), 'neighbourhoodId');
      expectField(await subscribeJson({ email: 'carol@example.com', postcode: 'NN1 3AB', neighbourhoodId: northtown.id }), 'neighbourhoodId');
      const outside = await subscribeJson({ email: 'carol@example.com', postcode: 'SW1A 1AA' });
      expectField(outside, 'postcode');
      expect(outside.body.message).toContain('We do not send news for this area yet');
      expectField(await subscribeJson({ email: 'carol@example.com', postcode: 'NN1' }), 'postcode');
      expectField(await subscribeJson({ email: 'carol@example.com' }), 'postcode');
      expectField(await subscribeJson({ postcode: 'NN1 3AB' }), 'email');
      expectField(await subscribeJson({ email: 'carol@', postcode: 'NN1 3AB' }), 'email');
      expectField(await subscribeJson({ phone: '01604 888123', postcode: 'NN1 3AB' }), 'phone'); // a landline cannot get texts
      expectField(await subscribeJson({ phone: 7911123456, postcode: 'NN1 3AB' }), 'phone');
      expectField(await subscribeJson({ email: 'carol@example.com', postcode: 'NN1 3AB', name: 'Carol' }), 'name');

      const form = await http().post('/p/subscribe').type('form').send({ email: '', phone: '', postcode: 'nowhere' }).expect(400);
      expect(form.text).toContain('<title>Error: Get news about your neighbourhood');
      expect(form.text).toContain('<a href="#email">Enter an email address or a UK mobile number, or both</a>');
      expect(form.text).toContain('<a href="#postcode">Enter a full UK postcode, like NN1 3AB</a>');
      expect(form.text).toContain('value="nowhere"');
      const outsideForm = await http().post('/p/subscribe').type('form').send({ email: 'carol@example.com', postcode: 'SW1A 1AA' }).expect(400);
      expect(outsideForm.text).toContain('We do not send news for this area yet');
      expect(outsideForm.text).toContain('value="carol@example.com"');
      expect(await count('subscribers')).toBe(before);
    });

    it('keeps an unconfirmed subscriber pending: nothing but the one confirmation is sent, even when they ask again', async () => {
      await subscribeJson({ email: 'dan@example.com', phone: '07911 123457', postcode: 'NN1 3AB' }).expect(202);
      const dan = await subscriberByEmail('dan@example.com');
      const first = await outbox.email(`subscriber-confirm-${dan.id}`);
      await subscribeJson({ email: 'dan@example.com', phone: '07911 123457', postcode: 'NN1 3AB' }).expect(202);
      expect((await outbox.email(`subscriber-confirm-${dan.id}`)).messageId).toBe(first.messageId); // not sent again within minutes
      const later = await subscriberByEmail('dan@example.com');
      expect(later).toMatchObject({ id: dan.id, email_state: 'pending', sms_state: 'pending', email_confirmed_at: null, sms_confirmed_at: null });
      const confirmedForSemilong = await service.sql(
        `SELECT s.id FROM subscribers s JOIN neighbourhood_subscriptions ns ON ns.subscriber_id = s.id
          WHERE ns.neighbourhood_id = $1 AND 'confirmed' IN (s.email_state, s.sms_state)`, [semilong.id]);
      expect(confirmedForSemilong.map((r) => r.id)).not.toContain(dan.id);
      // "Yes" in another shape that is not a yes leaves it pending.
      await inbound({ From: '+447911123457', Body: 'yes please send me everything', MessageSid: 'SMyes2' });
      expect((await subscriberByEmail('dan@example.com')).sms_state).toBe('pending');
    });
  });

  describe('unsubscribing', () => {
    it('by the link in an email: the page asks, the one-click POST unsubscribes and deletes the address', async () => {
      await subscribeJson({ email: 'erin@example.com', postcode: 'NN1 3AB' }).expect(202);
      const erin = await subscriberByEmail('erin@example.com');
      const cipher = service.app.get(PersonalDataCipher);
      const link = unsubscribeUrl(PUBLIC_BASE_URL, cipher, erin.id).slice(PUBLIC_BASE_URL.length);
      const page = await http().get(link).expect(200);
      expect(page.text).toContain('Unsubscribe</button>');
      expect((await subscriberByEmail('erin@example.com')).email_state).toBe('pending');
      // The confirmation link cannot unsubscribe, nor the reverse.
      await http().post(`/p/unsubscribe/${subscriberToken(cipher, 'confirm', erin.id)}`).type('form').send('List-Unsubscribe=One-Click').expect(404);
      await http().post(`/p/subscribe/confirm/${subscriberToken(cipher, 'unsubscribe', erin.id)}`).expect(404);

      const oneClick = await http().post(link).type('form').send('List-Unsubscribe=One-Click').expect(200);
      expect(oneClick.text).toContain('You have unsubscribed');
      const gone = await subscriberByEmail('erin@example.com');
      expect(gone).toMatchObject({ email_state: 'unsubscribed', email_enc: null, postcode_enc: null });
      expect(gone.email_unsubscribed_at).not.toBeNull();
      await http().post(link).type('form').send('List-Unsubscribe=One-Click').expect(200); // again: still 200
      await http().get(`/p/subscribe/confirm/${subscriberToken(cipher, 'confirm', erin.id)}`).expect(410);
      await http().post('/p/unsubscribe/not-a-token').expect(404);
      const nobody = '00000000-0000-4000-8000-000000000000'; // a genuine link for a subscriber who does not exist
      await http().post(`/p/unsubscribe/${subscriberToken(cipher, 'unsubscribe', nobody)}`).expect(404);
      await http().get(`/p/unsubscribe/${subscriberToken(cipher, 'unsubscribe', nobody)}`).expect(404);
      await http().post(`/p/subscribe/confirm/${subscriberToken(cipher, 'confirm', nobody)}`).expect(404);

      // Someone who also gets texts is told how to stop those, and keeps them.
      const ann = await subscriberByEmail('ann.resident@example.com');
      const annLink = unsubscribeUrl(PUBLIC_BASE_URL, cipher, ann.id).slice(PUBLIC_BASE_URL.length);
      expect((await http().get(annLink).expect(200)).text).toContain('reply STOP');
      expect((await http().post(annLink).expect(200)).text).toContain('You will still get our texts');
      const annAfter = await subscriberByEmail('ann.resident@example.com'); // the hash stays, so an import cannot add her back
      expect(annAfter).toMatchObject({ email_state: 'unsubscribed', email_enc: null, sms_state: 'confirmed' });
      expect(annAfter.phone_enc).not.toBeNull();
      expect(annAfter.postcode_enc).not.toBeNull();

      // Subscribing again through the form is fresh consent: pending again, a new confirmation.
      await subscribeJson({ email: 'erin@example.com', postcode: 'NN1 3AB' }).expect(202);
      const back = await subscriberByEmail('erin@example.com');
      expect(back).toMatchObject({ id: erin.id, email_state: 'pending' });
      expect(back.email_enc).not.toBeNull();
    });

    it('by replying STOP: texts stop and the number is deleted; a victim who also subscribes keeps the victim handling', async () => {
      const stranger = await inbound({ From: '+447911123459', Body: 'STOP', MessageSid: 'SMstop0' });
      expect(stranger.text).not.toContain('<Message>');
      await subscribeJson({ phone: '07812 345678', postcode: 'NN1 3AB' }).expect(202);
      await inbound({ From: '+447812345678', Body: 'YES', MessageSid: 'SMyes3' });
      expect((await subscriberByPhone('+447812345678')).sms_state).toBe('confirmed');
      const stop = await inbound({ From: '+447812345678', Body: 'Stop', MessageSid: 'SMstop1' });
      expect(stop.text).toContain('You will not get any more neighbourhood news texts from us.');
      expect(await subscriberByPhone('+447812345678')).toMatchObject({ sms_state: 'unsubscribed', phone_enc: null, postcode_enc: null });

      // A victim with an open case who also subscribed.
      const victimCase = (await http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
        .send(complaint(p.police.id, { victim: { name: 'Vic Tim', phone: '07911 123458', address: ['1 Mill Road', 'Northampton', 'NN1 3AB'] } })).expect(201)).body;
      await http().put(`/v1/cases/${victimCase.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer))
        .send({ ...SAFETY, channels: ['sms', 'phone'], cadence: { every: 10, unit: 'workingDays' } }).expect(200);
      await subscribeJson({ phone: '07911 123458', email: 'vic@example.com', postcode: 'NN1 3AB' }).expect(202);
      await inbound({ From: '+447911123458', Body: 'YES', MessageSid: 'SMyes4' });
      const victimStop = await inbound({ From: '+447911123458', Body: 'STOP', MessageSid: 'SMstop2' });
      expect(victimStop.text).toContain('You will not get any more texts from us about this.');
      expect(await subscriberByPhone('+447911123458')).toMatchObject({ sms_state: 'unsubscribed', email_state: 'pending' });
      expect((await subscriberByPhone('+447911123458')).postcode_enc).not.toBeNull(); // still wanted for email
      const tasks = await service.sql(`SELECT kind FROM officer_tasks WHERE case_id = $1 AND kind = 'read_reply'`, [victimCase.id]);
      expect(tasks).toHaveLength(1);
      const agreement = await http().get(`/v1/cases/${victimCase.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer)).expect(200);
      expect(agreement.body.channels).toEqual(['phone']);
    });
  });

  describe('importing a list', () => {
    it('adds good rows as confirmed subscribers and reports bad ones by row and field, without their contents', async () => {
      const csv = [
        'Email,Phone,Postcode,Consent_Date,Neighbourhood',
        'fay@example.com,07911 123459,NN1 3AB,2025-06-30,',
        ',07911 150001,nn3 2cd,30/06/2025,northtown',
        'not-an-email,,NN1 3AB,2025-06-30,',
        'gus@example.com,01604 888123,NN1 3AB,2025-06-30,',
        'hal@example.com,,ZZ,2025-06-30,',
        'ivy@example.com,,NN1 3AB,2099-01-01,',
        'jo@example.com,,NN1 3AB,yesterday,',
        'kim@example.com,,NN1 3AB,2025-06-30,Nowhere Town',
        'lee@example.com,,SW1A 1AA,2025-06-30,',
        'short@example.com,NN1 3AB',
        ',,NN1 3AB,2025-06-30,',
        'FAY@example.com,,NN1 3AB,2025-06-30,',
        ',07812 345678,NN1 3AB,2025-06-30,',
        'dan@example.com,,NN1 3AB,2025-06-30,',
        '"mo@example.com","07911 150002","NN2 6AA","2025-06-30T12:00:00Z","Semilong"',
        '',
      ].join('\r\n');
      const report = (await importCsv(csv).expect(200)).body;
      expect(report).toMatchObject({ rows: 15, imported: 3, rejectedRows: 9, skippedRows: 3, truncated: false });
      expect(report.rejected).toEqual([
        { row: 4, field: 'email', reason: 'is not a valid email address' },
        { row: 5, field: 'phone', reason: 'is not a UK mobile number' },
        { row: 6, field: 'postcode', reason: 'is not a full UK postcode' },
        { row: 7, field: 'consent_date', reason: expect.stringContaining('future') },
        { row: 8, field: 'consent_date', reason: expect.stringContaining('must be a date') },
        { row: 9, field: 'neighbourhood', reason: 'does not name a neighbourhood' },
        { row: 10, field: 'postcode', reason: expect.stringContaining('not in any neighbourhood') },
        { row: 11, field: 'row', reason: 'has 2 columns; the header has 5' },
        { row: 12, field: 'email', reason: 'needs an email address or a mobile number' },
      ]);
      expect(report.skipped).toEqual([
        { row: 13, reason: 'the same person as row 2' },
        { row: 14, reason: 'unsubscribed before: not added again' },
        { row: 15, reason: 'already subscribed' },
      ]);
      expect(JSON.stringify(report)).not.toMatch(/@|07911|NN1|SW1A|Nowhere/i);

      const fay = await subscriberByEmail('fay@example.com');
      expect(fay).toMatchObject({ email_state: 'confirmed', sms_state: 'confirmed', consent_source: 'import', postcode_sector: 'NN1 3' });
      expect(new Date(fay.consent_at).toISOString()).toBe('2025-06-29T23:00:00.000Z'); // midnight in London (BST)
      const byPhone = await subscriberByPhone('+447911150001');
      expect(byPhone).toMatchObject({ email_state: null, sms_state: 'confirmed' });
      expect((await service.sql('SELECT neighbourhood_id FROM neighbourhood_subscriptions WHERE subscriber_id = $1', [byPhone.id]))[0].neighbourhood_id).toBe(northtown.id);
      expect(await subscriberByEmail('mo@example.com')).toMatchObject({ email_state: 'confirmed', sms_state: 'confirmed' });
      expect((await subscriberByPhone('+447812345678')).sms_state).toBe('unsubscribed'); // not added back
      // Imported people already agreed: no confirmation is sent to them.
      expect(existsSync(join(outboxDir, 'email', `subscriber-confirm-${fay.id}.eml`))).toBe(false);
    });

    it('passes over rows of only commas like blank lines, keeping spreadsheet row numbers (issue 12 item 16)', async () => {
      const csv = [
        'email,phone,postcode,consent_date,neighbourhood',
        ',,,,',
        'nia@example.com,,NN1 3AB,2025-06-30,',
        '',
        ' , ,,,',
        'not-an-email,,NN1 3AB,2025-06-30,',
        ',,,,',
      ].join('\r\n');
      const report = (await importCsv(csv).expect(200)).body;
      expect(report).toMatchObject({ rows: 2, imported: 1, rejectedRows: 1, skippedRows: 0 });
      expect(report.rejected).toEqual([{ row: 6, field: 'email', reason: 'is not a valid email address' }]);
      expect(await subscriberByEmail('nia@example.com')).toMatchObject({ email_state: 'confirmed' });
    });

    it('takes thousands of rows in batches', async () => {
      const rows = Array.from({ length: 3500 }, (_, i) => `bulk${i}@example.com,07911 15${String(1000 + i).padStart(4, '0')},NN1 3AB,2025-01-01`);
      const report = (await importCsv(['email,phone,postcode,consent_date', ...rows].join('\n')).expect(200)).body;
      expect(report).toMatchObject({ rows: 3500, imported: 3500, rejectedRows: 0, skippedRows: 0 });
      const counts = (await asComms(http().get(`/v1/neighbourhoods/${semilong.id}`)).expect(200)).body.subscribers;
      expect(counts.email).toBeGreaterThanOrEqual(3501);
      expect(counts.sms).toBeGreaterThanOrEqual(3501);
    });

    it('refuses a bad upload as a whole with a 400 naming the problem, storing nothing', async () => {
      const before = await count('subscribers');
      expectField(await importCsv('fay2@example.com,07911 123459,NN1 3AB,2025-06-30\n'), 'header');
      expectField(await importCsv('email,phone,postcode\nx@example.com,,NN1 3AB\n'), 'header');
      expectField(await importCsv(''), 'body');
      expectField(await importCsv('email,phone,postcode,consent_date\nok@example.com,,NN1 3AB,2025-06-30\n"x@example.com,,NN1 3AB,2025-06-30\n'), 'body');
      // Not CSV at all: 415, saying what the route takes.
      const json = await http().post('/v1/subscribers/import').set('Authorization', bearer(p.comms)).send({ email: 'x@example.com' }).expect(415);
      expect(json.body.message).toContain('text/csv');
      const echoed = await importCsv('zed@example.com,07911 123459,NN1 3AB,2025-06-30\n');
      expect(JSON.stringify(echoed.body)).not.toMatch(/zed|07911/);
      await importCsv('email,phone,postcode,consent_date\n', p.policeOfficer).expect(403);
      expect(await count('subscribers')).toBe(before);
    });
  });
});
