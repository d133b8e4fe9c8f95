import { PersonalDataCipher } from '../../src/privacy/personal-data-cipher.js';
import { SAFETY, bearer, buildPartnership, complaint, type TestPartnership } from './partnership.js';
import type { TestService } from './test-service.js';

/** Texts at any hour, so tests do not depend on the time of day they run at. */
const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '23:59' };

/**
 * One case whose victim agreed to `channel`, and `count` updates to them due now, each with
 * its own words (`Message 17 of 2000`) so a provider's copy can be matched to its contact.
 */
export async function bulkContacts(service: TestService, count: number, channel: 'sms' | 'email' = 'sms', partnership?: TestPartnership) {
  const p = partnership ?? (await buildPartnership(service));
  const opened = await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer))
    .send(complaint(p.police.id, { victim: { name: 'Bulk Victim', phone: '07911 123456', email: 'bulk@example.com' } })).expect(201);
  const caseId: string = opened.body.id;
  // Marked planned before the agreement is recorded, so a running planner never plans its first
  // contacts (an acknowledgement would be one message more than the test counts).
  await service.sql('UPDATE cases SET contact_planned_at = now() WHERE id = $1', [caseId]);
  await service.http().put(`/v1/cases/${caseId}/contact-agreement`).set('Authorization', bearer(p.policeOfficer))
    .send({ ...SAFETY, channels: [channel], cadence: { every: 90, unit: 'days' }, safeWindows: { sms: ALWAYS, phone: ALWAYS } }).expect(200);
  const cipher = service.app.get(PersonalDataCipher);
  const data = Array.from({ length: count }, (_, i) => cipher.sealJson({ update: { message: `Message ${i + 1} of ${count}` } }));
  await service.sql(
    `WITH made AS (
       INSERT INTO contacts (case_id, purpose, channel, status, due_at, data_enc)
       SELECT $1, 'update', $2, 'scheduled', now() - interval '1 minute', unnest($3::bytea[]) RETURNING id)
     INSERT INTO contact_events (contact_id, at, status) SELECT id, now(), 'scheduled' FROM made`,
    [caseId, channel, data],
  );
  return { caseId, partnership: p };
}

export async function statusCounts(service: TestService, caseId: string): Promise<Record<string, number>> {
  const rows = await service.sql<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM contacts WHERE case_id = $1 AND purpose = 'update' AND data_enc IS NOT NULL GROUP BY status`,
    [caseId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
