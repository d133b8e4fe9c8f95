// Bulk seeding for the dashboard benchmark (one victim in 50 shares a name and postcode with another): cases, victims, incidents, contacts and surveys made
// in a handful of INSERT ... SELECT generate_series statements (seconds, not minutes).
import type { TestService } from '../test/support/test-service.js';

export interface DashboardSeed {
  cases: number;
  contacts: number;
  /** The organisation leading half the cases; `partner` leads a quarter (a fifth of them shared with it), others the rest. */
  organisationId: string;
  partnerId: string;
  officerId: string;
  /** Any sealed bytes: the dashboard never reads them. */
  sealed: Buffer;
}

/** Cases over the last 12 weeks with a realistic spread of risk, responses, updates, contacts and surveys. */
export async function seedDashboard(service: TestService, seed: DashboardSeed): Promise<void> {
  const perCase = Math.ceil(seed.contacts / seed.cases);
  await service.sql(`DROP TABLE IF EXISTS bench_seed`);
  await service.sql(
    `CREATE TABLE bench_seed AS
       SELECT i, gen_random_uuid() AS case_id, gen_random_uuid() AS victim_id,
              now() - ((i % 84) || ' days')::interval - ((i % 9) || ' hours')::interval AS reported_at,
              CASE WHEN i % 10 = 0 THEN 'high' WHEN i % 10 < 4 THEN 'medium' ELSE 'standard' END AS risk_level,
              CASE WHEN i % 2 = 0 THEN $1::uuid WHEN i % 4 = 1 THEN $2::uuid
                   ELSE (SELECT id FROM organisations WHERE code IN ('SDC', 'RVH') ORDER BY code LIMIT 1 OFFSET (i / 4) % 2) END AS lead
         FROM generate_series(1, $3::int) AS i`,
    [seed.organisationId, seed.partnerId, seed.cases],
  );
  await service.sql(
    `INSERT INTO victims (id, name_enc, phone_hash, email_hash, name_postcode_hash)
     SELECT victim_id, $1, 'bench-phone-' || i, 'bench-email-' || i, 'bench-name-' || CASE WHEN i % 100 < 2 THEN 'pair-' || (i / 100) ELSE i::text END FROM bench_seed`,
    [seed.sealed],
  );
  await service.sql(
    `INSERT INTO cases (id, reference, victim_id, lead_organisation_id, spoc_officer_id, status, risk_level, vulnerable, repeat_victim,
                        reported_at, received_on, response_due_at, responded_at, created_by, update_overdue_since, contact_agreed_at, contact_planned_at)
     SELECT case_id, 'ASB-BENCH-' || lpad(i::text, 6, '0'), victim_id, lead, $1, CASE WHEN i % 5 = 0 THEN 'closed' ELSE 'open' END, risk_level,
            i % 7 = 0, i % 11 = 0, reported_at, (reported_at AT TIME ZONE 'Europe/London')::date,
            reported_at + CASE WHEN risk_level = 'high' THEN interval '1 day' ELSE interval '7 days' END,
            CASE WHEN i % 20 < 14 THEN reported_at + interval '5 hours' WHEN i % 20 < 17 THEN reported_at + interval '9 days' END,
            $1, CASE WHEN i % 19 = 0 THEN now() - interval '2 days' END, reported_at, reported_at
       FROM bench_seed`,
    [seed.officerId],
  );
  await service.sql(
    `INSERT INTO case_shares (case_id, organisation_id, shared_by) SELECT case_id, $1, $2 FROM bench_seed WHERE lead = $3 AND i % 20 = 1`,
    [seed.organisationId, seed.officerId, seed.partnerId],
  );
  await service.sql(
    `INSERT INTO incidents (case_id, victim_id, description_enc, category, hate_motivated, postcode_enc, postcode_district, reported_at, recorded_by)
     SELECT case_id, victim_id, $1, 'nuisance', i % 50 = 1, $1, 'NN' || (i % 40), reported_at, $2 FROM bench_seed`,
    [seed.sealed, seed.officerId],
  );
  // Contacts: channels and outcomes in proportion; every 25th failure is replaced on another channel.
  await service.sql(
    `INSERT INTO contacts (case_id, purpose, channel, status, due_at, data_enc)
     SELECT s.case_id, CASE WHEN n = 1 THEN 'acknowledgement' ELSE 'update' END,
            (ARRAY['sms', 'email', 'letter', 'phone'])[1 + (s.i + n) % 4],
            CASE WHEN n = $2 THEN 'scheduled' ELSE (ARRAY['delivered', 'delivered', 'delivered', 'sent', 'failed', 'delivered', 'queued'])[1 + (s.i * 3 + n) % 7] END,
            s.reported_at + (n * 7 || ' days')::interval, $1
       FROM bench_seed s, generate_series(1, $2::int) AS n`,
    [seed.sealed, perCase],
  );
  await service.sql(
    `INSERT INTO contacts (case_id, purpose, channel, status, due_at, replaces_contact_id)
     SELECT k.case_id, k.purpose, CASE WHEN k.channel = 'sms' THEN 'email' ELSE 'sms' END, 'delivered', k.due_at + interval '1 hour', k.id
       FROM (SELECT k.*, row_number() OVER (ORDER BY k.id) AS r FROM contacts k JOIN bench_seed s ON s.case_id = k.case_id WHERE k.status = 'failed') k
      WHERE k.r % 25 = 0`,
  );
  // Surveys for a third of the cases, half of them answered, scores 1 to 5.
  await service.sql(
    `INSERT INTO surveys (case_id, kind, token_hash, organisation_id, risk_level, sent_at, expires_at, answered_at, answered_via, overall, kept_informed)
     SELECT case_id, 'mid_case', decode(md5('bench-survey-' || i), 'hex'), lead, risk_level, reported_at + interval '28 days', reported_at + interval '56 days',
            CASE WHEN i % 2 = 0 THEN reported_at + interval '30 days' END, CASE WHEN i % 2 = 0 THEN 'link' END,
            CASE WHEN i % 2 = 0 THEN 1 + i % 5 END, CASE WHEN i % 2 = 0 THEN 1 + (i / 3) % 5 END
       FROM bench_seed WHERE i % 3 = 0`,
  );
  await service.sql(`DROP TABLE bench_seed`);
  await service.sql(`ANALYZE`);
}
