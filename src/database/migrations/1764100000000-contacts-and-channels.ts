import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The contact log, its status timeline, letters awaiting print, print batches, officer tasks. */
export class ContactsAndChannels1764100000000 implements MigrationInterface {
  name = 'ContactsAndChannels1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organisations ADD COLUMN sms_sender text;
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        purpose text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('sms', 'email', 'letter', 'phone', 'in_person')),
        status text NOT NULL CHECK (status IN ('scheduled', 'queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled')),
        discreet boolean NOT NULL DEFAULT false,
        due_at timestamptz NOT NULL,
        data_enc bytea,
        provider_message_id text,
        failure_code text,
        failure_reason text,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX contacts_case ON contacts (case_id, due_at);
      CREATE UNIQUE INDEX contacts_provider_message ON contacts (provider_message_id) WHERE provider_message_id IS NOT NULL;
      CREATE TABLE contact_events (
        id bigserial PRIMARY KEY,
        contact_id uuid NOT NULL REFERENCES contacts(id),
        at timestamptz NOT NULL,
        status text NOT NULL,
        reason text,
        detail jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX contact_events_contact ON contact_events (contact_id, at);
      CREATE TABLE print_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL,
        letters integer NOT NULL,
        sheets integer NOT NULL,
        pdf_enc bytea NOT NULL,
        manifest_enc bytea NOT NULL
      );
      CREATE TABLE letters_for_print (
        contact_id uuid PRIMARY KEY REFERENCES contacts(id),
        content_enc bytea NOT NULL,
        postage text NOT NULL DEFAULT 'second',
        queued_at timestamptz NOT NULL,
        print_batch_id uuid REFERENCES print_batches(id)
      );
      CREATE INDEX letters_awaiting_print ON letters_for_print (queued_at) WHERE print_batch_id IS NULL;
      CREATE TABLE officer_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        contact_id uuid REFERENCES contacts(id),
        officer_id uuid REFERENCES officers(id),
        kind text NOT NULL CHECK (kind IN ('phone', 'in_person', 'check_contact_details')),
        status text NOT NULL CHECK (status IN ('open', 'done', 'unsuccessful', 'cancelled')),
        due_at timestamptz NOT NULL,
        briefing_enc bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      );
      CREATE INDEX officer_tasks_officer ON officer_tasks (officer_id, status, due_at);
      CREATE INDEX officer_tasks_case ON officer_tasks (case_id);
      CREATE TABLE task_attempts (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES officer_tasks(id),
        at timestamptz NOT NULL,
        officer_id uuid NOT NULL REFERENCES officers(id),
        outcome text NOT NULL,
        note_enc bytea
      );
      CREATE INDEX task_attempts_task ON task_attempts (task_id, at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE task_attempts, officer_tasks, letters_for_print, print_batches, contact_events, contacts;
      ALTER TABLE organisations DROP COLUMN sms_sender;
    `);
  }
}
