import type { EntityManager } from 'typeorm';

/** Replies that confirm a pending text subscription ("yes", "Yes!", "Y"). */
const YES = /^[\s\p{P}]*(yes|y)[\s\p{P}]*$/iu;

export const SUBSCRIBED_BY_SMS = 'Thank you. You will now get texts with news about your neighbourhood from the Community Safety Partnership. Reply STOP at any time to stop them.';
export const UNSUBSCRIBED_BY_SMS = 'You will not get any more neighbourhood news texts from us.';

export function isYes(body: string): boolean {
  return YES.test(body);
}

/**
 * Inbound texts for neighbourhood news, found by the sender's keyed hash (`phone:<E.164>`). Used by
 * the inbound SMS handler; each returns whether a subscriber was changed. (TypeORM gives an
 * UPDATE's result as [rows, count].)
 */
export async function confirmSmsSubscription(db: EntityManager, phoneHash: string, now: Date): Promise<boolean> {
  const [done] = await db.query(
    `UPDATE subscribers SET sms_state = 'confirmed', sms_confirmed_at = $2 WHERE phone_hash = $1 AND sms_state = 'pending' RETURNING id`, [phoneHash, now],
  );
  return done.length > 0;
}

/** STOP: texts end at once and the number is deleted; its keyed hash stays so an import cannot add it back. */
export async function stopSmsSubscription(db: EntityManager, phoneHash: string, now: Date): Promise<boolean> {
  const [done] = await db.query(
    `UPDATE subscribers SET sms_state = 'unsubscribed', sms_unsubscribed_at = $2, phone_enc = NULL,
            postcode_enc = CASE WHEN email_state IN ('pending', 'confirmed') THEN postcode_enc END
      WHERE phone_hash = $1 AND sms_state IN ('pending', 'confirmed') RETURNING id`,
    [phoneHash, now],
  );
  return done.length > 0;
}
