import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { CasesService } from '../cases/cases.service.js';
import { validatePostalAddress } from '../channels/letter/postal-address.js';
import { ClockService } from '../clock/clock.service.js';
import { isMobileNumber } from '../contact-details/contact-details.js';
import type { ContactChannel } from '../contacts/contact.entity.js';
import type { ContactCard } from '../contacts/render-data.js';
import { FieldProblem, InputError } from '../http/input-error.js';
import type { ContactAgreementDto } from './agreements.dto.js';
import { DEFAULT_SAFE_WINDOW, validateSafeWindow } from './contact-timing.js';
import type { RiskLevel } from '../risk/questionnaire.js';
import { ContactAgreement, SafeWindows } from './contact-agreement.entity.js';

/**
 * Without an agreement yet: texts and calls at the standard safe times, and updates fortnightly,
 * or weekly while the risk is high.
 */
export const DEFAULT_CADENCE = { every: 10, unit: 'workingDays' } as const;
export const HIGH_RISK_DEFAULT_CADENCE = { every: 5, unit: 'workingDays' } as const;
export const defaultCadence = (risk: RiskLevel) => (risk === 'high' ? HIGH_RISK_DEFAULT_CADENCE : DEFAULT_CADENCE);
const DEFAULT_WINDOWS: SafeWindows = { sms: DEFAULT_SAFE_WINDOW, phone: DEFAULT_SAFE_WINDOW };

