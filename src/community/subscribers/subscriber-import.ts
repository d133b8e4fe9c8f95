import * as contactHashes from '../../contact-details/contact-hashes.js';
import { Inject, Injectable } from '@nestjs/common';
import { Settings } from '../../settings/settings.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService } from '../../clock/clock.service.js';
import { InputError } from '../../http/input-error.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { Neighbourhood } from '../neighbourhoods/neighbourhood.entity.js';
import { areasOfPostcode } from '../postcode-areas.js';
import { csvRecords, isBlankRecord } from './csv-records.js';
import { type ImportRow, NeighbourhoodLookup, readHeader, readImportRow, type RowProblem } from './import-row.js';
import { SubscribersRepository } from './subscribers.repository.js';

/** Rows written per statement. */
const BATCH = 1000;
/** Each list in the report stops here; the counts go on. */
const REPORTED = 1000;

export interface ImportReport {
  /** Data rows read (not counting the header, blank lines or rows of only commas). */
  rows: number;
  imported: number;
  rejectedRows: number;
  skippedRows: number;
  rejected: RowProblem[];
  skipped: { row: number; reason: string }[];
  /** True when a list above was cut at 1,000 entries. */
  truncated: boolean;
}

interface Sealed {
  row: ImportRow;
  emailHash: string | null;
  phoneHash: string | null;
  emailEnc: Buffer | null;
  phoneEnc: Buffer | null;
  postcodeEnc: Buffer;
  sector: string;
}

/**
 * Imports a list of people who already agreed to neighbourhood news elsewhere: each good row is a
 * subscriber confirmed on its channels; bad rows are reported (row number and reason) and left
 * out, not a reason to refuse the others. One transaction: if the upload itself fails (too large,
 * cut off, a quote never closed, a bad header) nothing is imported. Anyone who unsubscribed before
 * is never added back, and a person twice in the list is added once.
 */
@Injectable()
export class SubscriberImport {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: SubscribersRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  async import(text: AsyncIterable<string>): Promise<ImportReport> {
    const now = this.clock.now();
    const lookup = new NeighbourhoodLookup(await this.db.manager.find(Neighbourhood));
    const report: ImportReport = { rows: 0, imported: 0, rejectedRows: 0, skippedRows: 0, rejected: [], skipped: [], truncated: false };
    const reject = (problems: RowProblem[]) => {
      report.rejectedRows++;
      for (const p of problems) {
        if (report.rejected.length < REPORTED) report.rejected.push(p);
        else report.truncated = true;
      }
    };
    const skip = (row: number, reason: string) => {
      report.skippedRows++;
      if (report.skipped.length < REPORTED) report.skipped.push({ row, reason });
      else report.truncated = true;
    };
    await this.db.transaction(async (db) => {
      const records = csvRecords(text);
      const first = await records.next();
      if (first.done) throw InputError.of('body', 'notEmpty', 'The CSV is empty: send a header line and one row per person');
      const header = readHeader(first.value);
      if ('problem' in header) throw InputError.of('header', 'columns', header.problem);
      const seen = new Map<string, number>();
      let batch: Sealed[] = [];
      // The database writes one batch while the next is read and sealed.
      let writing: Promise<void> = Promise.resolve();
      const send = async () => {
        const full = batch;
        batch = [];
        await writing;
        writing = this.write(db, full, now, report, skip);
        writing.catch(() => undefined); // awaited before the next batch or at the end
      };
      let row = 1;
      for await (const fields of records) {
        row++;
        if (isBlankRecord(fields)) continue; // a blank line, or a row of only commas as spreadsheets save them
        report.rows++;
        const read = readImportRow(fields, row, header.columns, first.value.length, lookup, now, this.settings.mode);
        if ('problems' in read) {
          reject(read.problems);
          continue;
        }
        const emailHash = read.row.email ? contactHashes.emailHash(this.cipher, read.row.email) : null;
        const phoneHash = read.row.phone ? contactHashes.phoneHash(this.cipher, read.row.phone) : null;
        const earlier = (emailHash && seen.get(emailHash)) || (phoneHash && seen.get(phoneHash));
        if (earlier) {
          skip(row, `the same person as row ${earlier}`);
          continue;
        }
        for (const hash of [emailHash, phoneHash]) if (hash) seen.set(hash, row);
        batch.push({
          row: read.row, emailHash, phoneHash,
          emailEnc: read.row.email ? this.cipher.seal(read.row.email) : null,
          phoneEnc: read.row.phone ? this.cipher.seal(read.row.phone) : null,
          postcodeEnc: this.cipher.seal(read.row.postcode),
          sector: areasOfPostcode(read.row.postcode)[0],
        });
        if (batch.length >= BATCH) await send();
      }
      await send();
      await writing;
    });
    report.skipped.sort((a, b) => a.row - b.row);
    return report;
  }

  /**
   * The unique indexes decide who is new (a lookup first would scan the table: within the
   * import's transaction the planner still thinks it small). Only those already known are
   * looked up, for the reason they are skipped.
   */
  private async write(db: EntityManager, batch: Sealed[], now: Date, report: ImportReport, skip: (row: number, reason: string) => void): Promise<void> {
    if (batch.length === 0) return;
    const inserted = await this.repository.insertImported(
      batch.map((s) => ({ emailEnc: s.emailEnc, phoneEnc: s.phoneEnc, postcodeEnc: s.postcodeEnc, emailHash: s.emailHash, phoneHash: s.phoneHash, sector: s.sector, consentAt: s.row.consentAt })),
      now, db,
    );
    report.imported += inserted.length;
    const ids = new Map(inserted.map((r) => [(r.email_hash ?? r.phone_hash)!, r.id]));
    const links: [string, string][] = [];
    const known: Sealed[] = [];
    for (const s of batch) {
      const id = ids.get((s.emailHash ?? s.phoneHash)!);
      if (id) for (const n of s.row.neighbourhoodIds) links.push([n, id]);
      else known.push(s);
    }
    await this.repository.subscribeMany(links, now, db);
    if (known.length > 0) await this.explainSkipped(db, known, skip);
  }

  /** Anyone who unsubscribed is never added back by an import; others are already subscribed. */
  private async explainSkipped(db: EntityManager, known: Sealed[], skip: (row: number, reason: string) => void): Promise<void> {
    const states = await this.repository.statesByHashes(
      known.map((s) => s.emailHash).filter((h): h is string => Boolean(h)), known.map((s) => s.phoneHash).filter((h): h is string => Boolean(h)), db,
    );
    const emailState = new Map(states.filter((k) => k.email_hash).map((k) => [k.email_hash!, k.email_state]));
    const smsState = new Map(states.filter((k) => k.phone_hash).map((k) => [k.phone_hash!, k.sms_state]));
    for (const s of known) {
      const unsubscribed = (s.emailHash && emailState.get(s.emailHash) === 'unsubscribed') || (s.phoneHash && smsState.get(s.phoneHash) === 'unsubscribed');
      skip(s.row.row, unsubscribed ? 'unsubscribed before: not added again' : 'already subscribed');
    }
  }
}
