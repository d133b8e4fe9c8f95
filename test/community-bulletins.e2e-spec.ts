import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BulletinFanOut } from '../src/community/bulletins/bulletin-fan-out.js';
import { PersonalDataCipher } from '../src/privacy/personal-data-cipher.js';
import { Outbox, pdfText } from './support/outbox.js';
import { bearer, buildPartnership, complaint, TestPartnership } from './support/partnership.js';
import { startTestService, TestService } from './support/test-service.js';
import { waitFor } from './support/wait.js';

const content = (overrides: Record<string, unknown> = {}) => ({
  headline: 'Fewer problems at Mill Court',
  summary: 'Evening patrols have cut reports by half. Here is what happens next.',
  sections: [{ heading: 'What changed', body: 'Since October, patrols have visited the car park every evening.' }],
  whatWeAreDoing: ['Evening patrols until March', 'New lighting in the car park'],
  howToReport: 'Call 101, or report online. In an emergency call 999.',
  contactNumbers: [{ label: 'Police non-emergency', number: '101' }],
  ...overrides,
});

describe('neighbourhood bulletins', () => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'asb-bulletins-outbox-'));
  const outbox = new Outbox(outboxDir);
  let service: TestService;
  let p: TestPartnership;
  let millCourt: string;
  let riverside: string;

  /** A subscriber as the subscribe flow leaves them: sealed details, per-channel state. */
  const subscriber = async (neighbourhoodId: string, details: { email?: string; phone?: string }, state: 'confirmed' | 'pending' = 'confirmed') => {
    const cipher = service.app.get(PersonalDataCipher);
    const [row] = await service.sql<{ id: string }>(
      `INSERT INTO subscribers (email_enc, phone_enc, email_hash, phone_hash, postcode_sector, email_state, sms_state, consent_source, consent_at)
       VALUES ($1, $2, $3, $4, 'NN1 3', $5, $6, 'web', now()) RETURNING id`,
      [
        details.email ? cipher.seal(details.email) : null, details.phone ? cipher.seal(details.phone) : null,
        details.email ? cipher.matchHash(`email:${details.email}`) : null, details.phone ? cipher.matchHash(`phone:${details.phone}`) : null,
        details.email ? state : null, details.phone ? state : null,
      ],
    );
    await service.sql('INSERT INTO neighbourhood_subscriptions (neighbourhood_id, subscriber_id, subscribed_at) VALUES ($1, $2, now())', [neighbourhoodId, row.id]);
    return row.id;
  };
  const draft = (body: Record<string, unknown>) => service.http().post('/v1/bulletins').set('Authorization', bearer(p.comms)).send(body);
  const progress = async (id: string) => (await service.http().get(`/v1/bulletins/${id}`).set('Authorization', bearer(p.comms)).expect(200)).body;

  beforeAll(async () => {
    service = await startTestService('embedded', { OUTBOX_DIR: outboxDir, PUBLIC_BASE_URL: 'https://asb.example.gov.uk' }, undefined, undefined, { schedule: true });
    p = await buildPartnership(service);
    const admin = `Bearer ${service.adminKey}`;
    millCourt = (await service.http().post('/v1/neighbourhoods').set('Authorization', admin)
      .send({ name: 'Mill Court', areas: ['NN1 3'], streets: [{ name: 'Mill Road', addresses: 120 }, { name: 'Court Lane', addresses: 45 }] }).expect(201)).body.id;
    riverside = (await service.http().post('/v1/neighbourhoods').set('Authorization', admin).send({ name: 'Riverside', areas: ['NN5'] }).expect(201)).body.id;
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('goes, once approved by someone else, to every confirmed subscriber and nobody else, with progress', async () => {
    const ana = await subscriber(millCourt, { email: 'ana@example.com' });
    const bo = await subscriber(millCourt, { phone: '+447911123456' });
    await subscriber(millCourt, { email: 'pending@example.com' }, 'pending');
    await subscriber(riverside, { email: 'elsewhere@example.com' });
    const created = await draft({ type: 'newsletter', neighbourhoodIds: [millCourt], content: content() }).expect(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', progress: null });

    // Not approved: cannot go. The drafter cannot approve their own.
    await service.http().post(`/v1/bulletins/${id}/send`).set('Authorization', bearer(p.comms)).send({}).expect(409);
    const self = await service.http().post(`/v1/bulletins/${id}/approve`).set('Authorization', bearer(p.comms)).expect(403);
    expect(self.body.message).toMatch(/someone other than/);
    await service.http().post(`/v1/bulletins/${id}/approve`).set('Authorization', bearer(p.policeOfficer)).expect(403); // case officers do not approve
    await service.http().post(`/v1/bulletins/${id}/approve`).set('Authorization', bearer(p.councilSupervisor)).expect(200);

    const sent = await service.http().post(`/v1/bulletins/${id}/send`).set('Authorization', bearer(p.comms)).send({}).expect(202);
    expect(sent.body).toMatchObject({ status: 'sending', recipients: 2 });
    const done = await waitFor(async () => {
      const b = await progress(id);
      return b.progress.delivered === 2 && b;
    }, 20_000, 'the bulletin to be delivered');
    expect(done.progress).toMatchObject({ recipients: 2, queued: 0, failed: 0, unsubscribedSince: 0 });

    const deliveries = (await service.http().get(`/v1/bulletins/${id}/deliveries`).set('Authorization', bearer(p.comms)).expect(200)).body;
    expect(deliveries.map((d: { subscriberId: string; channel: string; status: string }) => `${d.subscriberId}:${d.channel}:${d.status}`).sort())
      .toEqual([`${ana}:email:delivered`, `${bo}:sms:delivered`].sort());
    expect(JSON.stringify(deliveries)).not.toMatch(/ana@example|7911123456/);

    const mail = await outbox.email(`bulletin-${(await service.sql<{ id: string }>(`SELECT id FROM bulletin_deliveries WHERE subscriber_id = $1`, [ana]))[0].id}`);
    expect(mail.subject).toContain('Fewer problems at Mill Court');
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
    const unsubscribe = header('list-unsubscribe')!;
    expect(unsubscribe).toMatch(new RegExp(`^<https://asb\\.example\\.gov\\.uk/p/unsubscribe/${ana}\\.`));
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toContain(unsubscribe.slice(1, -1));
    const [smsDelivery] = await service.sql<{ id: string }>(`SELECT id FROM bulletin_deliveries WHERE subscriber_id = $1`, [bo]);
    const text = await outbox.sms(`bulletin-${smsDelivery.id}`);
    expect(text.body).toContain('Fewer problems at Mill Court');
    // The default sender CSP cannot receive STOP, so each text carries its recipient's own unsubscribe link.
    expect(text.body).not.toMatch(/Reply STOP/);
    expect(text.body).toMatch(new RegExp(`To stop these texts: https://asb\\.example\\.gov\\.uk/p/unsubscribe/${bo}\\.[A-Za-z0-9_-]{32}$`));

    // Someone who unsubscribes afterwards shows in the progress.
    await service.sql(`UPDATE subscribers SET email_state = 'unsubscribed', email_unsubscribed_at = now() + interval '1 second' WHERE id = $1`, [ana]);
    expect((await progress(id)).progress.unsubscribedSince).toBe(1);
    await waitFor(async () => (await progress(id)).status === 'sent', 20_000, 'the bulletin to be marked sent');
  });

  it('reaches a resident who subscribed and confirmed, and stops the moment they unsubscribe', async () => {
    const ward = (await service.http().post('/v1/neighbourhoods').set('Authorization', bearer(p.comms)).send({ name: 'Castle Ward', areas: ['NN2 7'] }).expect(201)).body.id;
    await service.http().post('/p/subscribe').send({ email: 'resident@example.com', postcode: 'NN2 7AB' }).expect(202);
    const [{ id: resident }] = await service.sql<{ id: string }>(`SELECT id FROM subscribers WHERE postcode_sector = 'NN2 7'`);
    const confirmation = await outbox.email(`subscriber-confirm-${resident}`);
    const confirmLink = /https:\/\/asb\.example\.gov\.uk(\/p\/subscribe\/confirm\/\S+)/.exec(confirmation.text!)![1];

    const newsletter = async (headline: string) => {
      const id = (await draft({ type: 'newsletter', neighbourhoodIds: [ward], content: content({ headline }) }).expect(201)).body.id;
      await service.http().post(`/v1/bulletins/${id}/approve`).set('Authorization', bearer(p.councilSupervisor)).expect(200);
      return (await service.http().post(`/v1/bulletins/${id}/send`).set('Authorization', bearer(p.comms)).send({}).expect(202)).body;
    };
    // Not confirmed yet: nothing.
    expect((await newsletter('Before confirming')).recipients).toBe(0);

    await service.http().post(confirmLink).type('form').send({}).expect(200);
    const sent = await newsletter('Castle Ward news');
    expect(sent.recipients).toBe(1);
    await waitFor(async () => (await progress(sent.id)).progress.delivered === 1, 20_000, 'the newsletter to arrive');
    const [delivery] = await service.sql<{ id: string }>('SELECT id FROM bulletin_deliveries WHERE bulletin_id = $1', [sent.id]);
    const mail = await outbox.email(`bulletin-${delivery.id}`);
    expect(mail.subject).toContain('Castle Ward news');

    // One click from the mail program (RFC 8058), then nothing more.
    const unsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/^[^<]*<https:\/\/asb\.example\.gov\.uk|>$/g, '');
    await service.http().post(unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await progress(sent.id)).progress.unsubscribedSince).toBe(1);
    expect((await newsletter('After unsubscribing')).recipients).toBe(0);
  });

  it('refuses content holding the details of a victim known in the area, naming the field', async () => {
    await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
      .send(complaint(p.police.id, { victim: { name: 'Winifred Blackwood', phone: '07911 777888', address: ['7 Mill Road', 'Northampton', 'NN1 3AB'] } })).expect(201);
    const leaky = await draft({
      type: 'newsletter', neighbourhoodIds: [millCourt],
      content: content({ sections: [{ heading: 'Mill Road', body: 'Thanks to winifred blackwood for her reports.' }], howToReport: 'Call 07911 777 888' }),
    }).expect(400);
    expect(leaky.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(expect.arrayContaining([
      'content.sections[0].body:personalDetails', 'content.howToReport:personalDetails',
    ]));
    expect(JSON.stringify(leaky.body)).not.toMatch(/Winifred|777|victim|known to the service/i);
    // The name in words about another area is not that victim's area (a phone number is refused anywhere).
    await draft({ type: 'newsletter', neighbourhoodIds: [riverside], content: content({ howToReport: 'Thanks to Winifred Blackwood for her reports.' }) }).expect(201);
  });

  it('sends at the chosen time, and can be cancelled before', async () => {
    await subscriber(riverside, { email: 'later@example.com' });
    const id = (await draft({ type: 'newsletter', neighbourhoodIds: [riverside], content: content({ headline: 'Later news' }) }).expect(201)).body.id;
    await service.http().post(`/v1/bulletins/${id}/approve`).set('Authorization', bearer(p.councilSupervisor)).expect(200);
    const later = new Date(service.clock.now().getTime() + 3_600_000).toISOString();
    const scheduled = await service.http().post(`/v1/bulletins/${id}/send`).set('Authorization', bearer(p.comms)).send({ at: later }).expect(202);
    expect(scheduled.body).toMatchObject({ status: 'approved', sendAt: later, progress: null });
    // Another, not cancelled, due at the same time: the same pass must send it.
    const kept = (await draft({ type: 'newsletter', neighbourhoodIds: [riverside], content: content({ headline: 'Still going' }) }).expect(201)).body.id;
    await service.http().post(`/v1/bulletins/${kept}/approve`).set('Authorization', bearer(p.councilSupervisor)).expect(200);
    await service.http().post(`/v1/bulletins/${kept}/send`).set('Authorization', bearer(p.comms)).send({ at: later }).expect(202);
    const cancelled = await service.http().post(`/v1/bulletins/${id}/cancel`).set('Authorization', bearer(p.comms)).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    service.clock.travelTo(new Date(Date.parse(later) + 60_000));
    // The fan-out pass itself, at once, instead of waiting for the engine's 10-second one.
    await service.app.get(BulletinFanOut).fanOutDue();
    expect((await progress(kept)).status).toMatch(/^(sending|sent)$/);
    expect((await progress(kept)).recipients).toBeGreaterThanOrEqual(1);
    expect((await progress(id)).progress).toBeNull();
    expect((await progress(id)).status).toBe('cancelled');
    expect(await service.sql('SELECT 1 FROM bulletin_deliveries WHERE bulletin_id = $1', [id])).toEqual([]);
  });

  it('prints a door-drop run sheet and the leaflet two to a sheet, and a street briefing poster', async () => {
    const leaflet = (await draft({ type: 'leaflet', neighbourhoodIds: [millCourt], content: content() }).expect(201)).body.id;
    const pdf = await service.http().get(`/v1/bulletins/${leaflet}/print.pdf?layout=a5`).set('Authorization', bearer(p.comms))
      .buffer(true).parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))); }).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const read = await pdfText(pdf.body as Buffer);
    expect(read.text).toContain('Mill Road');
    expect(read.text).toContain('120');
    expect(read.text).toContain('Fewer problems at Mill Court');

    const briefing = await draft({
      type: 'street_briefing', neighbourhoodIds: [millCourt],
      content: content({ headline: 'Come and meet us', briefing: { where: "St Mary's Church Hall, Mill Road", when: '2026-12-10T18:30:00Z', who: ['Northtown Council ASB team'] } }),
    }).expect(201);
    const poster = await service.http().get(`/v1/bulletins/${briefing.body.id}/poster.pdf`).set('Authorization', bearer(p.comms))
      .buffer(true).parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))); }).expect(200);
    expect((await pdfText(poster.body as Buffer)).text).toContain("St Mary's Church Hall");
    await service.http().get(`/v1/bulletins/${leaflet}/poster.pdf`).set('Authorization', bearer(p.comms)).expect(400);
  });

  it('previews the email and the text before anything is sent', async () => {
    const id = (await draft({ type: 'newsletter', neighbourhoodIds: [millCourt], content: content() }).expect(201)).body.id;
    const email = (await service.http().get(`/v1/bulletins/${id}/preview?channel=email`).set('Authorization', bearer(p.comms)).expect(200)).body;
    expect(email.html).toContain('Fewer problems at Mill Court');
    expect(email.html).not.toContain('%%UNSUBSCRIBE_URL%%');
    const sms = (await service.http().get(`/v1/bulletins/${id}/preview?channel=sms`).set('Authorization', bearer(p.comms)).expect(200)).body;
    expect(sms.fragments).toBeLessThanOrEqual(3);
    await service.http().get(`/v1/bulletins/${id}/preview?channel=fax`).set('Authorization', bearer(p.comms)).expect(400);
  });

  it('refuses bad bulletins naming the field, and stores nothing', async () => {
    const before = (await service.sql<{ n: number }>('SELECT count(*)::int AS n FROM bulletins'))[0].n;
    const unknown = await draft({ type: 'newsletter', neighbourhoodIds: ['4f1d2c3b-0000-4000-8000-000000000000'], content: content() }).expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'neighbourhoodIds[0]', rule: 'exists' });
    const empty = await draft({ type: 'newsletter', neighbourhoodIds: [millCourt], content: content({ headline: '', sections: [] }) }).expect(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['content.headline', 'content.sections']));
    const noBriefing = await draft({ type: 'street_briefing', neighbourhoodIds: [millCourt], content: content() }).expect(400);
    expect(noBriefing.body.errors[0]).toMatchObject({ field: 'content.briefing', rule: 'required' });
    const shape = await draft({ type: 'pamphlet', neighbourhoodIds: [], content: 'hello' }).expect(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['type', 'neighbourhoodIds']));
    await service.http().post('/v1/bulletins').set('Authorization', bearer(p.policeOfficer)).send({ type: 'newsletter', neighbourhoodIds: [millCourt], content: content() }).expect(403);
    expect((await service.sql<{ n: number }>('SELECT count(*)::int AS n FROM bulletins'))[0].n).toBe(before);
  });
});
