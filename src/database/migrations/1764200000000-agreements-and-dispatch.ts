import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Contact agreements, dispatch bookkeeping, provider rate counters, idempotency, inbound texts. */
export class AgreementsAndDispatch1764200000000 implements MigrationInterface {
  name = 'AgreementsAndDispatch1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE contact_agreements (
        case_id uuid PRIMARY KEY REFERENCES cases(id),
        channels text[] NOT NULL,
        cadence_every integer NOT NULL,
        cadence_unit text NOT NULL CHECK (cadence_unit IN ('days', 'workingDays')),
        safe_windows jsonb NOT NULL,
        discreet boolean NOT NULL DEFAULT false,
        letters_to_home boolean NOT NULL DEFAULT true,
        voicemail_safe boolean NOT NULL DEFAULT false,
        large_print boolean NOT NULL DEFAULT false,
        consents jsonb NOT NULL DEFAULT '[]',
        recorded_by uuid REFERENCES officers(id),
        updated_at timestamptz NOT NULL
      );
      ALTER TABLE contacts
        ADD COLUMN first_attempt_at timestamptz,
        ADD COLUMN replaces_contact_id uuid REFERENCES contacts(id),
        ADD COLUMN reminded_at timestamptz;
      ALTER TABLE cases ADD COLUMN contact_planned_at timestamptz, ADD COLUMN update_overdue_since timestamptz;
      CREATE INDEX cases_awaiting_plan ON cases (created_at) WHERE contact_planned_at IS NULL;
      CREATE INDEX contacts_due ON contacts (due_at) WHERE status = 'scheduled';
      CREATE INDEX contacts_status ON contacts (status, due_at);
      ALTER TABLE officer_tasks DROP CONSTRAINT officer_tasks_kind_check;
      ALTER TABLE officer_tasks ADD CONSTRAINT officer_tasks_kind_check
        CHECK (kind IN ('phone', 'in_person', 'check_contact_details', 'write_update', 'read_reply'));
      CREATE UNLOGGED TABLE provider_rate (
        provider text NOT NULL,
        second bigint NOT NULL,
        sent integer NOT NULL,
        PRIMARY KEY (provider, second)
      );
      CREATE TABLE idempotency_keys (
        key text NOT NULL,
        officer_id uuid NOT NULL REFERENCES officers(id),
        route text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (officer_id, route, key)
      );
      CREATE TABLE inbound_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid REFERENCES cases(id),
        from_hash text NOT NULL,
        body_enc bytea NOT NULL,
        provider_message_id text UNIQUE,
        received_at timestamptz NOT NULL
      );
      CREATE INDEX inbound_messages_case ON inbound_messages (case_id, received_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE inbound_messages, idempotency_keys, provider_rate, contact_agreements;
      DROP INDEX contacts_due; DROP INDEX contacts_status;
      ALTER TABLE cases DROP COLUMN contact_planned_at, DROP COLUMN update_overdue_since;
      ALTER TABLE contacts DROP COLUMN first_attempt_at, DROP COLUMN replaces_contact_id, DROP COLUMN reminded_at;
    `);
  }
}
