import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Confirmed subscribers per channel: numbers only, never who they are. */
export interface SubscriberCounts {
  email: number;
  sms: number;
  /** People with at least one confirmed channel. */
  people: number;
  /** People who asked and have not confirmed yet. */
  awaitingConfirmation: number;
}

/** The neighbourhoods slice's queries: names in use, and subscriber counts per neighbourhood. */
@Injectable()
export class NeighbourhoodsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether another neighbourhood than `exceptId` (null: any) has this name, ignoring case. */
  async nameTaken(name: string, exceptId: string | null, db: EntityManager = this.db.manager): Promise<boolean> {
    const [taken] = await db.query('SELECT id FROM neighbourhoods WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2', [name, exceptId]);
    return Boolean(taken);
  }

  /** Subscriber counts for each of `ids` that has any subscriber (a neighbourhood with none has no row). */
  subscriberCounts(ids: string[], db: EntityManager = this.db.manager): Promise<({ id: string } & SubscriberCounts)[]> {
    return db.query(
      `SELECT ns.neighbourhood_id AS id,
              count(*) FILTER (WHERE s.email_state = 'confirmed')::int AS email,
              count(*) FILTER (WHERE s.sms_state = 'confirmed')::int AS sms,
              count(*) FILTER (WHERE 'confirmed' IN (s.email_state, s.sms_state))::int AS people,
              count(*) FILTER (WHERE 'pending' IN (s.email_state, s.sms_state) AND 'confirmed' NOT IN (coalesce(s.email_state, ''), coalesce(s.sms_state, '')))::int AS "awaitingConfirmation"
         FROM neighbourhood_subscriptions ns JOIN subscribers s ON s.id = ns.subscriber_id
        WHERE ns.neighbourhood_id = ANY($1::uuid[]) GROUP BY ns.neighbourhood_id`,
      [ids],
    );
  }
}
