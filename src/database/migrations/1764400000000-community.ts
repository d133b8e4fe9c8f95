import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Neighbourhoods, their subscribers (double opt-in, per channel), bulletins and their fan-out. */
export class Community1764400000000 implements MigrationInterface {
  name = 'Community1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE neighbourhoods (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        areas text[] NOT NULL,
        streets jsonb NOT NULL DEFAULT '[]',
        created_by uuid REFERENCES officers(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX neighbourhoods_areas ON neighbourhoods USING gin (areas);
      -- The victim-data check looks up victims by the districts a bulletin covers.
      CREATE INDEX incidents_postcode_district ON incidents (postcode_district);
      CREATE TABLE subscribers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email_enc bytea,
        phone_enc bytea,
        postcode_enc bytea,
        email_hash text,
        phone_hash text,
        postcode_sector text NOT NULL,
        email_state text CHECK (email_state IN ('pending', 'confirmed', 'unsubscribed')),
        sms_state text CHECK (sms_state IN ('pending', 'confirmed', 'unsubscribed')),
        email_confirmed_at timestamptz,
        sms_confirmed_at timestamptz,
        email_unsubscribed_at timestamptz,
        sms_unsubscribed_at timestamptz,
        consent_source text NOT NULL CHECK (consent_source IN ('web', 'partner_site', 'import')),
        consent_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (email_enc IS NOT NULL OR phone_enc IS NOT NULL)
      );
      CREATE UNIQUE INDEX subscribers_email ON subscribers (email_hash) WHERE email_hash IS NOT NULL;
      CREATE UNIQUE INDEX subscribers_phone ON subscribers (phone_hash) WHERE phone_hash IS NOT NULL;
      CREATE TABLE neighbourhood_subscriptions (
        neighbourhood_id uuid NOT NULL REFERENCES neighbourhoods(id),
        subscriber_id uuid NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
        subscribed_at timestamptz NOT NULL,
        PRIMARY KEY (neighbourhood_id, subscriber_id)
      );
      CREATE INDEX neighbourhood_subscriptions_subscriber ON neighbourhood_subscriptions (subscriber_id);
      CREATE TABLE bulletins (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type IN ('newsletter', 'street_briefing', 'leaflet')),
        neighbourhood_ids uuid[] NOT NULL,
        content jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'approved', 'sending', 'sent', 'cancelled')),
        drafted_by uuid NOT NULL REFERENCES officers(id),
        approved_by uuid REFERENCES officers(id),
        approved_at timestamptz,
        send_at timestamptz,
        fanned_out_at timestamptz,
        recipients integer,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX bulletins_due ON bulletins (send_at) WHERE status = 'approved';
      CREATE TABLE bulletin_deliveries (
        id bigserial PRIMARY KEY,
        bulletin_id uuid NOT NULL REFERENCES bulletins(id),
        subscriber_id uuid NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'skipped')),
        provider_message_id text,
        failure_reason text,
        attempts integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL,
        UNIQUE (bulletin_id, subscriber_id, channel)
      );
      CREATE INDEX bulletin_deliveries_progress ON bulletin_deliveries (bulletin_id, status);
      CREATE INDEX bulletin_deliveries_provider ON bulletin_deliveries (provider_message_id) WHERE provider_message_id IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE bulletin_deliveries, bulletins, neighbourhood_subscriptions, subscribers, neighbourhoods; DROP INDEX incidents_postcode_district');
  }
}
