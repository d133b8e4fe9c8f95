import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConflictException, GoneException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Caller } from '../../auth/access.js';
import { ClockService } from '../../clock/clock.service.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { Settings } from '../../settings/settings.js';
import { writeOutboxFile } from '../outbox-file.js';
import { letterMark, renderLetterPdf, type LetterContent } from './letter-pdf.js';
import { LetterPrinted } from './letter-printed.event.js';
import { buildPrintBatch, type BatchLetter } from './print-batch.js';
import { PrintBatchesRepository, type PrintRunSummary, type WaitingLetter } from './print-batches.repository.js';
import { LetterForPrint, PrintBatchRecord } from './print.entities.js';

/** A batch's PDF and manifest hold every letter in it: kept long enough to print and re-print, then removed. */
export const PRINT_BATCH_KEEP_DAYS = 30;

type StoredLetter = Omit<LetterContent, 'date'> & { date: string };

/**
 * Letters wait, sealed, for the day's print runs; each run holds one organisation's letters (the
 * lead organisation of each letter's case) in one PDF with a CSV manifest, for that
 * organisation's post room only. In training mode each letter and run is also written to the outbox.
 */
@Injectable()
export class LetterPost {
  private readonly logger = new Logger(LetterPost.name);

  constructor(
    private readonly batches: PrintBatchesRepository,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
    private readonly events: EventEmitter2,
    private readonly audit: AuditService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /** Puts a letter in the next print run (`postage` second class unless said), in the caller's transaction `db`. */
  async queue(contactId: string, content: LetterContent, postage: 'first' | 'second' | undefined, db: EntityManager): Promise<void> {
    const stored: StoredLetter = { ...content, date: content.date.toISOString() };
    await this.batches.queueLetter(db, { contactId, contentEnc: this.cipher.sealJson(stored), postage: postage ?? 'second', queuedAt: this.clock.now() });
    if (this.settings.mode === 'training') {
      await this.writeOutbox(join('letters', `${contactId}.pdf`), await renderLetterPdf(content));
    }
  }

  /**
   * Every letter not yet printed, one run per organisation (only `organisationId`'s when given);
   * letters queued meanwhile wait for the next. Returns the runs made, oldest organisation first.
   */
  async runPrintBatch(organisationId?: string): Promise<PrintBatchRecord[]> {
    const made = await this.batches.transaction(async (db) => {
      const waiting = await this.batches.lockWaiting(db, organisationId);
      const byOrganisation = new Map<string, WaitingLetter[]>();
      for (const w of waiting) byOrganisation.set(w.organisationId, [...(byOrganisation.get(w.organisationId) ?? []), w]);
      const runs: { record: PrintBatchRecord; pdf: Buffer; manifestCsv: string }[] = [];
      for (const [organisation, letters] of byOrganisation) {
        const built = await buildPrintBatch(letters.map(({ letter }) => this.batchLetter(letter.contactId, letter.contentEnc!, letter.postage)));
        const record = await db.save(
          db.create(PrintBatchRecord, {
            organisationId: organisation,
            createdAt: this.clock.now(),
            letters: built.letters,
            sheets: built.sheets,
            envelopes: built.envelopes,
            firstClassEnvelopes: built.firstClassEnvelopes,
            pdfEnc: this.cipher.seal(built.pdf),
            manifestEnc: this.cipher.seal(built.manifestCsv),
          }),
        );
        for (const { letter } of letters) {
          await db.update(LetterForPrint, { contactId: letter.contactId }, { printBatchId: record.id });
          // The contact log marks its contact `sent`, in this transaction.
          await this.events.emitAsync(LetterPrinted.event, new LetterPrinted(letter.contactId, record.id, db));
        }
        runs.push({ record, pdf: built.pdf, manifestCsv: built.manifestCsv });
      }
      return runs;
    });
    for (const run of made) {
      this.logger.log({ printBatchId: run.record.id, organisationId: run.record.organisationId, letters: run.record.letters }, 'Print batch ready');
      await this.writeRunToOutbox(run.record.id, run.pdf, run.manifestCsv);
    }
    return made.map((run) => run.record);
  }

  /** The caller's organisation's runs, newest first (counts, dates and who posted them; never the files). */
  listBatches(caller: Caller) {
    return this.batches.list(caller.organisationId);
  }

  /** How many letters wait for the caller's organisation's next run. */
  waitingCount(caller: Caller): Promise<number> {
    return this.batches.countWaiting(caller.organisationId);
  }

  /**
   * The post room says the run has gone in the post: when (the clock's now) and who, once.
   * Errors: 404 when the run is not the caller's organisation's; 409 when it was marked posted
   * before (nothing changes). Returns the run as listed.
   */
  async markPosted(id: string, caller: Caller): Promise<PrintRunSummary> {
    const marked = await this.batches.markPosted(id, caller.organisationId, this.clock.now(), caller.officerId);
    if (!marked) throw new NotFoundException('No print batch with this id');
    if (marked.already) {
      throw new ConflictException({ message: `This print run was already marked as posted at ${marked.run.postedAt!.toISOString()}`, postedAt: marked.run.postedAt, postedBy: marked.run.postedBy });
    }
    this.logger.log({ printBatchId: id, organisationId: caller.organisationId }, 'Print batch posted');
    return marked.run;
  }

  /**
   * A run's PDF or manifest, for a supervisor of the organisation the run belongs to (another
   * partner's run: 404, as if it did not exist). Every download is in the audit log
   * (`print_batch_downloaded`, the run's id and which file: ids only). 410 once the files are removed.
   */
  async batchFile(id: string, part: 'pdf' | 'manifest', caller: Caller): Promise<Buffer> {
    const found = await this.batches.findForOrganisation(id, caller.organisationId);
    if (!found) throw new NotFoundException('No print batch with this id');
    const sealed = part === 'pdf' ? found.pdfEnc : found.manifestEnc;
    if (!sealed) throw new GoneException(`Print batch files are removed ${PRINT_BATCH_KEEP_DAYS} days after printing`);
    await this.audit.record(caller, 'print_batch_downloaded', {
      fields: [part === 'pdf' ? 'letters.pdf' : 'manifest.csv'],
      detail: { printBatchId: found.id, file: part === 'pdf' ? 'letters.pdf' : 'manifest.csv' },
    });
    return this.cipher.openBytes(sealed);
  }

  /**
   * Takes these contacts' letters out of every stored run (erasure, issue 10). The letter was
   * printed and posted already; the stored run exists only to re-print, and a re-print must not
   * carry an erased person's letter. So the run is rebuilt, in its first order, from the sealed
   * copies of its other letters (the manifest is numbered afresh and the sheet count follows); a
   * run left with no letter whose words are still held loses its files, as at the end of
   * PRINT_BATCH_KEEP_DAYS. Runs whose files are gone already are left as they are. Call inside
   * the erasure's transaction; the returned function rewrites (or removes) the training
   * outbox's copies and must be called once that transaction has committed.
   */
  async withdrawFromStoredRuns(db: EntityManager, contactIds: string[]): Promise<() => Promise<void>> {
    const erased = new Set(contactIds);
    const stored = await this.batches.lockStoredBatchesHolding(db, contactIds);
    const outbox: (() => Promise<void>)[] = [];
    for (const run of stored) {
      const kept = (await this.batches.lettersOf(db, run.id)).filter((l) => !erased.has(l.contactId) && l.contentEnc);
      if (kept.length === 0) {
        await this.batches.replaceFiles(db, run.id, null);
        outbox.push(() => this.removeRunFromOutbox(run.id));
        continue;
      }
      const built = await buildPrintBatch(kept.map((l) => this.batchLetter(l.contactId, l.contentEnc!, l.postage)));
      await this.batches.replaceFiles(db, run.id, {
        letters: built.letters, sheets: built.sheets, envelopes: built.envelopes, firstClassEnvelopes: built.firstClassEnvelopes, pdfEnc: this.cipher.seal(built.pdf), manifestEnc: this.cipher.seal(built.manifestCsv),
      });
      outbox.push(() => this.writeRunToOutbox(run.id, built.pdf, built.manifestCsv));
    }
    return async () => {
      for (const write of outbox) await write();
    };
  }

  /** Retention: runs older than PRINT_BATCH_KEEP_DAYS lose their files, in the database and the outbox. */
  async removeExpiredRuns(now: Date): Promise<number> {
    const removed = await this.batches.removeFilesBefore(DateTime.fromJSDate(now).minus({ days: PRINT_BATCH_KEEP_DAYS }).toJSDate());
    for (const id of removed) await this.removeRunFromOutbox(id);
    return removed.length;
  }

  private batchLetter(contactId: string, contentEnc: Buffer, postage: 'first' | 'second'): BatchLetter {
    const stored = this.cipher.openJson<StoredLetter>(contentEnc);
    return { contactId, reference: letterMark(stored.sender), postage, content: { ...stored, date: new Date(stored.date) } };
  }

  private async writeRunToOutbox(id: string, pdf: Buffer, manifestCsv: string): Promise<void> {
    if (this.settings.mode !== 'training') return;
    await this.writeOutbox(join('print-batches', `${id}.pdf`), pdf);
    await this.writeOutbox(join('print-batches', `${id}.csv`), Buffer.from(manifestCsv));
  }

  private async removeRunFromOutbox(id: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return;
    await Promise.all(['pdf', 'csv'].map((ext) => rm(join(this.settings.outboxDir, 'print-batches', `${id}.${ext}`), { force: true })));
  }

  private async writeOutbox(relative: string, content: Buffer): Promise<void> {
    const file = join(this.settings.outboxDir, relative);
    await writeOutboxFile(dirname(file), basename(file), content);
  }
}
