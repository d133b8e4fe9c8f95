import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditAction } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { formatLondonDate } from '../calendar/working-days.js';
import { LetterPost } from '../channels/letter/letter-post.service.js';
import { pastInstant } from '../cases/past-instant.js';
import { ClockService } from '../clock/clock.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { CaseErasureRepository } from '../cases/case-erasure.repository.js';
import { Anonymiser } from './anonymiser.js';
import { DataRightsRepository } from './data-rights.repository.js';
import type { ErasureDto } from './data-rights.dto.js';
import { casesOnHold, holdMessage } from './legal-hold.js';
import { removeOutboxCopies } from './outbox-copies.js';
import { personRecords } from './person-records.js';

export const VICTIM_DATA_ERASED: AuditAction = 'victim_data_erased';

/**
 * The right to erasure (UK GDPR Art. 17), where the law allows it: never while a case is open
 * (the data is needed to handle it) or a court hearing is to come (legal claims, Art. 17(3)(e)).
 * Erasing is the retention job's anonymisation, now, for every case of the person that the
 * supervisor's organisation leads; the cases stay, anonymised, and still count in reports.
 * The audit log keeps who erased what (field names, never values); the reason is kept sealed
 * as the record of the request. Every copy goes (issue 10): the database's, the training
 * outbox's (texts, emails, letters, Witness Service referrals) and the person's letters in
 * stored print runs, which are rebuilt without them (see LetterPost.withdrawFromStoredRuns).
 */
@Injectable()
export class Erasure {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly anonymiser: Anonymiser,
    private readonly repository: DataRightsRepository,
    private readonly cases: CaseErasureRepository,
    private readonly letters: LetterPost,
    private readonly audit: AuditService,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /** Erases the person's data on every case the caller's organisation leads, if the law allows it now; returns what was erased. */
  async erase(victimId: string, dto: ErasureDto, caller: Caller) {
    const now = this.clock.now();
    const requestReceivedAt = pastInstant(dto.requestReceivedAt, 'requestReceivedAt', now) ?? now;
    const done = await this.db.transaction(async (db) => {
      const person = await personRecords(this.repository, db, victimId, caller, { scope: 'led', lock: true });
      const erasedAt = await this.cases.victimErasedAt(victimId, db);
      if (erasedAt) {
        throw new ConflictException(`This victim's personal data was already erased on ${formatLondonDate(erasedAt)}`);
      }
      const caseIds = person.cases.map((c) => c.id);
      const holds = await casesOnHold(this.repository, db, caseIds, now);
      if (holds.length) throw new ConflictException(holdMessage(holds));

      const { fields, contactIds } = await this.anonymiser.anonymise(db, caseIds, now, 'erasure', caller.officerId);
      await this.cases.markVictimsErased(person.victimIds, now, db);
      for (const c of person.cases) {
        await this.audit.record(caller, VICTIM_DATA_ERASED, { caseId: c.id, victimId: c.victimId, fields }, db);
        await this.repository.recordErasureRequest(
          {
            caseId: c.id,
            victimId: c.victimId,
            requestReceivedAt,
            erasedAt: now,
            erasedBy: caller.officerId,
            organisationId: caller.organisationId,
            reasonEnc: this.cipher.seal(dto.reason.trim()),
          },
          db,
        );
      }
      const rewriteOutboxRuns = await this.letters.withdrawFromStoredRuns(db, contactIds);
      return { person, fields, contactIds, rewriteOutboxRuns };
    });
    await removeOutboxCopies(this.settings.outboxDir, done.contactIds);
    await done.rewriteOutboxRuns();
    return {
      victimId,
      erasedAt: now,
      requestReceivedAt,
      erasedBy: caller.officerId,
      cases: done.person.cases.map((c) => ({ id: c.id, reference: c.reference, victimId: c.victimId, matchedBy: c.matchedBy })),
      fieldsErased: done.fields,
      /** Cases of the same person led by other partners: not erased; they must be asked. */
      casesLedByOtherPartners: done.person.heldElsewhere,
    };
  }
}
