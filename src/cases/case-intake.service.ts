import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { ClockService } from '../clock/clock.service.js';
import { normaliseEmail, normalisePostcode, postcodeDistrict, tidyAddress, toE164 } from '../contact-details/contact-details.js';
import { once, requestFingerprint } from '../http/idempotency.js';
import { postalAddressProblems, termsFromDto, termsProblems } from '../agreements/agreement-terms.js';
import { InputError } from '../http/input-error.js';
import { PartnershipService } from '../partnership/partnership.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { RiskAssessment } from '../risk/risk-assessment.entity.js';
import { RiskService } from '../risk/risk.service.js';
import { Settings } from '../settings/settings.js';
import { CaseOpened } from './case-opened.event.js';
import { RiskLevelChanged, type RiskChange } from './risk-level-changed.event.js';
import type { CreateCaseDto, FurtherIncidentDto, IncidentDto } from './case.dto.js';
import { Case } from './case.entity.js';
import { CasesRepository } from './cases.repository.js';
import { Incident } from './incident.entity.js';
import { pastDate, pastInstant } from './past-instant.js';
import { victimHashes } from './victim-identity.js';
import { Victim } from './victim.entity.js';

export type { RiskChange } from './risk-level-changed.event.js';
/**
 * What the messages need of a lead organisation: every email and letter gives its phone number
 * (and it is the victim's number to call when there is no named SPOC), so a case cannot be led by
 * an organisation without one.
 */
export function assertCanLead(organisation: { name: string; phone: string | null }): void {
  if (!organisation.phone?.trim()) {
    throw InputError.of('leadOrganisation.phone', 'required', `${organisation.name} has no phone number, which every email and letter to the victim gives: an admin must add one before it can lead a case`);
  }
}

