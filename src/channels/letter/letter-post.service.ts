import { basename, dirname, join } from 'node:path';
import { GoneException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../clock/clock.service.js';
import { ContactLog } from '../../contacts/contact-log.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { Settings } from '../../settings/settings.js';
import { writeOutboxFile } from '../outbox-file.js';
import { letterMark, renderLetterPdf, type LetterContent } from './letter-pdf.js';
import { buildPrintBatch } from './print-batch.js';
import { LetterForPrint, PrintBatchRecord } from './print.entities.js';

/** A batch's PDF and manifest hold every letter in it: kept long enough to print and re-print, then removed. */
export const PRINT_BATCH_KEEP_DAYS = 30;

type StoredLetter = Omit<LetterContent, 'date'> & { date: string };

/**
 * Letters wait, sealed, for the day's print batch; the batch merges them into one PDF with a
 * CSV manifest for the post room. In training mode each letter is also written to the outbox.
 */
@Injectable()
export class LetterPost {
  private readonly logger = new Logger(LetterPost.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
    private readonly contacts: ContactLog,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  async queue(contactId: string, content: LetterContent, postage: 'first' | 'second' = 'second', db: EntityManager = this.db.manager): Promise<void> {
    const stored: StoredLetter = { ...content, date: content.date.toISOString() };
    await db
      .createQueryBuilder()
      .insert()
      .into(LetterForPrint)
      .values({ contactId, contentEnc: this.cipher.sealJson(stored), postage, queuedAt: this.clock.now() })
      .orIgnore()
      .execute();
    if (this.settings.mode === 'training') {
      await this.writeOutbox(join('letters', `${contactId}.pdf`), await renderLetterPdf(content));
    }
  }

  /** Every letter not yet printed, in one batch; letters queued meanwhile wait for the next. */
  async runPrintBatch(): Promise<PrintBatchRecord | null> {
    const batch = await this.db.transaction(async (db) => {
      const waiting = await db
        .createQueryBuilder(LetterForPrint, 'l')
        .where('l.print_batch_id IS NULL')
        .orderBy('l.queued_at')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (waiting.length === 0) return null;
      const letters = waiting.map((l) => {
        const stored = this.cipher.openJson<StoredLetter>(l.contentEnc);
        return { contactId: l.contactId, reference: letterMark(stored.sender), postage: l.postage, content: { ...stored, date: new Date(stored.date) } };
      });
      const built = await buildPrintBatch(letters);
      const record = await db.save(
        db.create(PrintBatchRecord, {
          createdAt: this.clock.now(),
          letters: built.letters,
          sheets: built.sheets,
          pdfEnc: this.cipher.seal(built.pdf),
          manifestEnc: this.cipher.seal(built.manifestCsv),
        }),
      );
      for (const letter of waiting) {
        await db.update(LetterForPrint, { contactId: letter.contactId }, { printBatchId: record.id });
        await this.contacts.transition(letter.contactId, 'sent', { reason: 'printed for posting', detail: { printBatchId: record.id } }, db);
      }
      return { record, built };
    });
    if (!batch) return null;
    this.logger.log({ printBatchId: batch.record.id, letters: batch.built.letters }, 'Print batch ready');
    if (this.settings.mode === 'training') {
      await this.writeOutbox(join('print-batches', `${batch.record.id}.pdf`), batch.built.pdf);
      await this.writeOutbox(join('print-batches', `${batch.record.id}.csv`), Buffer.from(batch.built.manifestCsv));
    }
    return batch.record;
  }

  listBatches() {
    return this.db.manager.find(PrintBatchRecord, {
      select: { id: true, createdAt: true, letters: true, sheets: true },
      order: { createdAt: 'DESC' },
      take: 100,
    });
  }

  async batchFile(id: string, part: 'pdf' | 'manifest'): Promise<Buffer> {
    const found = await this.db.manager.findOneBy(PrintBatchRecord, { id });
    if (!found) throw new NotFoundException('No print batch with this id');
    const sealed = part === 'pdf' ? found.pdfEnc : found.manifestEnc;
    if (!sealed) throw new GoneException(`Print batch files are removed ${PRINT_BATCH_KEEP_DAYS} days after printing`);
    return this.cipher.openBytes(sealed);
  }

  private async writeOutbox(relative: string, content: Buffer): Promise<void> {
    const file = join(this.settings.outboxDir, relative);
    await writeOutboxFile(dirname(file), basename(file), content);
  }
}
