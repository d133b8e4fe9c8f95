import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseErasureRepository } from '../cases/case-erasure.repository.js';
import { TasksRepository } from '../tasks/tasks.repository.js';
import { AnonymisationRepository } from './anonymisation.repository.js';
import { DataRightsRepository } from './data-rights.repository.js';
import { personalDataMap, type PersonalDataMap } from './personal-data-columns.js';

export type AnonymisationCause = 'retention' | 'erasure';

/** Contact statuses after which nothing more will be sent. */
const FINISHED = ['sent', 'delivered', 'failed', 'cancelled'];

export interface Anonymised {
  /** `table.column` names that held personal data (never the values): for the audit log. */
  fields: string[];
  /** Every contact of the cases, and every Witness Service referral: their training-outbox copies are removed after commit. */
  contactIds: string[];
}

export interface BodiesRemoved {
  /** Message bodies removed, by case. */
  removed: Map<string, number>;
  /** Cases that now hold no message body at all. */
  complete: string[];
  contactIds: string[];
}

/**
 * Removes personal data from cases while keeping them countable: the case row, its risk level,
 * dates, organisation and statuses, survey scores and contact timelines stay; every sealed
 * column of every row belonging to the case (found by the schema's conventions), the victim's
 * details and their matching hashes go. The caller holds the cases locked, in its transaction.
 */
@Injectable()
export class Anonymiser {
  private readonly logger = new Logger(Anonymiser.name);
  private readonly warned = new Set<string>();

  constructor(
    private readonly repository: AnonymisationRepository,
    private readonly catalogue: DataRightsRepository,
    private readonly cases: CaseErasureRepository,
    private readonly tasks: TasksRepository,
  ) {}

  /** Removes the cases' personal data at `now`, in the caller's transaction `db`; `officerId` null for the retention job. */
  async anonymise(db: EntityManager, caseIds: string[], now: Date, cause: AnonymisationCause, officerId: string | null): Promise<Anonymised> {
    if (caseIds.length === 0) return { fields: [], contactIds: [] };
    const map = personalDataMap(await this.catalogue.catalogue(db));
    this.warnAboutNotNullable(map);
    const fields = new Set<string>();
    /** Notes the columns' names when `n` rows held something in them. */
    const note = (table: string, columns: string[], n: number) => {
      if (n > 0) for (const column of columns) fields.add(`${table}.${column}`);
    };

    // Nothing more goes to someone whose details are gone; a letter not yet printed is withdrawn,
    // and a call or visit waiting for an officer goes with its task.
    await this.repository.stopContacts(caseIds, now, db);
    // A survey link still out would let a new comment in: it closes now.
    await this.repository.expireSurveys(caseIds, now, db);
    await this.tasks.cancelOpenForCases(caseIds, now, db);

    const victimIds = await this.repository.victimsOnlyOn(caseIds, db);

    for (const t of map.owned) {
      note(t.table, t.sealed, await this.repository.clearSealed(t.table, t.sealed, t.key, t.key === 'case_id' ? caseIds : victimIds, db));
    }
    const parentKey = new Map(map.owned.map((t) => [t.table, t.key]));
    for (const child of map.children) {
      const key = parentKey.get(child.parent)!;
      note(child.table, child.sealed, await this.repository.clearSealedChildren(child, key, key === 'case_id' ? caseIds : victimIds, db));
    }
    note('cases', map.caseSealed, await this.cases.clearSealedCaseColumns(caseIds, map.caseSealed, db));
    note('victims', map.victimSealed, await this.cases.clearSealedVictimColumns(victimIds, map.victimSealed, db));
    await this.cases.clearVictimHashes(victimIds, map.victimHashes, db);
    await this.repository.clearInboundSenders(caseIds, db);
    // Failure reasons stay in the timeline (they explain what happened) without the number or address.
    await this.repository.redactFailureReasons(caseIds, db);

    await this.cases.markAnonymised(caseIds, now, db);
    await this.cases.addAnonymisedEvents(caseIds, now, officerId, cause, db);
    // The outbox names each copy by its contact, or, for a Witness Service referral (the victim's details in its form), by the referral.
    const contactIds = await this.repository.contactAndReferralIds(caseIds, db);
    return { fields: [...fields].sort(), contactIds };
  }

  /**
   * Removes the words of messages sent or received on or before `sentBefore`: contact data
   * (an officer's update, a survey link), inbound texts and the SPOC's copy of them, stored
   * letters. Only messages that are finished: nothing waiting to go loses its words.
   */
  async removeMessageBodies(db: EntityManager, caseIds: string[], sentBefore: Date, now: Date): Promise<BodiesRemoved> {
    const removed = new Map<string, number>();
    const count = (caseId: string, n = 1) => removed.set(caseId, (removed.get(caseId) ?? 0) + n);
    if (caseIds.length === 0) return { removed, complete: [], contactIds: [] };
    const contacts = await this.repository.removeContactBodies(caseIds, sentBefore, FINISHED, db);
    for (const c of contacts) if (c.had_body) count(c.case_id);
    const texts = await this.repository.removeInboundBodies(caseIds, sentBefore, db);
    for (const t of texts) count(t.case_id, t.n);
    // The SPOC's "read the victim's reply" task quotes the text: it goes with it.
    await this.tasks.clearReplyBriefings(caseIds, sentBefore, db);
    const complete = await this.cases.markBodiesRemovedWhereNoneLeft(caseIds, now, db);
    const noted = [...new Set([...removed.keys(), ...complete])];
    for (const caseId of noted) {
      await this.cases.addBodiesRemovedEvent(
        caseId,
        now,
        { messages: removed.get(caseId) ?? 0, sentOnOrBefore: sentBefore.toISOString(), noneLeft: complete.includes(caseId) },
        db,
      );
    }
    return { removed, complete, contactIds: contacts.map((c) => c.id) };
  }

  private warnAboutNotNullable(map: PersonalDataMap): void {
    for (const t of [...map.owned, ...map.children]) {
      for (const column of t.notNullable) {
        const name = `${t.table}.${column}`;
        if (this.warned.has(name)) continue;
        this.warned.add(name);
        this.logger.error({ column: name }, 'A sealed column is NOT NULL, so retention and erasure cannot clear it; make it nullable');
      }
    }
  }
}
