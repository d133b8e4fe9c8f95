import twilio from 'twilio';
import { PersonalDataCipher } from '../src/privacy/personal-data-cipher.js';
import { FakeTwilio } from './support/fake-twilio.js';
import { bearer, buildPartnership, TestPartnership } from './support/partnership.js';
import { startTestService, TestService } from './support/test-service.js';
import { waitFor } from './support/wait.js';

const AUTH_TOKEN = 'bulletin-reports-token';
const PUBLIC_BASE_URL = 'https://asb.example.gov.uk';

/** A bulletin text's delivery report that beats Twilio's answer is kept and applied, as for victims' texts. */
describe('bulletin delivery reports (fake Twilio, real PostgreSQL)', () => {
  const fakeTwilio = new FakeTwilio();
  let service: TestService;
  let p: TestPartnership;

  beforeAll(async () => {
    await fakeTwilio.start();
    service = await startTestService(
      'embedded',
      { MODE: 'live', TWILIO_ACCOUNT_SID: 'AC' + '9a'.repeat(16), TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL },
      undefined,
      fakeTwilio.httpClient(),
      { schedule: true },
    );
    p = await buildPartnership(service);
  });
  afterAll(async () => {
    await service?.stop();
    await fakeTwilio.stop();
  });

  it('fails the delivery with the code from a report posted before messages.create answered', async () => {
    const admin = `Bearer ${service.adminKey}`;
    const area = (await service.http().post('/v1/neighbourhoods').set('Authorization', admin).send({ name: 'Early Court', areas: ['NN1 3'] }).expect(201)).body.id;
    const cipher = service.app.get(PersonalDataCipher);
    const [row] = await service.sql<{ id: string }>(
      `INSERT INTO subscribers (phone_enc, phone_hash, postcode_sector, sms_state, consent_source, consent_at)
       VALUES ($1, $2, 'NN1 3', 'confirmed', 'web', now()) RETURNING id`,
      [cipher.seal('+447911123456'), cipher.matchHash('phone:+447911123456')],
    );
    await service.sql('INSERT INTO neighbourhood_subscriptions (neighbourhood_id, subscriber_id, subscribed_at) VALUES ($1, $2, now())', [area, row.id]);
    fakeTwilio.beforeAnswer = async (sms) => {
      const params = { MessageSid: sms.sid, MessageStatus: 'undelivered', ErrorCode: '30005' };
      await service.http().post('/v1/webhooks/twilio/status').type('form')
        .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/v1/webhooks/twilio/status`, params))
        .send(params).expect(204);
    };
    const content = {
      headline: 'Fewer problems at Early Court',
      summary: 'Evening patrols have cut reports by half. Here is what happens next.',
      sections: [{ heading: 'What changed', body: 'Since October, patrols have visited the car park every evening.' }],
      whatWeAreDoing: ['Evening patrols until March'],
      howToReport: 'Call 101, or report online. In an emergency call 999.',
      contactNumbers: [{ label: 'Police non-emergency', number: '101' }],
    };
    const id = (await service.http().post('/v1/bulletins').set('Authorization', bearer(p.comms)).send({ type: 'newsletter', neighbourhoodIds: [area], content }).expect(201)).body.id;
    await service.http().post(`/v1/bulletins/${id}/approve`).set('Authorization', bearer(p.councilSupervisor)).expect(200);
    await service.http().post(`/v1/bulletins/${id}/send`).set('Authorization', bearer(p.comms)).send({}).expect(202);
    const deliveries = await waitFor(async () => {
      const rows = await service.sql<{ status: string; failure_reason: string | null; provider_message_id: string | null }>(
        'SELECT status, failure_reason, provider_message_id FROM bulletin_deliveries WHERE bulletin_id = $1', [id]);
      return rows.length === 1 && rows[0].status === 'failed' && rows;
    }, 20_000, 'the kept report to fail the delivery');
    expect(deliveries[0]).toEqual({ status: 'failed', failure_reason: 'twilio_30005', provider_message_id: fakeTwilio.received.at(-1)!.sid });
    expect(await service.sql('SELECT 1 FROM early_delivery_reports')).toEqual([]);
  });
});
