import { ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service.js';
import { formatLondonDate } from '../calendar/working-days.js';
import { DateTime } from 'luxon';
import { isEligibleForCaseReview } from './case-review-eligibility.js';
import { Settings } from '../settings/settings.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import { PartnershipService } from '../partnership/partnership.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import type { ListCasesQuery, RecordResponseDto, UpdateCaseDto } from './case.dto.js';
import { Case } from './case.entity.js';
import { assessmentView, caseDetail, caseSummary } from './case-view.js';
import { CaseIntakeService } from './case-intake.service.js';
import { type CaseFilters, CasesRepository } from './cases.repository.js';
import { emailHash, phoneHash } from '../contact-details/contact-hashes.js';
import { normaliseEmail, normaliseName, toE164 } from '../contact-details/contact-details.js';

/** What an officer can search cases by; each is an exact match. */
export interface CaseSearch {
  reference?: string;
  phone?: string;
  email?: string;
  name?: string;
  postcode?: string;
}
import { pastInstant } from './past-instant.js';

/** Reading cases, reassigning them, sharing them, and recording the first response. */
@Injectable()
export class CasesService {
  private readonly logger = new Logger(CasesService.name);

  constructor(
    private readonly cases: CasesRepository,
    private readonly intake: CaseIntakeService,
    private readonly partnership: PartnershipService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly cipher: PersonalDataCipher,
    @Inject(Settings) private readonly settings: Settings,
    private readonly calendar: CalendarService,
  ) {}

  /** The whole case with the victim's details; every such read is audited. */
  async detail(id: string, caller: Caller, audited: 'victim_data_read' | null = 'victim_data_read') {
    const c = await this.visibleCase(id, caller);
    const [victim, incidents, assessments, events, shares, [lead], spocs, reopenings] = await Promise.all([
      this.cases.victim(c.victimId),
      this.cases.incidents(c.id),
      this.cases.riskAssessments(c.id),
      this.cases.history(c.id),
      this.cases.shares(c.id),
      this.partnership.findOrganisations([c.leadOrganisationId]),
      this.partnership.findOfficers(c.spocOfficerId ? [c.spocOfficerId] : []),
      this.cases.reopenings(c.id),
    ]);
    // A reopening's reason is sealed apart from the history; officers reading the case see it there.
    const reasons = new Map(reopenings.map((r) => [r.id, this.cipher.openOptional(r.reasonEnc)]));
    const history = events.map((e) =>
      e.type === 'case_reopened' && reasons.has(e.detail.reopeningId as string)
        ? { ...e, detail: { ...e.detail, reason: reasons.get(e.detail.reopeningId as string) } }
        : e,
    );
    if (audited) {
      await this.audit.record(caller, audited, {
        caseId: c.id,
        victimId: c.victimId,
        fields: ['victim', 'incident.description', 'riskAssessment.answers'],
      });
    }
    const parts = { c, victim, incidents, assessments, history, shares, lead, spoc: spocs[0] ?? null };
    return { ...caseDetail(parts, this.cipher, this.clock.now()), ...(await this.caseReview(c.id)) };
  }

  /** Whether the victim may ask for an ASB Case Review, and the complaints that count. */
  async caseReview(caseId: string) {
    const since = DateTime.fromJSDate(this.clock.now()).minus({ months: this.settings.caseReview.windowMonths }).toJSDate();
    const complaints = await this.cases.qualifyingComplaints(caseId, since);
    return {
      caseReviewEligible: isEligibleForCaseReview(complaints, this.settings.caseReview),
      caseReviewComplaints: complaints.map(({ incidentId, caseReference, reportedAt, hateMotivated }) => ({ incidentId, caseReference, reportedAt, hateMotivated })),
    };
  }

  /**
   * Finds cases by exact reference (`ASB-2026-000123` or `2026-000123`) or by the victim's phone,
   * email, or name with postcode, compared through the keyed hashes: nothing is decrypted to
   * search. Filters as `list`. Returns summaries (no personal data). A search term that cannot
   * match anything (a phone number that is not one) finds nothing.
   */
  async search(terms: CaseSearch, query: ListCasesQuery, caller: Caller) {
    const reference = terms.reference?.trim().toUpperCase().replace(/^(\d{4}-\d{6})$/, 'ASB-$1');
    const phone = terms.phone ? toE164(terms.phone) : null;
    const victim = {
      phoneHash: phone ? phoneHash(this.cipher, phone) : null,
      emailHash: terms.email?.trim() ? emailHash(this.cipher, normaliseEmail(terms.email)) : null,
      namePostcodeHash: terms.name?.trim() && terms.postcode?.trim()
        ? this.cipher.matchHash(`name-postcode:${normaliseName(terms.name)}|${terms.postcode.toUpperCase().replace(/\s/g, '')}`)
        : null,
    };
    const byVictim = Boolean(victim.phoneHash || victim.emailHash || victim.namePostcodeHash);
    if (!reference && !byVictim) return [];
    return this.list(query, caller, { reference: reference || undefined, victim: byVictim ? victim : undefined });
  }

  async list(query: ListCasesQuery, caller: Caller, match: Pick<CaseFilters, 'reference' | 'victim'> = {}) {
    const now = this.clock.now();
    const found = await this.cases.listVisible(caller, {
      ...match,
      status: query.status,
      riskLevel: query.riskLevel,
      spocOfficerId: query.spocOfficerId,
      overdueAt: query.overdue === 'true' ? now : undefined,
      notOverdueAt: query.overdue === 'false' ? now : undefined,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
    const spocIds = [...new Set(found.map((c) => c.spocOfficerId).filter((id): id is string => Boolean(id)))];
    const spocs = new Map((await this.partnership.findOfficers(spocIds)).map((o) => [o.id, o]));
    return found.map((c) => caseSummary(c, now, c.spocOfficerId ? spocs.get(c.spocOfficerId) : null));
  }

  /**
   * Supervisors of the lead organisation reassign the SPOC or hand the lead to another partner
   * (issue 10: a partner the case is only shared with must not take it over, and with it the
   * victim's data rights). Errors: 404 when the caller's organisation cannot see the case; 403
   * when it sees the case only because it was shared; 409 when the case is closed; 400 naming
   * `leadOrganisationId` for an unknown partner or one with no active case officer, and
   * `spocOfficerId` for a SPOC who is not an active officer of the lead.
   */
  async reassign(id: string, dto: UpdateCaseDto, caller: Caller): Promise<void> {
    if (dto.spocOfficerId === undefined && dto.leadOrganisationId === undefined) {
      throw InputError.of('spocOfficerId', 'required', 'Give spocOfficerId, leadOrganisationId or both');
    }
    await this.cases.transaction(async (db) => {
      const c = await this.cases.findVisible(id, caller, db, true);
      if (!c) throw new NotFoundException('No case with this id');
      if (c.leadOrganisationId !== caller.organisationId) {
        throw new ForbiddenException("Only the lead organisation's supervisors may reassign this case");
      }
      if (c.status !== 'open') throw new ConflictException('The case is closed: a closed case cannot be reassigned');
      const lead = dto.leadOrganisationId ?? c.leadOrganisationId;
      if (dto.leadOrganisationId && dto.leadOrganisationId !== c.leadOrganisationId) {
        await this.intake.checkLeadOrganisation(dto.leadOrganisationId, db);
      }
      const spoc = dto.spocOfficerId
        ? await this.intake.chooseSpoc(dto.spocOfficerId, lead, caller)
        : lead === c.leadOrganisationId
          ? c.spocOfficerId
          : null; // a new lead organisation assigns its own SPOC
      const now = this.clock.now();
      if (lead !== c.leadOrganisationId) {
        // The previous lead keeps sight of the case it handed over.
        await this.cases.share(db, c.id, c.leadOrganisationId, caller.officerId, now);
        await this.cases.addEvent(db, {
          caseId: c.id, type: 'lead_organisation_changed', at: now, officerId: caller.officerId,
          detail: { from: c.leadOrganisationId, to: lead },
        });
      }
      if (spoc !== c.spocOfficerId) {
        await this.cases.addEvent(db, {
          caseId: c.id, type: 'spoc_changed', at: now, officerId: caller.officerId,
          detail: { from: c.spocOfficerId, to: spoc },
        });
      }
      await db.update(Case, { id: c.id }, { leadOrganisationId: lead, spocOfficerId: spoc });
    });
  }

  /** The first response to the victim, which stops the SLA clock. Recorded once. */
  async recordResponse(id: string, dto: RecordResponseDto, caller: Caller): Promise<void> {
    const now = this.clock.now();
    const respondedAt = pastInstant(dto.respondedAt, 'respondedAt', now) ?? now;
    await this.cases.transaction(async (db) => {
      const c = await this.cases.findVisible(id, caller, db, true);
      if (!c) throw new NotFoundException('No case with this id');
      if (c.respondedAt) throw new ConflictException(`The first response was already recorded at ${c.respondedAt.toISOString()}`);
      if (respondedAt < c.reportedAt) {
        throw InputError.of('respondedAt', 'afterReport', 'respondedAt must not be earlier than the complaint was received');
      }
      await db.update(Case, { id: c.id }, { respondedAt });
      await this.cases.addEvent(db, {
        caseId: c.id, type: 'first_response_recorded', at: now, officerId: caller.officerId,
        detail: { respondedAt, method: dto.method ?? null, withinDeadline: respondedAt <= c.responseDueAt },
      });
    });
  }

  /**
   * Opens a closed case again, within the caller's transaction, when the victim says the
   * behaviour has started again: only the lead organisation's officers may; not a case that has
   * been anonymised, nor one closed more than CASE_REOPEN_WINDOW_MONTHS ago (log a new case with
   * `linkedCaseId` instead). The SLA clock starts again from now: a new first-response deadline
   * by risk, counted in working days. Returns what the caller needs to plan the victim's messages.
   */
  async reopen(id: string, reason: string, caller: Caller, db: EntityManager) {
    const c = await this.cases.findVisible(id, caller, db, true);
    if (!c) throw new NotFoundException('No case with this id');
    if (caller.organisationId !== c.leadOrganisationId) throw new ForbiddenException('Only the lead organisation may reopen the case');
    if (c.status === 'open') throw new ConflictException('The case is open');
    const newCase = 'log a new case with linkedCaseId naming this one';
    if (c.anonymisedAt) throw new ConflictException(`The case was anonymised on ${formatLondonDate(c.anonymisedAt)} and cannot be reopened: ${newCase}`);
    const now = this.clock.now();
    const months = this.settings.reopenWindowMonths;
    if (!c.closedAt || DateTime.fromJSDate(c.closedAt).plus({ months }) < DateTime.fromJSDate(now)) {
      throw new ConflictException(`The case was closed${c.closedAt ? ` on ${formatLondonDate(c.closedAt)}` : ''}, more than ${months} months ago: ${newCase}`);
    }
    const deadline = this.calendar.responseDeadline(now, c.riskLevel);
    const reopeningId = await this.cases.reopen(db, c, {
      at: now, by: caller.officerId, reasonEnc: this.cipher.seal(reason.trim()), responseDueAt: deadline.dueAt,
    });
    return { reopeningId, previouslyClosedAt: c.closedAt, responseDueAt: deadline.dueAt, riskLevel: c.riskLevel, at: now };
  }

  async assessments(id: string, caller: Caller) {
    const c = await this.visibleCase(id, caller);
    const found = await this.cases.riskAssessments(c.id);
    await this.audit.record(caller, 'victim_data_read', { caseId: c.id, victimId: c.victimId, fields: ['riskAssessment.answers'] });
    return found.map((a) => assessmentView(a, this.cipher));
  }

  /**
   * Who to contact and on whose behalf, for sending a message: the victim's details, the lead
   * organisation and the SPOC. System use only (no officer is reading, so no audit entry).
   */
  async contactCard(caseId: string) {
    const card = (await this.contactCards([caseId])).get(caseId);
    if (!card) throw new NotFoundException('No case with this id');
    return card;
  }

  async contactCards(caseIds: string[]) {
    const found = await this.cases.casesWithParties(caseIds);
    return new Map(
      found.map(({ c, victim, lead, spoc }) => [
        c.id,
        {
          case: c,
          victim: {
            name: this.cipher.openOptional(victim.nameEnc) ?? '',
            preferredName: this.cipher.openOptional(victim.preferredNameEnc),
            phone: this.cipher.openOptional(victim.phoneEnc),
            email: this.cipher.openOptional(victim.emailEnc),
            address: victim.addressEnc ? this.cipher.openJson<string[]>(victim.addressEnc) : null,
          },
          lead,
          spoc,
        },
      ]),
    );
  }

  /** Daily: every case past its deadline without a response gets one entry in its history. */
  async noteMissedDeadlines(): Promise<number> {
    const missed = await this.cases.markMissedDeadlines(this.clock.now());
    if (missed.length) this.logger.warn({ cases: missed.length }, 'First-response deadlines missed');
    return missed.length;
  }

  /** The case if the caller's organisation may see it; 404 otherwise. */
  async visibleCase(id: string, caller: Caller): Promise<Case> {
    const c = await this.cases.findVisible(id, caller);
    if (!c) throw new NotFoundException('No case with this id');
    return c;
  }
}
