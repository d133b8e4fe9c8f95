import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { LONDON } from '../calendar/working-days.js';
import { CasesService } from '../cases/cases.service.js';
import { pastInstant } from '../cases/past-instant.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError, type FieldProblem } from '../http/input-error.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { addCaseEvent } from '../cases/cases.repository.js';
import { lockOpenCase } from '../cases/cases.repository.js';
import type { ChangeProceedingsDto, HearingDto, RecordProceedingsDto, WitnessServiceConsentDto } from './court.dto.js';
import { CourtMessages } from './court-messages.js';
import { CourtRepository } from './court.repository.js';
import { proceedingsViews } from './court-view.js';
import { CourtHearing, CourtProceedings } from './proceedings.entity.js';
import { SpecialMeasuresReminders } from './special-measures-reminders.js';
import { WitnessServiceReferrals } from './witness-service-referrals.js';

interface NewHearing {
  at: Date;
  description?: string;
}

/** Recording proceedings and their hearings, and what follows: the victim told, the Witness Service, the SPOC. */
@Injectable()
export class ProceedingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly messages: CourtMessages,
    private readonly repository: CourtRepository,
    private readonly referrals: WitnessServiceReferrals,
    private readonly reminders: SpecialMeasuresReminders,
    private readonly audit: AuditService,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
  ) {}

  async record(caseId: string, dto: RecordProceedingsDto, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    const now = this.clock.now();
    const hearings = futureHearings(dto.hearings, now);
    const consentAt = consentTime(dto.witnessServiceConsent, now);
    const id = await this.db.transaction(async (db) => {
      await lockOpenCase(db, caseId);
      const p = await db.save(db.create(CourtProceedings, {
        caseId,
        kind: dto.kind,
        court: dto.court.trim(),
        witnessServiceConsent: dto.witnessServiceConsent?.given ?? null,
        consentRecordedAt: consentAt,
        witnessServiceOfferedAt: null,
        needsEnc: this.cipher.sealOptional(dto.needs),
        specialMeasuresTaskId: null,
        recordedBy: caller.officerId,
      }));
      await this.saveHearings(p, hearings, db);
      await addCaseEvent(db, caseId, 'proceedings_recorded', now, caller.officerId, {
        proceedingsId: p.id, kind: p.kind, hearings: hearings.length, witnessServiceConsent: p.witnessServiceConsent,
      });
      await this.messages.hearingDates(p, db);
      if (p.witnessServiceConsent) await this.referrals.plan(p, caller.officerId, db);
      else await this.referrals.offer(p, caller.officerId, db);
      await this.reminders.remind(db, p.id);
      const personal = personalFields(dto.needs, hearings);
      if (personal.length) await this.audit.record(caller, 'victim_data_created', { caseId, victimId: c.victimId, fields: personal }, db);
      return p.id;
    });
    return (await proceedingsViews(this.db.manager, this.repository, this.cipher, caseId, [id]))[0];
  }

  /** New hearings (sent to the victim again when they change), a new court, consent, needs. */
  async change(caseId: string, proceedingsId: string, dto: ChangeProceedingsDto, caller: Caller) {
    if (dto.court === undefined && dto.hearings === undefined && dto.witnessServiceConsent === undefined && dto.needs === undefined) {
      throw InputError.of('court', 'required', 'Give court, hearings, witnessServiceConsent or needs');
    }
    const c = await this.cases.visibleCase(caseId, caller);
    const now = this.clock.now();
    const hearings = dto.hearings ? futureHearings(dto.hearings, now) : undefined;
    const consentAt = consentTime(dto.witnessServiceConsent, now);
    await this.db.transaction(async (db) => {
      await lockOpenCase(db, caseId);
      const p = await db.findOne(CourtProceedings, { where: { id: proceedingsId, caseId }, lock: { mode: 'pessimistic_write' } });
      if (!p) throw new NotFoundException('No proceedings with this id on this case');
      const before = await this.messages.upcomingHearings(p.id, db);
      let changed = false;
      const court = dto.court?.trim();
      if (court !== undefined && court !== p.court) {
        p.court = court;
        changed = true;
      }
      if (hearings) {
        await this.repository.deleteHearingsAfter(p.id, now, db);
        await this.saveHearings(p, hearings, db);
        changed ||= !sameHearings(before.map((h) => ({ at: h.at, description: this.cipher.openOptional(h.descriptionEnc) ?? undefined })), hearings);
      }
      if (dto.needs !== undefined) p.needsEnc = this.cipher.seal(dto.needs);
      const given = dto.witnessServiceConsent?.given;
      if (given !== undefined) {
        p.witnessServiceConsent = given;
        p.consentRecordedAt = consentAt;
      }
      await db.save(p);
      if (changed) {
        await this.messages.hearingDates(p, db);
        await addCaseEvent(db, caseId, 'hearings_changed', now, caller.officerId, { proceedingsId: p.id, hearings: hearings?.length ?? before.length });
      }
      if (given !== undefined) {
        await addCaseEvent(db, caseId, 'witness_service_consent_recorded', now, caller.officerId, { proceedingsId: p.id, given });
        if (given) await this.referrals.plan(p, caller.officerId, db);
        else {
          await this.referrals.cancel(p, caller.officerId, db);
          await this.referrals.offer(p, caller.officerId, db);
        }
      }
      const personal = personalFields(dto.needs, hearings ?? []);
      if (personal.length) await this.audit.record(caller, 'victim_data_changed', { caseId, victimId: c.victimId, fields: personal }, db);
    });
    const [view] = await proceedingsViews(this.db.manager, this.repository, this.cipher, caseId, [proceedingsId]);
    if (dto.needs === undefined && (view.needs || view.hearings.some((h) => h.description))) {
      await this.audit.record(caller, 'victim_data_read', { caseId, victimId: c.victimId, fields: ['proceedings.needs', 'proceedings.hearings.description'] });
    }
    return view;
  }

  /** Every proceedings on the case with its special measures; reading the needs is audited. */
  async list(caseId: string, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    const views = await proceedingsViews(this.db.manager, this.repository, this.cipher, caseId);
    if (views.length) {
      await this.audit.record(caller, 'victim_data_read', { caseId, victimId: c.victimId, fields: ['proceedings.needs', 'proceedings.hearings.description'] });
    }
    return views;
  }

  private async saveHearings(p: CourtProceedings, hearings: NewHearing[], db: EntityManager): Promise<void> {
    await db.insert(CourtHearing, hearings.map((h) => ({
      caseId: p.caseId, proceedingsId: p.id, at: h.at, descriptionEnc: this.cipher.sealOptional(h.description),
    })));
  }
}

