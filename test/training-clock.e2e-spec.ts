import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ContactLog } from '../src/contacts/contact-log.js';
import { DeliveryService } from '../src/contacts/delivery.service.js';
import { bearer, buildPartnership, complaint, type TestPartnership } from './support/partnership.js';
import { createDatabase, startTestService, type TestService } from './support/test-service.js';

const MONDAY_10AM = new Date('2026-11-23T10:00:00Z'); // London is on GMT in November
const HOUR = 3_600_000;

/**
 * Issue 13: in the training sandbox every piece of scheduled work follows the training clock
 * (the print run at PRINT_BATCH_TIME, the hourly missed-deadline check), and the clock carries
 * on where officers moved it after a restart.
 */
describe('the training clock drives scheduled work and survives a restart', () => {
  const encryptionKey = randomBytes(32).toString('base64');
  let databaseUrl: string;
  let service: TestService;
  let p: TestPartnership;

  const moveClock = (to: Date) =>
    service.http().post('/v1/training/clock').set('Authorization', bearer(p.policeSupervisor)).send({ now: to.toISOString() }).expect(200);
  const readClock = async () => new Date((await service.http().get('/v1/training/clock').set('Authorization', bearer(p.policeSupervisor)).expect(200)).body.now);
  const start = () =>
    startTestService('embedded', { OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'asb-training-clock-')), PRINT_BATCH_TIME: '15:30' }, undefined, undefined, { databaseUrl, encryptionKey });

  beforeAll(async () => {
    databaseUrl = await createDatabase('embedded');
    service = await start();
    service.clock.travelTo(MONDAY_10AM);
    p = await buildPartnership(service);
  });
  afterAll(() => service?.stop());

  it('makes the print run when a move passes PRINT_BATCH_TIME on a weekday, and not before', async () => {
    const c = (await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id)).expect(201)).body;
    const letter = await service.app.get(ContactLog).create({ caseId: c.id, purpose: 'acknowledgement', channel: 'letter', dueAt: service.clock.now() }, service.manager);
    expect(await service.app.get(DeliveryService).deliver(letter.id)).toBe('awaiting_print');
    const runs = async () => (await service.sql<{ n: number }>('SELECT count(*)::int AS n FROM print_batches'))[0].n;

    await moveClock(new Date(MONDAY_10AM.getTime() + 5 * HOUR)); // 15:00: not yet
    expect((await service.app.get(ContactLog).find(letter.id))!.status).toBe('awaiting_print');
    expect(await runs()).toBe(0);

    await moveClock(new Date(MONDAY_10AM.getTime() + 6 * HOUR)); // 16:00: 15:30 has passed
    expect(await service.app.get(ContactLog).find(letter.id)).toMatchObject({ status: 'sent' });
    expect(await runs()).toBe(1);
    const timeline = await service.app.get(ContactLog).timeline(letter.id);
    expect(timeline.at(-1)).toMatchObject({ status: 'sent', reason: 'printed for posting' });
  });

  it('notes a missed first-response deadline when a move passes it', async () => {
    const c = (await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id)).expect(201)).body;
    const missed = async () => {
      const detail = await service.http().get(`/v1/cases/${c.id}`).set('Authorization', bearer(p.policeOfficer)).expect(200);
      return detail.body.history.filter((e: { type: string }) => e.type === 'response_deadline_missed').length;
    };
    expect(await missed()).toBe(0);
    await moveClock(new Date(service.clock.now().getTime() + 2 * HOUR)); // within the deadline
    expect(await missed()).toBe(0);
    const due = new Date(c.responseDueAt);
    await moveClock(new Date(Math.max(due.getTime(), service.clock.now().getTime()) + 2 * HOUR));
    expect(await missed()).toBe(1);
  });

  it('carries on from the moved time after a restart on the same database', async () => {
    const target = new Date(service.clock.now().getTime() + 30 * 24 * HOUR);
    await moveClock(target);
    await service.stop();
    service = await start(); // a new instance: real time unless the move was kept
    const now = await readClock();
    expect(now.getTime()).toBeGreaterThanOrEqual(target.getTime());
    expect(now.getTime() - target.getTime()).toBeLessThan(5 * 60_000); // it ran on in real time meanwhile
  });
});
