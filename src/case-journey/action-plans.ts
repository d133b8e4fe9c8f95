import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { AgreementsService } from '../contacts/agreements.service.js';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { formatLondonDate, LONDON } from '../calendar/working-days.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { CasesService } from '../cases/cases.service.js';
import { ClockService } from '../clock/clock.service.js';
import type { Contact } from '../contacts/contact.entity.js';
import { FieldProblem, InputError } from '../http/input-error.js';
import { PartnershipService } from '../partnership/partnership.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import type { ActionPlanDto, PlannedActionDto } from './case-journey.dto.js';
import { ActionPlan } from './case-journey.entities.js';
import { CaseJourneyRepository } from './case-journey.repository.js';

/**
 * The action plan agreed with the victim: what will be done, who will do it (the victim or a
 * partner), by when. Every version is kept; each one goes to the victim in full by email or
 * letter (a text only says it is on its way, when the victim agreed to one of those too).
 */
@Injectable()
export class ActionPlans {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly caseRecords: CasesRepository,
    private readonly journey: CaseJourneyRepository,
    private readonly partnership: PartnershipService,
    private readonly agreements: AgreementsService,
    private readonly planner: ContactPlanner,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async agree(caseId: string, dto: ActionPlanDto, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    if (c.status !== 'open') throw InputError.of('id', 'caseOpen', 'The case is closed');
    const organisations = await this.checkActions(dto.actions);
    const now = this.clock.now();
    return this.db.transaction(async (db) => {
      await this.caseRecords.lockOpen(caseId, 'update', db); // closed meanwhile, or a second plan at once
      const version = await this.journey.nextActionPlanVersion(caseId, db);
      const plan = await db.save(db.create(ActionPlan, {
        caseId, version, actionsEnc: this.cipher.sealJson(dto.actions), agreedAt: now, agreedBy: caller.officerId,
      }));
      const actions = dto.actions.map((a) => ({
        what: a.what.trim(),
        who: a.who === 'victim' ? 'You' : organisations.get(a.who.toLowerCase())!,
        by: formatLondonDate(DateTime.fromISO(a.by, { zone: LONDON }).toJSDate()),
      }));
      const messages = await this.send(caseId, { actions, updated: version > 1 }, db);
      await this.caseRecords.addEvent(db, {
        caseId, type: 'action_plan_agreed', at: now, officerId: caller.officerId, detail: { version, actions: actions.length, contactIds: messages.map((m) => m.id) },
      });
      await this.audit.record(caller, 'victim_data_changed', { caseId, victimId: c.victimId, fields: ['actionPlan'] }, db);
      return { ...this.view(plan), messages: messages.map((m) => ({ contactId: m.id, channel: m.channel, dueAt: m.dueAt })) };
    });
  }

  async current(caseId: string, caller: Caller) {
    const c = await this.cases.visibleCase(caseId, caller);
    const versions = await this.db.manager.find(ActionPlan, { where: { caseId }, order: { version: 'DESC' } });
    await this.audit.record(caller, 'victim_data_read', { caseId, victimId: c.victimId, fields: ['actionPlan'] });
    return { current: versions[0] ? this.view(versions[0]) : null, earlierVersions: versions.slice(1).map((v) => this.view(v)) };
  }

  private async send(caseId: string, actionPlan: { actions: object[]; updated: boolean }, db: EntityManager): Promise<Contact[]> {
    const agreement = await this.agreements.find(caseId, db);
    const fullBy = agreement?.channels.find((c) => c === 'email' || c === 'letter');
    const sent: (Contact | null)[] = [];
    if (agreement?.channels[0] === 'sms' && fullBy) {
      const followsBy = fullBy === 'email' ? 'email' : 'post';
      sent.push(await this.planner.planMessage(caseId, 'action_plan', { actionPlan: { ...actionPlan, followsBy } }, db));
      sent.push(await this.planner.planMessage(caseId, 'action_plan', { actionPlan }, db, { channel: fullBy }));
    } else {
      sent.push(await this.planner.planMessage(caseId, 'action_plan', { actionPlan }, db));
    }
    return sent.filter((c): c is Contact => Boolean(c));
  }

  /** Each "who" must be the victim or a partner; each "by" today or later. Returns partner names. */
  private async checkActions(actions: PlannedActionDto[]): Promise<Map<string, string>> {
    const ids = [...new Set(actions.filter((a) => a.who !== 'victim').map((a) => a.who.toLowerCase()))];
    const found = new Map((await this.partnership.findOrganisations(ids)).map((o) => [o.id, o.name]));
    const today = DateTime.fromJSDate(this.clock.now(), { zone: LONDON }).toISODate()!;
    const problems: FieldProblem[] = [];
    actions.forEach((a, i) => {
      if (a.who !== 'victim' && !found.has(a.who.toLowerCase())) {
        problems.push({ field: `actions[${i}].who`, rule: 'exists', message: `actions[${i}].who does not name a partner organisation` });
      }
      if (a.by < today) problems.push({ field: `actions[${i}].by`, rule: 'notPast', message: `actions[${i}].by must be today or later` });
    });
    if (problems.length) throw new InputError(problems);
    return found;
  }

  private view(plan: ActionPlan) {
    return {
      version: plan.version,
      actions: plan.actionsEnc ? this.cipher.openJson<PlannedActionDto[]>(plan.actionsEnc) : null,
      agreedAt: plan.agreedAt,
      agreedBy: plan.agreedBy,
    };
  }
}