/** Each victim's contact agreement: the only word on how, when and how often to contact them. */
@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
  ) {}

  find(caseId: string, db: EntityManager = this.db.manager): Promise<ContactAgreement | null> {
    return db.findOneBy(ContactAgreement, { caseId });
  }

  async findMany(caseIds: string[]): Promise<Map<string, ContactAgreement>> {
    if (caseIds.length === 0) return new Map();
    const found = await this.db.manager.createQueryBuilder(ContactAgreement, 'a').where('a.case_id IN (:...caseIds)', { caseIds }).getMany();
    return new Map(found.map((a) => [a.caseId, a]));
  }

  async get(caseId: string, caller: Caller) {
    await this.cases.visibleCase(caseId, caller);
    const found = await this.find(caseId);
    if (!found) throw new NotFoundException('No contact agreement has been recorded for this case yet');
    return view(found);
  }

  /**
   * Stores the victim's agreement, within the caller's transaction `db`. Everything the planner
   * and the senders will use is checked here with their own rules, so nothing stored can stop
   * them: a 400 names the field, and nothing is written.
   */
  async record(caseId: string, dto: ContactAgreementDto, caller: Caller, db: EntityManager): Promise<ContactAgreement> {
    const visible = await this.cases.visibleCase(caseId, caller);
    if (visible.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
    const card = await this.cases.contactCard(caseId);
    const problems = channelProblems(dto.channels, card, dto.lettersToHome ?? true);
    for (const [channel, window] of Object.entries(dto.safeWindows ?? {})) {
      if (window === undefined) continue;
      for (const p of validateSafeWindow(window, `safeWindows.${channel}`)) problems.push({ ...p, rule: 'safeWindow' });
    }
    if (problems.length) throw new InputError(problems);
    const now = this.clock.now();
    const previous = await this.find(caseId, db);
    const given = new Map((previous?.consents ?? []).map((c) => [c.channel, c.givenAt]));
    for (const consent of dto.consents ?? []) given.set(consent.channel, new Date(consent.givenAt).toISOString());
    const agreement = Object.assign(new ContactAgreement(), {
      caseId,
      channels: dto.channels,
      cadenceEvery: dto.cadence.every,
      cadenceUnit: dto.cadence.unit,
      safeWindows: { ...DEFAULT_WINDOWS, ...dto.safeWindows },
      discreet: dto.discreet ?? false,
      lettersToHome: dto.lettersToHome ?? true,
      voicemailSafe: dto.voicemailSafe ?? false,
      largePrint: dto.largePrint ?? false,
      consents: dto.channels.map((channel) => ({ channel, givenAt: given.get(channel) ?? now.toISOString() })),
      recordedBy: caller.officerId,
      updatedAt: now,
    });
    await db.save(agreement);
    // A victim who could not be told about the ASB Case Review before can be now.
    await db.query('UPDATE cases SET case_review_check_pending = true WHERE id = $1 AND case_review_notified_at IS NULL', [caseId]);
    // A case held back by a contact problem is planned again with the agreement just checked.
    await db.query('UPDATE cases SET contact_problem = NULL, contact_problem_at = NULL WHERE id = $1', [caseId]);
    await this.audit.record(caller, 'victim_data_changed', { caseId, victimId: visible.victimId, fields: ['contactAgreement'] });
    return agreement;
  }

  /** The agreement a new case starts with: every channel its details allow, in a sensible order. */
  async ensureDefault(card: ContactCard, db: EntityManager): Promise<ContactAgreement | null> {
    const existing = await this.find(card.case.id, db);
    if (existing) return existing;
    const channels = (['sms', 'email', 'letter', 'phone'] as ContactChannel[]).filter((c) => channelProblems([c], card, true).length === 0);
    if (channels.length === 0) return null;
    const agreement = Object.assign(new ContactAgreement(), {
      caseId: card.case.id,
      channels,
      cadenceEvery: defaultCadence(card.case.riskLevel).every,
      cadenceUnit: defaultCadence(card.case.riskLevel).unit,
      safeWindows: DEFAULT_WINDOWS,
      discreet: false,
      lettersToHome: true,
      voicemailSafe: false,
      largePrint: false,
      consents: [],
      recordedBy: null,
      updatedAt: this.clock.now(),
    });
    return db.save(agreement);
  }

  /**
   * A new risk level changes the cadence the case started with; a cadence agreed with the
   * victim stays as agreed. Returns whether it changed.
   */
  async applyRiskCadence(caseId: string, risk: RiskLevel, db: EntityManager = this.db.manager): Promise<boolean> {
    const found = await this.find(caseId, db);
    const cadence = defaultCadence(risk);
    if (!found || found.recordedBy || (found.cadenceEvery === cadence.every && found.cadenceUnit === cadence.unit)) return false;
    await db.update(ContactAgreement, { caseId }, { cadenceEvery: cadence.every, cadenceUnit: cadence.unit, updatedAt: this.clock.now() });
    return true;
  }

  /** Removes SMS after a STOP reply; returns whether it was there. */
  async withdrawSms(caseId: string, db: EntityManager = this.db.manager): Promise<boolean> {
    const found = await this.find(caseId, db);
    if (!found || !found.channels.includes('sms')) return false;
    found.channels = found.channels.filter((c) => c !== 'sms');
    found.consents = found.consents.filter((c) => c.channel !== 'sms');
    found.updatedAt = this.clock.now();
    await db.save(found);
    return true;
  }
}

/** Each agreed channel needs the contact detail it uses; a 400 names the channel and the gap. */
function channelProblems(channels: ContactChannel[], card: ContactCard, lettersToHome: boolean): FieldProblem[] {
  const { phone, email, address } = card.victim;
  const postable = Boolean(address && validatePostalAddress([card.victim.name, ...address]).valid);
  const missing: Record<ContactChannel, string | null> = {
    sms: phone && isMobileNumber(phone) ? null : "sms needs the victim's mobile number",
    email: email ? null : "email needs the victim's email address",
    letter: !lettersToHome ? 'letter needs lettersToHome, or choose another channel' : postable ? null : 'letter needs a postal address that can be posted to',
    phone: phone ? null : "phone needs the victim's phone number",
    in_person: address ? null : "in_person needs the victim's address",
  };
  return channels.flatMap((channel, i) => {
    const message = missing[channel];
    return message ? [{ field: `channels[${i}]`, rule: 'contactDetails', message }] : [];
  });
}

export function view(a: ContactAgreement) {
  return {
    caseId: a.caseId,
    channels: a.channels,
    cadence: { every: a.cadenceEvery, unit: a.cadenceUnit },
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
