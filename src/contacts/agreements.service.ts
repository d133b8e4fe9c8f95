import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { CaseOpened } from '../cases/case-opened.event.js';
import { addCaseEvent } from '../cases/cases.repository.js';
import { pastInstant } from '../cases/past-instant.js';
import type { Case } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { CaseProgressRepository } from '../cases/case-progress.repository.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import type { RiskLevel } from '../risk/questionnaire.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import type { ConsentDto, ContactAgreementChangeDto, ContactAgreementDto } from '../agreements/agreements.dto.js';
import { type AgreementTerms, changedFields, defaultCadence, termsFromDto, termsProblems } from '../agreements/agreement-terms.js';
import { ContactAgreement } from '../agreements/contact-agreement.entity.js';
import { ContactsRepository } from './contacts.repository.js';

export { DEFAULT_CADENCE, HIGH_RISK_DEFAULT_CADENCE, defaultCadence } from '../agreements/agreement-terms.js';

/** The SPOC is asked to agree contact this long before the first-response deadline. */
export const AGREE_CONTACT_BEFORE_DEADLINE_MS = 2 * 3_600_000;

export function termsOf(a: ContactAgreement): AgreementTerms {
  return {
    channels: a.channels,
    cadence: { every: a.cadenceEvery, unit: a.cadenceUnit, explicit: a.cadenceExplicit },
    safeWindows: a.safeWindows,
    discreet: a.discreet,
    lettersToHome: a.lettersToHome,
    voicemailSafe: a.voicemailSafe,
    largePrint: a.largePrint,
  };
}

/**
 * Each victim's contact agreement: the only word on how, when and how often to contact them.
 * There is no default: until an officer records it, nothing goes to the victim.
 */