/** Logging complaints: a new case, a further report on a case, a re-assessment of risk. */
@Injectable()
export class CaseIntakeService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly partnership: PartnershipService,
    private readonly risk: RiskService,
    private readonly calendar: CalendarService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly cipher: PersonalDataCipher,
    @Inject(Settings) private readonly settings: Settings,
    private readonly events: EventEmitter2,
  ) {}

  /** With an Idempotency-Key, a repeat of the same request returns the case it opened (see http/idempotency). */
  async open(dto: CreateCaseDto, caller: Caller, idempotencyKey?: string): Promise<{ id: string }> {
    const now = this.clock.now();
    const reportedAt = pastInstant(dto.reportedAt, 'reportedAt', now) ?? now;
    const occurredAt = pastInstant(dto.incident.occurredAt, 'incident.occurredAt', reportedAt);
    pastDate(dto.victim.dateOfBirth, 'victim.dateOfBirth', now);
    await this.checkLeadOrganisation(dto.leadOrganisationId);
    const spocOfficerId = await this.chooseSpoc(dto.spocOfficerId, dto.leadOrganisationId, caller);
    const assessment = this.risk.assess(dto.riskAssessment.answers, 'riskAssessment.answers', dto.incident);
    const postcode = normalisePostcode(dto.incident.postcode)!;
    const hashes = victimHashes(this.cipher, dto.victim, postcode);
    const deadline = this.calendar.responseDeadline(reportedAt, assessment.level);
    if (dto.contactAgreement) {
      // Checked against the details given, before anything is written: a bad agreement means no case.
      const victim = {
        name: dto.victim.name.trim(),
        phone: dto.victim.phone ? toE164(dto.victim.phone) : null,
        email: dto.victim.email ? normaliseEmail(dto.victim.email) : null,
        address: dto.victim.address ? tidyAddress(dto.victim.address) : null,
      };
      const terms = termsFromDto(dto.contactAgreement, assessment.level);
      const problems = termsProblems(terms, victim, 'contactAgreement.');
      // The address is in this body: say which of its lines cannot be posted to, as well as which channel needs it.
      if (terms.lettersToHome && terms.channels.includes('letter') && victim.address) problems.push(...postalAddressProblems(victim));
      if (problems.length) throw new InputError(problems);
    }

    const idempotent = { officerId: caller.officerId, route: 'POST /v1/cases', key: idempotencyKey, fingerprint: requestFingerprint(this.cipher, dto), now };
    return this.cases.transaction((db) => once(db, idempotent, async () => {
      if (dto.linkedCaseId && !(await this.cases.findVisible(dto.linkedCaseId, caller, db))) {
        throw InputError.of('linkedCaseId', 'exists', 'linkedCaseId does not name a case your organisation can see');
      }
      const earlierReports = await this.cases.countMatchingReports(hashes, this.windowStart(reportedAt), reportedAt, db);
      const victim = await db.save(
        db.create(Victim, {
          nameEnc: this.cipher.seal(dto.victim.name.trim()),
          preferredNameEnc: this.cipher.sealOptional(dto.victim.preferredName?.trim() || null),
          phoneEnc: this.cipher.sealOptional(dto.victim.phone ? toE164(dto.victim.phone) : null),
          emailEnc: this.cipher.sealOptional(dto.victim.email ? normaliseEmail(dto.victim.email) : null),
          addressEnc: dto.victim.address ? this.cipher.sealJson(tidyAddress(dto.victim.address)) : null,
          dateOfBirthEnc: this.cipher.sealOptional(dto.victim.dateOfBirth),
          ...hashes,
        }),
      );
      const year = DateTime.fromJSDate(reportedAt, { zone: 'Europe/London' }).year;
      const opened = await db.save(
        db.create(Case, {
          reference: await this.cases.nextReference(year, db),
          victimId: victim.id,
          leadOrganisationId: dto.leadOrganisationId,
          spocOfficerId,
          status: 'open',
          riskLevel: assessment.level,
          vulnerable: assessment.vulnerable,
          repeatVictim: earlierReports + 1 >= this.settings.repeatVictimReports,
          reportedAt,
          receivedOn: deadline.receivedOn,
          responseDueAt: deadline.dueAt,
          createdBy: caller.officerId,
          caseReviewCheckPending: true,
          linkedCaseId: dto.linkedCaseId ?? null,
        }),
      );
      await this.insertIncident(db, opened, dto.incident, reportedAt, occurredAt, caller);
      await this.insertAssessment(db, opened.id, assessment, caller, now);
      await this.cases.addEvent(db, {
        caseId: opened.id,
        type: 'case_opened',
        at: now,
        officerId: caller.officerId,
        detail: { riskLevel: opened.riskLevel, responseDueAt: opened.responseDueAt, repeatVictim: opened.repeatVictim, linkedCaseId: opened.linkedCaseId },
      });
      if (opened.linkedCaseId) {
        await this.cases.addEvent(db, { caseId: opened.linkedCaseId, type: 'new_case_linked', at: now, officerId: caller.officerId, detail: { caseId: opened.id, reference: opened.reference } });
      }
      if (caller.organisationId !== dto.leadOrganisationId) {
        await this.cases.share(db, opened.id, caller.organisationId, caller.officerId, now);
      }
      // In this transaction: the contact agreement is recorded with the case, or there is no case.
      await this.events.emitAsync(CaseOpened.event, new CaseOpened(opened, dto, caller, db));
      await this.audit.record(caller, 'victim_data_created', {
        caseId: opened.id,
        victimId: victim.id,
        fields: ['victim', 'incident.description', 'riskAssessment.answers'],
      }, db);
      return { id: opened.id };
    }));
  }

  async addIncident(caseId: string, dto: FurtherIncidentDto, caller: Caller): Promise<void> {
    const now = this.clock.now();
    const reportedAt = pastInstant(dto.reportedAt, 'reportedAt', now) ?? now;
    const occurredAt = pastInstant(dto.occurredAt, 'occurredAt', reportedAt);
    await this.cases.transaction(async (db) => {
      const found = await this.openCase(caseId, caller, db);
      const victim = await this.cases.victim(found.victimId, db);
      await this.insertIncident(db, found, dto, reportedAt, occurredAt, caller);
      const reports = await this.cases.countMatchingReports(victim, this.windowStart(reportedAt), reportedAt, db);
      await db.update(Case, { id: found.id }, {
        caseReviewCheckPending: true,
        ...(!found.repeatVictim && reports >= this.settings.repeatVictimReports ? { repeatVictim: true } : {}),
      });
      await this.audit.record(caller, 'victim_data_changed', { caseId, victimId: victim.id, fields: ['incident.description'] }, db);
    });
  }

  /**
   * A new assessment; a change of level moves the deadline while no response is recorded.
   * `answersField` is where the answers sit in the caller's request body, for the 400's field names.
   */
  async reassess(caseId: string, answers: unknown, answersField: string, caller: Caller, within?: EntityManager): Promise<RiskChange> {
    const reassess = (db: EntityManager) => this.reassessIn(db, caseId, answers, answersField, caller);
    const change = within ? await reassess(within) : await this.cases.transaction(reassess);
    // After the commit: evidence reviews re-plan the cadence and the review interval.
    if (change.from !== change.to && !within) await this.events.emitAsync(RiskLevelChanged.event, new RiskLevelChanged(caseId, change));
    return change;
  }

  private async reassessIn(db: EntityManager, caseId: string, answers: unknown, answersField: string, caller: Caller): Promise<RiskChange> {
    const assessment = this.risk.assess(answers, answersField);
    const now = this.clock.now();
    const found = await this.openCase(caseId, caller, db);
    await this.insertAssessment(db, found.id, assessment, caller, now);
    const changes: Partial<Case> = { riskLevel: assessment.level, vulnerable: assessment.vulnerable };
    if (!found.respondedAt && assessment.level !== found.riskLevel) {
      const deadline = this.calendar.responseDeadline(found.responseClockFrom ?? found.reportedAt, assessment.level);
      changes.responseDueAt = deadline.dueAt;
      changes.responseBreachNotedAt = null;
    }
    await db.update(Case, { id: found.id }, changes);
    await this.audit.record(caller, 'victim_data_changed', { caseId, victimId: found.victimId, fields: ['riskAssessment.answers'] }, db);
    return { from: found.riskLevel, to: assessment.level };
  }

  private async openCase(caseId: string, caller: Caller, db: EntityManager): Promise<Case> {
    const found = await this.cases.findVisible(caseId, caller, db, true);
    if (!found) throw new NotFoundException('No case with this id');
    if (found.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
    return found;
  }

  private async insertIncident(
    db: EntityManager,
    target: Case,
    incident: IncidentDto,
    reportedAt: Date,
    occurredAt: Date | undefined,
    caller: Caller,
  ): Promise<void> {
    const postcode = normalisePostcode(incident.postcode)!;
    await db.insert(Incident, {
      caseId: target.id,
      victimId: target.victimId,
      descriptionEnc: this.cipher.seal(incident.description.trim()),
      category: incident.category,
      hateMotivated: incident.hateMotivated,
      postcodeEnc: this.cipher.seal(postcode),
      postcodeDistrict: postcodeDistrict(postcode)!,
      occurredAt: occurredAt ?? null,
      reportedAt,
      recordedBy: caller.officerId,
    });
    await this.cases.addEvent(db, {
      caseId: target.id,
      type: 'incident_reported',
      at: this.clock.now(),
      officerId: caller.officerId,
      detail: { category: incident.category, hateMotivated: incident.hateMotivated, reportedAt },
    });
  }

  private async insertAssessment(
    db: EntityManager,
    caseId: string,
    assessment: ReturnType<RiskService['assess']>,
    caller: Caller,
    at: Date,
  ): Promise<void> {
    await db.insert(RiskAssessment, {
      caseId,
      answersEnc: this.cipher.sealJson(assessment.answers),
      score: assessment.score,
      level: assessment.level,
      vulnerable: assessment.vulnerable,
      questionnaireVersion: assessment.questionnaireVersion,
      assessedBy: caller.officerId,
      assessedAt: at,
    });
    await this.cases.addEvent(db, {
      caseId,
      type: 'risk_assessed',
      at,
      officerId: caller.officerId,
      detail: { level: assessment.level, score: assessment.score, vulnerable: assessment.vulnerable },
    });
  }

  /**
   * The lead organisation must exist and have someone to handle the case: an active case officer
   * or supervisor (issue 10: a lead with no one to be SPOC leaves the victim without contact).
   * 400 naming `leadOrganisationId` (rules `exists`, `hasActiveOfficers`).
   */
  async checkLeadOrganisation(id: string, db?: EntityManager): Promise<void> {
    const [found] = await this.partnership.findOrganisations([id]);
    if (!found) throw InputError.of('leadOrganisationId', 'exists', 'leadOrganisationId does not name a partner organisation');
    assertCanLead(found);
    if (!(await this.partnership.hasActiveCaseOfficers(id, db))) {
      throw InputError.of('leadOrganisationId', 'hasActiveOfficers', 'leadOrganisationId must name an organisation with an active case officer or supervisor');
    }
  }

  /** The named SPOC must be an active case officer or supervisor of the lead organisation. */
  async chooseSpoc(requested: string | undefined, leadOrganisationId: string, caller: Caller): Promise<string | null> {
    if (!requested) {
      const callerLeads = caller.organisationId === leadOrganisationId && caller.role !== 'comms';
      return callerLeads ? caller.officerId : null;
    }
    const [officer] = await this.partnership.findOfficers([requested]);
    if (!officer || !officer.active) throw InputError.of('spocOfficerId', 'exists', 'spocOfficerId does not name an active officer');
    if (officer.organisationId !== leadOrganisationId) {
      throw InputError.of('spocOfficerId', 'sameOrganisation', 'spocOfficerId must be an officer of the lead organisation');
    }
    if (officer.role !== 'officer' && officer.role !== 'supervisor') {
      throw InputError.of('spocOfficerId', 'caseOfficer', 'spocOfficerId must be a case officer or supervisor');
    }
    return officer.id;
  }

  private windowStart(reportedAt: Date): Date {
    return DateTime.fromJSDate(reportedAt).minus({ months: this.settings.repeatVictimWindowMonths }).toJSDate();
  }
}