/** Court listings further ahead than this are mistakes (the longest Crown Court waits are about two years). */
const HEARING_HORIZON_YEARS = 5;

/** Hearings as given, each of which must still be to come (within HEARING_HORIZON_YEARS); times without an offset are London time. */
function futureHearings(given: HearingDto[], now: Date): NewHearing[] {
  const problems: FieldProblem[] = [];
  const hearings = given.map((h, i) => {
    const at = DateTime.fromISO(h.at, { zone: LONDON }).toJSDate();
    if (!(at.getTime() > now.getTime())) {
      problems.push({ field: `hearings.${i}.at`, rule: 'inFuture', message: `hearings.${i}.at must be in the future` });
    } else if (at.getTime() > DateTime.fromJSDate(now).plus({ years: HEARING_HORIZON_YEARS }).toMillis()) {
      // A hearing keeps the case's data from retention and erasure until it has passed: a mistyped
      // year (9999) would keep it for ever.
      problems.push({ field: `hearings.${i}.at`, rule: 'withinYears', message: `hearings.${i}.at must be within ${HEARING_HORIZON_YEARS} years` });
    }
    return { at, description: h.description?.trim() || undefined };
  });
  if (problems.length) throw new InputError(problems);
  return hearings.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function consentTime(consent: WitnessServiceConsentDto | undefined, now: Date): Date | null {
  if (!consent) return null;
  return pastInstant(consent.recordedAt, 'witnessServiceConsent.recordedAt', now) ?? now;
}

function sameHearings(a: NewHearing[], b: NewHearing[]): boolean {
  const key = (hs: NewHearing[]) => hs.map((h) => `${h.at.toISOString()} ${h.description ?? ''}`).sort().join('|');
  return key(a) === key(b);
}

function personalFields(needs: string | undefined, hearings: NewHearing[]): string[] {
  return [...(needs !== undefined ? ['proceedings.needs'] : []), ...(hearings.some((h) => h.description) ? ['proceedings.hearings.description'] : [])];
}
