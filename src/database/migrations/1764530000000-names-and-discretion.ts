import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RANKS } from '../../partnership/names.js';

/**
 * Names that do not give a victim away: an officer's rank apart from their name (existing names
 * starting with a known rank are split), a victim's preferred name (sealed like their other
 * details), an organisation's optional discreet name and discreet SMS sender, and a survey's
 * short code for the link a letter prints.
 */
export class NamesAndDiscretion1764530000000 implements MigrationInterface {
  name = 'NamesAndDiscretion1764530000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE officers ADD COLUMN rank text;
      ALTER TABLE victims ADD COLUMN preferred_name_enc bytea;
      ALTER TABLE organisations ADD COLUMN discreet_name text, ADD COLUMN discreet_sms_sender text;
      ALTER TABLE surveys ADD COLUMN short_code_hash bytea UNIQUE;
    `);
    for (const rank of RANKS) {
      const pattern = `^${rank.replace(/ /g, '\\s+')}\\.?\\s+(?=\\S)`;
      await db.query(
        `UPDATE officers SET rank = $1, name = regexp_replace(name, $2, '', 'i') WHERE rank IS NULL AND name ~* $2`,
        [rank, pattern],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE officers SET name = rank || ' ' || name WHERE rank IS NOT NULL`);
    await db.query(`
      ALTER TABLE officers DROP COLUMN rank;
      ALTER TABLE victims DROP COLUMN preferred_name_enc;
      ALTER TABLE organisations DROP COLUMN discreet_name, DROP COLUMN discreet_sms_sender;
      ALTER TABLE surveys DROP COLUMN short_code_hash;
    `);
  }
}
