import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, officers and keys; victims, cases, incidents, risk, history, sharing, audit. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        code text NOT NULL UNIQUE,
        phone text,
        email text,
        website text,
        address text[],
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE officers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        name text NOT NULL,
        email text NOT NULL,
        phone text,
        role text NOT NULL CHECK (role IN ('officer', 'supervisor', 'comms', 'admin')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX officers_organisation ON officers (organisation_id);
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        officer_id uuid NOT NULL REFERENCES officers(id),
        key_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE victims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name_enc bytea NOT NULL,
        phone_enc bytea,
        email_enc bytea,
        address_enc bytea,
        date_of_birth_enc bytea,
        phone_hash text,
        email_hash text,
        name_postcode_hash text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX victims_phone_hash ON victims (phone_hash) WHERE phone_hash IS NOT NULL;
      CREATE INDEX victims_email_hash ON victims (email_hash) WHERE email_hash IS NOT NULL;
      CREATE INDEX victims_name_postcode_hash ON victims (name_postcode_hash) WHERE name_postcode_hash IS NOT NULL;
      CREATE SEQUENCE case_reference_seq;
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        victim_id uuid NOT NULL REFERENCES victims(id),
        lead_organisation_id uuid NOT NULL REFERENCES organisations(id),
        spoc_officer_id uuid REFERENCES officers(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        risk_level text NOT NULL CHECK (risk_level IN ('standard', 'medium', 'high')),
        vulnerable boolean NOT NULL,
        repeat_victim boolean NOT NULL,
        reported_at timestamptz NOT NULL,
        received_on date NOT NULL,
        response_due_at timestamptz NOT NULL,
        responded_at timestamptz,
        response_breach_noted_at timestamptz,
        created_by uuid NOT NULL REFERENCES officers(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX cases_lead_organisation ON cases (lead_organisation_id, status);
      CREATE INDEX cases_spoc ON cases (spoc_officer_id);
      CREATE INDEX cases_awaiting_response ON cases (response_due_at) WHERE responded_at IS NULL;
      CREATE TABLE case_shares (
        case_id uuid NOT NULL REFERENCES cases(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        shared_by uuid NOT NULL REFERENCES officers(id),
        shared_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, organisation_id)
      );
      CREATE INDEX case_shares_organisation ON case_shares (organisation_id);
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        victim_id uuid NOT NULL REFERENCES victims(id),
        description_enc bytea NOT NULL,
        category text NOT NULL CHECK (category IN ('personal', 'nuisance', 'environmental')),
        hate_motivated boolean NOT NULL,
        postcode_enc bytea NOT NULL,
        postcode_district text NOT NULL,
        occurred_at timestamptz,
        reported_at timestamptz NOT NULL,
        recorded_by uuid NOT NULL REFERENCES officers(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX incidents_case ON incidents (case_id);
      CREATE INDEX incidents_victim_reported ON incidents (victim_id, reported_at);
      CREATE TABLE risk_assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        answers_enc bytea NOT NULL,
        score integer NOT NULL,
        level text NOT NULL,
        vulnerable boolean NOT NULL,
        questionnaire_version text NOT NULL,
        assessed_by uuid NOT NULL REFERENCES officers(id),
        assessed_at timestamptz NOT NULL
      );
      CREATE INDEX risk_assessments_case ON risk_assessments (case_id, assessed_at);
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        type text NOT NULL,
        at timestamptz NOT NULL,
        officer_id uuid REFERENCES officers(id),
        detail jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX case_events_case ON case_events (case_id, at);
      CREATE TABLE audit_entries (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        officer_id uuid NOT NULL REFERENCES officers(id),
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        action text NOT NULL,
        case_id uuid REFERENCES cases(id),
        victim_id uuid REFERENCES victims(id),
        fields text[] NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_entries_case ON audit_entries (case_id, at);
      CREATE INDEX audit_entries_at ON audit_entries (at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_entries, case_events, risk_assessments, incidents, case_shares, cases, victims,
        api_keys, officers, organisations;
      DROP SEQUENCE case_reference_seq;
    `);
  }
}
