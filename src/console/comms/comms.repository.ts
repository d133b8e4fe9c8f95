import type { DataSource } from 'typeorm';

export type ReviewAction = 'submitted' | 'sent_back' | 'edited';

/** The latest step of a draft's review: who did what, when, with a send-back's comment (sealed). */
export interface ReviewStep {
  bulletinId: string;
  action: ReviewAction;
  officerId: string;
  at: Date;
  commentEnc: Buffer | null;
}

/**
 * The comms console's own table, `bulletin_reviews`: the trail of a draft bulletin's review
 * (sent for approval, sent back with a comment, edited again). The bulletin itself, its approval
 * and its sending stay with the bulletins slice (BulletinsService).
 */
export class CommsRepository {
  constructor(private readonly db: DataSource) {}

  async record(bulletinId: string, action: ReviewAction, officerId: string, at: Date, commentEnc: Buffer | null = null): Promise<void> {
    await this.db.query(
      'INSERT INTO bulletin_reviews (bulletin_id, action, comment_enc, officer_id, at) VALUES ($1, $2, $3, $4, $5)',
      [bulletinId, action, commentEnc, officerId, at],
    );
  }

  /** Each bulletin's latest review step, by bulletin id (none for a bulletin never sent for approval). */
  async latest(bulletinIds: string[]): Promise<Map<string, ReviewStep>> {
    if (bulletinIds.length === 0) return new Map();
    const rows: ReviewStep[] = await this.db.query(
      `SELECT DISTINCT ON (bulletin_id) bulletin_id AS "bulletinId", action, officer_id AS "officerId", at, comment_enc AS "commentEnc"
         FROM bulletin_reviews WHERE bulletin_id = ANY($1::uuid[]) ORDER BY bulletin_id, id DESC`,
      [bulletinIds],
    );
    return new Map(rows.map((r) => [r.bulletinId, r]));
  }
}
