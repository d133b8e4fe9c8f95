import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LetterForPrint, PrintBatchRecord } from './print.entities.js';

/** A letter waiting for its print run, with the organisation whose post room sends it. */
export interface WaitingLetter {
  letter: LetterForPrint;
  /** The lead organisation of the letter's case when the run is made. */
  organisationId: string;
}

/** A printed letter still held (sealed) in a stored run, for rebuilding that run. */
export interface PrintedLetter {
  contactId: string;
  contentEnc: Buffer | null;
  postage: 'first' | 'second';
}

/** A run as listed: counts, dates and who marked it posted, never the files. */
export type PrintRunSummary = Pick<PrintBatchRecord, 'id' | 'createdAt' | 'letters' | 'sheets' | 'envelopes' | 'firstClassEnvelopes' | 'postedAt' | 'postedBy'>;

/** The only place print runs (`print_batches`) and the letters waiting for them are queried. */
@Injectable()
export class PrintBatchesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Puts the letter in `letters_for_print` for the next run (INSERT … ON CONFLICT DO NOTHING: a
   * contact's letter already waiting or printed is left as it is). No lock beyond the insert's own.
   */
  async queueLetter(db: EntityManager, letter: Pick<LetterForPrint, 'contactId' | 'contentEnc' | 'postage' | 'queuedAt'>): Promise<void> {
    await db.createQueryBuilder().insert().into(LetterForPrint)
      .values(letter)
      .orIgnore().execute();
  }

  /**
   * Letters not yet printed, oldest first, locked (SKIP LOCKED: another instance's run takes the
   * rest), each with its case's lead organisation; only one organisation's when it is given.
   */
  async lockWaiting(db: EntityManager, organisationId?: string): Promise<WaitingLetter[]> {
    const rows: { contact_id: string; organisation_id: string }[] = await db.query(
      `SELECT l.contact_id, c.lead_organisation_id AS organisation_id
         FROM letters_for_print l JOIN contacts k ON k.id = l.contact_id JOIN cases c ON c.id = k.case_id
        WHERE l.print_batch_id IS NULL AND ($1::uuid IS NULL OR c.lead_organisation_id = $1)
        ORDER BY l.queued_at, l.contact_id
        FOR UPDATE OF l SKIP LOCKED`,
      [organisationId ?? null],
    );
    if (rows.length === 0) return [];
    const letters = await db.createQueryBuilder(LetterForPrint, 'l').where('l.contact_id IN (:...ids)', { ids: rows.map((r) => r.contact_id) }).getMany();
    const byId = new Map(letters.map((l) => [l.contactId, l]));
    return rows.map((r) => ({ letter: byId.get(r.contact_id)!, organisationId: r.organisation_id }));
  }

  /** How many letters of cases the organisation leads wait for its next run. */
  async countWaiting(organisationId: string): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM letters_for_print l JOIN contacts k ON k.id = l.contact_id JOIN cases c ON c.id = k.case_id
        WHERE l.print_batch_id IS NULL AND c.lead_organisation_id = $1`,
      [organisationId],
    );
    return row.n;
  }

  /** One organisation's runs, newest first: counts, dates and who posted them, never the files. */
  list(organisationId: string): Promise<PrintRunSummary[]> {
    return this.db.manager.find(PrintBatchRecord, {
      select: { id: true, createdAt: true, letters: true, sheets: true, envelopes: true, firstClassEnvelopes: true, postedAt: true, postedBy: true },
      where: { organisationId },
      order: { createdAt: 'DESC' },
      take: 100,
    });
  }

  /** The run if it belongs to the organisation; null otherwise (another partner's runs are not there). */
  findForOrganisation(id: string, organisationId: string): Promise<PrintBatchRecord | null> {
    return this.db.manager.findOneBy(PrintBatchRecord, { id, organisationId });
  }

  /**
   * Marks the organisation's run as posted, once: returns the run as it now is, or null when no
   * such run of the organisation exists. `already` is true (nothing written) when it was posted before.
   */
  async markPosted(id: string, organisationId: string, at: Date, by: string): Promise<{ run: PrintRunSummary; already: boolean } | null> {
    return this.db.transaction(async (db) => {
      const run = await db.findOne(PrintBatchRecord, {
        select: { id: true, createdAt: true, letters: true, sheets: true, envelopes: true, firstClassEnvelopes: true, postedAt: true, postedBy: true },
        where: { id, organisationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!run) return null;
      if (run.postedAt) return { run, already: true };
      await db.update(PrintBatchRecord, { id }, { postedAt: at, postedBy: by });
      return { run: { ...run, postedAt: at, postedBy: by }, already: false };
    });
  }

  /** Stored runs (files not yet removed) holding any of these contacts' letters, locked for rewriting. */
  async lockStoredBatchesHolding(db: EntityManager, contactIds: string[]): Promise<PrintBatchRecord[]> {
    if (contactIds.length === 0) return [];
    return db
      .createQueryBuilder(PrintBatchRecord, 'b')
      .where('b.pdf_enc IS NOT NULL')
      .andWhere('b.id IN (SELECT print_batch_id FROM letters_for_print WHERE contact_id IN (:...ids))', { ids: contactIds })
      .orderBy('b.created_at')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** The letters of a run in the order they were printed. */
  async lettersOf(db: EntityManager, printBatchId: string): Promise<PrintedLetter[]> {
    const rows: { contact_id: string; content_enc: Buffer | null; postage: 'first' | 'second' }[] = await db.query(
      `SELECT contact_id, content_enc, postage FROM letters_for_print WHERE print_batch_id = $1 ORDER BY queued_at, contact_id`,
      [printBatchId],
    );
    return rows.map((r) => ({ contactId: r.contact_id, contentEnc: r.content_enc, postage: r.postage }));
  }

  async replaceFiles(
    db: EntityManager,
    id: string,
    files: { letters: number; sheets: number; envelopes: number; firstClassEnvelopes: number; pdfEnc: Buffer; manifestEnc: Buffer } | null,
  ): Promise<void> {
    if (files) await db.update(PrintBatchRecord, { id }, files);
    else await db.update(PrintBatchRecord, { id }, { pdfEnc: null, manifestEnc: null });
  }

  /** Removes the files of runs made before `before`; returns the runs whose files went. */
  async removeFilesBefore(before: Date): Promise<string[]> {
    const rows: { id: string }[] = (
      await this.db.query(`UPDATE print_batches SET pdf_enc = NULL, manifest_enc = NULL WHERE created_at < $1 AND pdf_enc IS NOT NULL RETURNING id`, [before])
    )[0];
    return rows.map((r) => r.id);
  }
}