@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly tasks: OfficerTasks,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly caseRecords: CaseProgressRepository,
    private readonly plans: ContactsRepository,
  ) {}

  /** On CaseOpened, in the new case's transaction; a throw means no case. */
  @OnEvent(CaseOpened.event, { suppressErrors: false })
  onCaseOpened({ opened, dto, caller, db }: CaseOpened): Promise<void> {
    return this.startCase(opened, dto.contactAgreement, caller, db);
  }

  find(caseId: string, db: EntityManager = this.db.manager): Promise<ContactAgreement | null> {
    return db.findOneBy(ContactAgreement, { caseId });
  }

  /**
   * The agreement, row-locked until `db`'s transaction ends: every change to a case's plan (the
   * officer's words, a re-plan, a holding update) takes this lock first, so two cannot interleave
   * and plan the next update twice, or on a cadence that has just changed. Null: none recorded.
   */
  findForPlanning(caseId: string, db: EntityManager): Promise<ContactAgreement | null> {
    return db.findOne(ContactAgreement, { where: { caseId }, lock: { mode: 'pessimistic_write' } });
  }

  async findMany(caseIds: string[]): Promise<Map<string, ContactAgreement>> {
    if (caseIds.length === 0) return new Map();
    const found = await this.plans.agreementsOf(caseIds);
    return new Map(found.map((a) => [a.caseId, a]));
  }

  async get(caseId: string, caller: Caller) {
    await this.cases.visibleCase(caseId, caller);
    const found = await this.find(caseId);
    if (!found) throw new NotFoundException('No contact agreement has been recorded for this case yet');
    return view(found);
  }

  /**
   * In the new case's own transaction: its agreement (checked by CaseIntakeService before
   * anything was written), or, without one, an `agree_contact` task for the SPOC due before
   * the first-response deadline. Nothing goes to the victim until the agreement is recorded.
   */
  private async startCase(opened: Case, dto: ContactAgreementDto | undefined, caller: Caller, db: EntityManager): Promise<void> {
    if (dto) {
      await this.store(opened.id, termsFromDto(dto, opened.riskLevel), dto.consents, caller, db, null, 'case_opened');
      return;
    }
    const now = this.clock.now();
    const dueAt = new Date(Math.max(now.getTime(), opened.responseDueAt.getTime() - AGREE_CONTACT_BEFORE_DEADLINE_MS));
    await this.tasks.create({
      caseId: opened.id, officerId: opened.spocOfficerId, kind: 'agree_contact', dueAt,
      briefing: {
        purpose: 'contact_agreement',
        whatToCover: `Agree with the victim how, when and how often we may contact them, and whether it must be discreet, then record it with PUT /v1/cases/${opened.id}/contact-agreement. Nothing is sent to them until then, not even the acknowledgement.`,
      },
    }, db);
  }

  /**
   * Stores the whole agreement from a PUT, within the caller's transaction `db`. Everything the
   * planner and the senders will use is checked here with their own rules, so nothing stored
   * can stop them: a 400 names the field, and nothing is written.
   */
  async record(caseId: string, dto: ContactAgreementDto, caller: Caller, db: EntityManager): Promise<ContactAgreement> {
    const visible = await this.openCase(caseId, caller);
    const terms = termsFromDto(dto, visible.riskLevel);
    await this.check(caseId, terms);
    const stored = await this.store(caseId, terms, dto.consents, caller, db, await this.find(caseId, db), 'PUT');
    await this.audit.record(caller, 'victim_data_changed', { caseId, victimId: visible.victimId, fields: ['contactAgreement'] });
    return stored;
  }

  /** A PATCH: only the fields named change, and the whole result is checked as a PUT would be. */
  async change(caseId: string, dto: ContactAgreementChangeDto, caller: Caller, db: EntityManager): Promise<ContactAgreement> {
    const visible = await this.openCase(caseId, caller);
    if (Object.values(dto).every((v) => v === undefined)) {
      throw InputError.of('channels', 'anyField', 'Name at least one field of the contact agreement to change');
    }
    const previous = await this.find(caseId, db);
    if (!previous) throw new ConflictException('No contact agreement has been recorded for this case yet: record the whole agreement with PUT first');
    const before = termsOf(previous);
    const terms: AgreementTerms = {
      channels: dto.channels ?? before.channels,
      cadence: dto.cadence === null
        ? { ...defaultCadence(visible.riskLevel), explicit: false }
        : dto.cadence ? { every: dto.cadence.every, unit: dto.cadence.unit, explicit: true } : before.cadence,
      safeWindows: { ...before.safeWindows, ...dto.safeWindows },
      discreet: dto.discreet ?? before.discreet,
      lettersToHome: dto.lettersToHome ?? before.lettersToHome,
      voicemailSafe: dto.voicemailSafe ?? before.voicemailSafe,
      largePrint: dto.largePrint ?? before.largePrint,
    };
    await this.check(caseId, terms);
    const stored = await this.store(caseId, terms, dto.consents, caller, db, previous, 'PATCH');
    await this.audit.record(caller, 'victim_data_changed', { caseId, victimId: visible.victimId, fields: ['contactAgreement'] });
    return stored;
  }

  private async openCase(caseId: string, caller: Caller): Promise<Case> {
    const visible = await this.cases.visibleCase(caseId, caller);
    if (visible.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
    return visible;
  }

  private async check(caseId: string, terms: AgreementTerms): Promise<void> {
    const card = await this.cases.contactCard(caseId);
    const problems = termsProblems(terms, card.victim);
    if (problems.length) throw new InputError(problems);
  }

  /** Writes checked terms, clears the case's hold, and notes in the case history who changed which fields. */
  private async store(
    caseId: string, terms: AgreementTerms, consents: ConsentDto[] | undefined, caller: Caller, db: EntityManager,
    previous: ContactAgreement | null, via: 'case_opened' | 'PUT' | 'PATCH',
  ): Promise<ContactAgreement> {
    const now = this.clock.now();
    const given = new Map((previous?.consents ?? []).map((c) => [c.channel, c.givenAt]));
    const prefix = via === 'case_opened' ? 'contactAgreement.' : '';
    (consents ?? []).forEach((consent, i) => {
      // A consent is a fact of the past (training: the training clock's past), and not from before 1900.
      given.set(consent.channel, pastInstant(consent.givenAt, `${prefix}consents[${i}].givenAt`, now)!.toISOString());
    });
    const agreement = Object.assign(new ContactAgreement(), {
      caseId,
      channels: terms.channels,
      cadenceEvery: terms.cadence.every,
      cadenceUnit: terms.cadence.unit,
      cadenceExplicit: terms.cadence.explicit,
      safeWindows: terms.safeWindows,
      discreet: terms.discreet,
      lettersToHome: terms.lettersToHome,
      voicemailSafe: terms.voicemailSafe,
      largePrint: terms.largePrint,
      consents: terms.channels.map((channel) => ({ channel, givenAt: given.get(channel) ?? now.toISOString() })),
      recordedBy: caller.officerId,
      updatedAt: now,
    });
    await db.save(agreement);
    // A victim who could not be told about the ASB Case Review before can be now; a case held
    // back by a contact problem is planned again with the agreement just checked.
    await this.caseRecords.contactAgreed(caseId, now, db);
    await this.tasks.completeOpen(caseId, 'agree_contact', now, db);
    const fields = changedFields(previous ? termsOf(previous) : null, terms);
    if (!previous || fields.length) {
      await addCaseEvent(db, caseId, previous ? 'contact_agreement_changed' : 'contact_agreement_recorded', now, caller.officerId, { fields, via });
    }
    return agreement;
  }

  /**
   * A new risk level changes a cadence left to us; a cadence the victim chose stays as agreed.
   * Returns whether it changed.
   */
  async applyRiskCadence(caseId: string, risk: RiskLevel, db: EntityManager): Promise<boolean> {
    const found = await this.find(caseId, db);
    const cadence = defaultCadence(risk);
    if (!found || found.cadenceExplicit || (found.cadenceEvery === cadence.every && found.cadenceUnit === cadence.unit)) return false;
    const now = this.clock.now();
    await db.update(ContactAgreement, { caseId }, { cadenceEvery: cadence.every, cadenceUnit: cadence.unit, updatedAt: now });
    await addCaseEvent(db, caseId, 'contact_agreement_changed', now, null, { fields: ['cadence'], via: 'risk_level', riskLevel: risk });
    return true;
  }

  /** Removes SMS after a STOP reply; returns whether it was there. */
  async withdrawSms(caseId: string, db: EntityManager): Promise<boolean> {
    const found = await this.find(caseId, db);
    if (!found || !found.channels.includes('sms')) return false;
    found.channels = found.channels.filter((c) => c !== 'sms');
    found.consents = found.consents.filter((c) => c.channel !== 'sms');
    found.updatedAt = this.clock.now();
    await db.save(found);
    await addCaseEvent(db, caseId, 'contact_agreement_changed', found.updatedAt, null, { fields: ['channels'], via: 'stop_reply' });
    return true;
  }
}

export function view(a: ContactAgreement) {
  return {
    caseId: a.caseId,
    channels: a.channels,
    cadence: { every: a.cadenceEvery, unit: a.cadenceUnit },
    /** True while the victim left the cadence to us: it follows the risk level. */
    cadenceFollowsRisk: !a.cadenceExplicit,
    safeWindows: a.safeWindows,
    discreet: a.discreet,
    lettersToHome: a.lettersToHome,
    voicemailSafe: a.voicemailSafe,
    largePrint: a.largePrint,
    consents: a.consents,
    recordedBy: a.recordedBy,
    updatedAt: a.updatedAt,
  };
}
