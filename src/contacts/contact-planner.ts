import { addCaseEvent } from '../cases/cases.repository.js';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CasesService } from '../cases/cases.service.js';
import { CaseProgressRepository } from '../cases/case-progress.repository.js';
import { ContactsRepository } from './contacts.repository.js';
import { addWorkingDaysAt, formatLondonDate } from '../calendar/working-days.js';
import { ClockService } from '../clock/clock.service.js';
import { ContactLog } from './contact-log.js';
import { Contact, ContactChannel } from './contact.entity.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { AgreementsService } from './agreements.service.js';
import { ContactAgreement } from '../agreements/contact-agreement.entity.js';
import { agreedChannels, planContact, planFirstContacts, safeTime } from '../agreements/contact-plan.js';
import { nextUpdateDue } from '../agreements/contact-timing.js';

/** Purposes a closure leaves in place. */
const SENT_AT_CLOSURE = ['case_closure', 'satisfaction_survey'];

/**
 * Turns agreements into the contact plan: the acknowledgement and SPOC introduction for a new
 * case, an update at the agreed cadence, and a fresh plan whenever the agreement changes.
 */
@Injectable()
export class ContactPlanner {
  private readonly logger = new Logger(ContactPlanner.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agreements: AgreementsService,
    private readonly cases: CasesService,
    private readonly contacts: ContactLog,
    private readonly tasks: OfficerTasks,
    private readonly clock: ClockService,
    private readonly plans: ContactsRepository,
    private readonly caseRecords: CaseProgressRepository,
  ) {}

  /**
   * New cases get their first contacts. Safe to run on every instance: cases are claimed. Each
   * case is planned in its own savepoint: one that cannot be planned is flagged for its SPOC
   * (see `flagContactProblem`) and the others go on.
   */
  async planNewCases(limit = 200): Promise<number> {
    return this.db.transaction(async (db) => {
      const due = await this.plans.claimCasesToPlan(limit, db);
      for (const { id } of due) {
        try {
          await db.transaction((one) => this.planCase(id, one));
        } catch (error) {
          await this.flagContactProblem(id, error, db);
        }
      }
      return due.length;
    });
  }

