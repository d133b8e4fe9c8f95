import { addCaseEvent, lockOpenCase } from '../cases/cases.repository.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AgreementsService } from '../contacts/agreements.service.js';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { formatLondonDate, LONDON } from '../calendar/working-days.js';
import { CasesService } from '../cases/cases.service.js';
import { pastInstant } from '../cases/past-instant.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import type { DiarySheetsDto, EvidenceDto } from './case-journey.dto.js';
import { EvidenceItem } from './case-journey.entities.js';

/** Diary sheets are sent back within this many days unless the officer says otherwise. */
const DEFAULT_RETURN_DAYS = 28;

/** Helping the victim collect evidence: diary sheets out, evidence logged as it comes back. */
@Injectable()
export class EvidenceSupport {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly agreements: AgreementsService,
    private readonly planner: ContactPlanner,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** Diary sheets by email (PDF attached) or letter (sheets enclosed), with how to send them back. */
  async sendDiarySheets(caseId: string, dto: DiarySheetsDto, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    if (c.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
    const today = DateTime.fromJSDate(this.clock.now(), { zone: LONDON }).startOf('day');
    const returnBy = dto.returnBy ? DateTime.fromISO(dto.returnBy, { zone: LONDON }) : today.plus({ days: DEFAULT_RETURN_DAYS });
    if (returnBy <= today) throw InputError.of('returnBy', 'future', 'returnBy must be a date after today');
    const agreement = await this.agreements.find(caseId);
    const agreed = agreement?.channels ?? [];
    const channel = dto.channel ?? agreed.find((ch) => ch === 'email' || ch === 'letter');
    if (!channel || !agreed.includes(channel)) {
      throw InputError.of('channel', 'agreedChannel', `Diary sheets go by email or letter, and the victim has not agreed to ${dto.channel ?? 'either'}: hand them over in person or record a new contact agreement`);
    }
    const card = await this.cases.contactCard(caseId);
    if (!card.lead.address?.length) {
      throw InputError.of('id', 'returnAddress', `${card.lead.name} has no postal address for the sheets to be sent back to: an admin can add one`);
    }
    const diarySheets = {
      returnBy: formatLondonDate(returnBy.toJSDate()),
      returnAddress: [card.spoc?.name ?? card.lead.name, ...card.lead.address],
      returnEmail: card.spoc?.email ?? card.lead.email ?? null,
    };
    return this.db.transaction(async (db) => {
      await lockOpenCase(db, caseId);
      const contact = (await this.planner.planMessage(caseId, 'diary_sheet_cover', { diarySheets }, db, { channel }))!;
      await addCaseEvent(db, caseId, 'diary_sheets_sent', this.clock.now(), caller.officerId, { channel, returnBy: returnBy.toISODate(), contactId: contact.id });
      return { contactId: contact.id, channel, dueAt: contact.dueAt, returnBy: returnBy.toISODate() };
    });
  }

  /** Returned diary sheets, photos, recordings: logged against the case. */
  async record(caseId: string, dto: EvidenceDto, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    const now = this.clock.now();
    const receivedAt = pastInstant(dto.receivedAt, 'receivedAt', now) ?? now;
    return this.db.transaction(async (db) => {
      const item = await db.save(db.create(EvidenceItem, {
        caseId, kind: dto.kind, receivedAt, descriptionEnc: this.cipher.sealOptional(dto.description?.trim() || null), recordedBy: caller.officerId,
      }));
      await addCaseEvent(db, caseId, 'evidence_logged', now, caller.officerId, { evidenceId: item.id, kind: dto.kind });
      await this.audit.record(caller, 'victim_data_changed', { caseId, victimId: c.victimId, fields: ['evidence'] }, db);
      return this.view(item);
    });
  }

  async list(caseId: string, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    const items = await this.db.manager.find(EvidenceItem, { where: { caseId }, order: { receivedAt: 'ASC' } });
    await this.audit.record(caller, 'victim_data_read', { caseId, victimId: c.victimId, fields: ['evidence'] });
    return items.map((item) => this.view(item));
  }

  private view(item: EvidenceItem) {
    return {
      id: item.id, kind: item.kind, receivedAt: item.receivedAt, description: this.cipher.openOptional(item.descriptionEnc),
      recordedBy: item.recordedBy, createdAt: item.createdAt,
    };
  }
}