  /**
   * Records on the case why its contacts could not be planned or sent, and gives the SPOC a
   * task to put it right. The reason is the rule that failed, never personal data. Planning
   * leaves the case alone until its agreement is recorded again.
   */
  async flagContactProblem(caseId: string, error: unknown, db: EntityManager): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const now = this.clock.now();
    try {
      await db.transaction(async (one) => {
        const c = await this.caseRecords.flagContactProblem(caseId, reason.slice(0, 500), now, one);
        if (!c) return; // already flagged: one task is enough
        await addCaseEvent(one, caseId, 'contact_problem', now, null, { reason: reason.slice(0, 500) });
        await this.tasks.create({
          caseId, officerId: c.spocOfficerId, kind: 'check_contact_details', dueAt: now,
          briefing: { purpose: 'contact_problem', whatToCover: `Messages to the victim are on hold: ${reason}. Check the contact agreement and record it again.` },
        }, one);
      });
    } catch (flagError) {
      this.logger.error({ err: flagError, caseId }, 'Could not flag a contact problem on the case');
    }
  }

  /** Only a case whose agreement is recorded is planned: nothing goes to a victim before. */
  private async planCase(caseId: string, db: EntityManager): Promise<void> {
    const now = this.clock.now();
    const agreement = await this.agreements.find(caseId, db);
    if (!agreement) return;
    const planned = planFirstContacts(agreement, now);
    if (planned.length === 0) throw new Error('The contact agreement leaves no channel to plan on');
    for (const { purpose, channel, dueAt } of planned) {
      await this.contacts.create({ caseId, purpose, channel, dueAt, discreet: agreement.discreet }, db);
    }
    await this.caseRecords.markContactPlanned(caseId, now, db);
  }

  /**
   * One message for the victim on their first agreed channel (or `channel`, when they agreed
   * to it), at the next safe time from `after` (default now): an action plan, a survey, a court
   * date. Before an agreement is recorded nothing is sent: the SPOC gets a task naming the
   * message instead. Returns the contact, if one was made.
   */
  async planMessage(
    caseId: string,
    purpose: string,
    data: Record<string, unknown>,
    db: EntityManager,
    options: { after?: Date; channel?: ContactChannel } = {},
  ): Promise<Contact | null> {
    const agreement = await this.agreements.find(caseId, db);
    const after = options.after ?? this.clock.now();
    const planned = planContact(agreement, after, purpose, options.channel);
    if (!agreement || !planned) {
      const c = await this.plans.caseSpoc(caseId, db);
      const why = agreement ? 'the contact agreement leaves no channel to send it on' : 'no contact agreement has been recorded yet';
      await this.tasks.create({
        caseId, officerId: c?.spoc_officer_id ?? null, kind: agreement ? 'check_contact_details' : 'agree_contact', dueAt: after,
        briefing: { purpose, whatToCover: `A ${purpose.replace(/_/g, ' ')} message was not sent: ${why}. Agree contact with the victim, record it, and give them this news yourself.` },
      }, db);
      return null;
    }
    return this.contacts.create({ caseId, purpose, channel: planned.channel, dueAt: planned.dueAt, discreet: agreement.discreet, data }, db);
  }

  /** The next agreed update, with no words yet: the officer writes them, or a holding update goes. */
  async planNextUpdate(caseId: string, agreement: ContactAgreement, after: Date, db: EntityManager): Promise<Contact> {
    const planned = planContact(agreement, after, 'update');
    if (!planned) throw new Error('The contact agreement leaves no channel to plan on');
    return this.contacts.create({ caseId, purpose: 'update', channel: planned.channel, dueAt: planned.dueAt, discreet: agreement.discreet }, db);
  }

  /** After the agreement changes: every contact not yet sent moves to the agreed channel and times. */
  async replan(caseId: string, tx?: EntityManager): Promise<void> {
    const run = (work: (db: EntityManager) => Promise<void>) => (tx ? work(tx) : this.db.transaction(work));
    await run(async (db) => {
      const agreement = (await this.agreements.findForPlanning(caseId, db))!;
      const waiting = await db.find(Contact, { where: { caseId, status: 'scheduled', recipient: 'victim' } });
      const lastUpdate = await this.lastUpdateSent(caseId, db);
      for (const contact of waiting) {
        const channels = agreedChannels(agreement);
        const channel = channels.includes(contact.channel) && contact.replacesContactId ? contact.channel : channels[0];
        let dueAt = contact.dueAt;
        if (contact.purpose === 'update' && !contact.dataEnc) {
          dueAt = nextUpdateDue(lastUpdate ?? this.clock.now(), { every: agreement.cadenceEvery, unit: agreement.cadenceUnit });
        }
        dueAt = this.safe(dueAt, agreement, channel);
        await db.update(Contact, { id: contact.id }, { channel, dueAt, discreet: agreement.discreet });
        await this.contacts.note(contact.id, 'replanned after the contact agreement changed', { channel, dueAt }, db);
      }
    });
  }

  /**
   * An update that falls due without an officer's words becomes a holding update ("your officer
   * will contact you by …"), the case is flagged to the supervisor, and the next update is planned.
   * Serialised with the officer's words and re-plans on the agreement's row lock. Returns false
   * when the contact is not to be sent after all: an update the officer wrote has gone, or is
   * going, in its place, so it is cancelled and the victim gets one message, not two.
   */
  async prepareForSending(contact: Contact, db?: EntityManager): Promise<boolean> {
    if (contact.purpose !== 'update' || contact.dataEnc) return true;
    // All or nothing: a half-done change would plan a second "next update" on the retry.
    if (!db) return this.db.transaction((tx) => this.prepareForSending(contact, tx));
    const agreement = await this.agreements.findForPlanning(contact.caseId, db);
    if (!agreement) return true;
    const current = await db.findOneByOrFail(Contact, { id: contact.id });
    if (current.dataEnc) { // the officer's words arrived while it waited to be sent
      contact.dataEnc = current.dataEnc;
      return true;
    }
    const around = await this.plans.updatesAround(contact.caseId, contact.id, contact.dueAt, db);
    if (around.writtenSince) {
      await this.contacts.transition(contact.id, 'cancelled', { reason: 'the officer\'s update went in its place' }, db);
      return false;
    }
    const now = this.clock.now();
    const nextDueAt = around.nextScheduledAt ?? (await this.planNextUpdate(contact.caseId, agreement, now, db)).dueAt;
    const dataEnc = this.contacts.sealData({ holding: { nextContactBy: formatLondonDate(nextDueAt) } });
    await db.update(Contact, { id: contact.id }, { purpose: 'holding_update', dataEnc });
    contact.dataEnc = dataEnc;
    await this.caseRecords.markUpdateOverdue(contact.caseId, now, db);
    await addCaseEvent(db, contact.caseId, 'update_overdue', now, null, { contactId: contact.id });
    contact.purpose = 'holding_update';
    return true;
  }

  /** One working day before an update is due with no words from the officer, the SPOC is reminded. */
  async remindSpocs(limit = 200): Promise<number> {
    const now = this.clock.now();
    const threshold = addWorkingDaysAt(now, 1);
    return this.db.transaction(async (db) => {
      const due = await this.plans.updatesToRemind(threshold, limit, db);
      for (const row of due) {
        await this.tasks.create({
          caseId: row.case_id, contactId: undefined, officerId: row.spoc_officer_id, kind: 'write_update', dueAt: row.due_at,
          briefing: { purpose: 'update', whatToCover: `An update is due by ${formatLondonDate(row.due_at)}. Write it with POST /v1/cases/${row.case_id}/updates, or a holding update will go instead.` },
        }, db);
        await db.update(Contact, { id: row.id }, { remindedAt: now });
      }
      return due.length;
    });
  }

  /** Closing: everything not yet sent to the victim is cancelled, except the closure message and survey (a Witness Service referral still goes). */
  async cancelUnsent(caseId: string, db: EntityManager): Promise<number> {
    const waiting = await this.plans.unsentExcept(caseId, SENT_AT_CLOSURE, db);
    return (await this.contacts.transitionMany(waiting.map((c) => c.id), 'cancelled', { reason: 'the case was closed' }, db)).length;
  }

  /** Reopening: the closure message and survey not yet sent are cancelled (the case is not closed after all). */
  async cancelClosureMessages(caseId: string, db: EntityManager): Promise<number> {
    const waiting = await this.plans.unsentOf(caseId, SENT_AT_CLOSURE, db);
    return (await this.contacts.transitionMany(waiting.map((c) => c.id), 'cancelled', { reason: 'the case was reopened' }, db)).length;
  }

  safe(at: Date, agreement: ContactAgreement, channel: ContactChannel): Date {
    return safeTime(at, agreement, channel);
  }

  /** When the victim last had (or is about to get) an update: the cadence counts from there. */
  private lastUpdateSent(caseId: string, db: EntityManager): Promise<Date | null> {
    return this.plans.lastUpdateAt(caseId, db);
  }
}

export { windowFor } from '../agreements/contact-plan.js';
