import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../auth/access.js';
import { ClockService } from '../../clock/clock.service.js';
import { FieldProblem, InputError } from '../../http/input-error.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import type { RenderableBulletin } from '../bulletin-content/bulletin-renderer.js';
import { BulletinWordsCheck } from '../bulletin-content/bulletin-words-check.js';
import { NeighbourhoodsService } from '../neighbourhoods/neighbourhoods.service.js';
import { BulletinApprovals } from './bulletin-approvals.js';
import type { BulletinContent } from './bulletin-content.js';
import { BulletinRefusals, type RefusedOperation } from './bulletin-refusals.js';
import { Bulletin } from './bulletin.entity.js';
import { checkBriefingDate } from './briefing-date.js';
import { BulletinsRepository } from './bulletins.repository.js';
import type { CreateBulletinDto, DeliveriesQuery, UpdateBulletinDto } from './bulletins.dto.js';

/**
 * A bulletin's life: drafted by comms, checked for personal details (BulletinRefusals: one answer
 * for any, every refusal audited, too many stop the officer's drafting), sent for approval
 * (BulletinApprovals), approved by someone else, scheduled, then fanned out (see BulletinFanOut).
 * Only approved bulletins go out; a street briefing whose date has passed goes nowhere.
 */
@Injectable()
export class BulletinsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: BulletinsRepository,
    private readonly neighbourhoods: NeighbourhoodsService,
    private readonly words: BulletinWordsCheck,
    private readonly partnership: PartnershipService,
    private readonly clock: ClockService,
    private readonly refusals: BulletinRefusals,
    private readonly approvals: BulletinApprovals,
  ) {}

  /** 400 for bad content (personal details: one answer for any); 429 while the caller's drafting is stopped. */
  async draft(dto: CreateBulletinDto, caller: Caller) {
    await this.refusals.assertMayDraft(caller);
    await this.checkContent(dto.type, dto.neighbourhoodIds, dto.content, { caller, operation: 'draft', bulletinId: null });
    const saved = await this.db.manager.save(this.db.manager.create(Bulletin, {
      type: dto.type, neighbourhoodIds: dto.neighbourhoodIds, content: plain(dto.content), status: 'draft', draftedBy: caller.officerId,
    }));
    return this.view(saved);
  }

  /** A change to an approved bulletin needs approving again, and sending for approval again. 429 as for a draft. */
  async update(id: string, dto: UpdateBulletinDto, caller: Caller) {
    await this.refusals.assertMayDraft(caller);
    return this.db.transaction(async (db) => {
      const found = await this.lock(id, db);
      if (!['draft', 'approved'].includes(found.status)) throw new ConflictException(`The bulletin is ${found.status} and can no longer be changed`);
      const neighbourhoodIds = dto.neighbourhoodIds ?? found.neighbourhoodIds;
      const content = dto.content ? plain(dto.content) : found.content;
      await this.checkContent(found.type, neighbourhoodIds, content, { caller, operation: 'update', bulletinId: id });
      await db.update(Bulletin, { id }, {
        neighbourhoodIds, content, status: 'draft', approvedBy: null, approvedAt: null, sendAt: null, draftedBy: caller.officerId, submittedAt: null, submittedBy: null,
      });
      await this.approvals.close(id, 'cancelled', caller.officerId, db);
      return this.view(await db.findOneByOrFail(Bulletin, { id }));
    });
  }

  /**
   * Asks for approval: the organisation's approvers (BulletinApprovals) get a task and an email.
   * Not a draft, or already sent for approval → 409; a street briefing whose date has passed → 400.
   */
  async submitForApproval(id: string, caller: Caller) {
    const { bulletin, approvers } = await this.db.transaction(async (db) => {
      const found = await this.lock(id, db);
      if (found.status !== 'draft') throw new ConflictException(`The bulletin is already ${found.status}`);
      if (found.submittedAt) throw new ConflictException('The bulletin has already been sent for approval');
      checkBriefingDate(found, this.clock.now());
      await db.update(Bulletin, { id }, { submittedAt: this.clock.now(), submittedBy: caller.officerId });
      return { bulletin: found, approvers: await this.approvals.ask(found, caller, db) };
    });
    await this.approvals.tell(bulletin, approvers);
    return this.get(id);
  }

  /**
   * Sends a draft back to its author un-approved (the console keeps the reviewer's comment): the
   * approvers' tasks close and the draft may be sent for approval again. Not awaiting approval →
   * 409; the author sending back their own draft → 403.
   */
  async sendBack(id: string, caller: Caller) {
    await this.db.transaction(async (db) => {
      const found = await this.lock(id, db);
      if (found.status !== 'draft' || !found.submittedAt) throw new ConflictException('The bulletin is not awaiting approval');
      if (found.draftedBy === caller.officerId) throw new ForbiddenException('Someone other than the person who drafted it reviews a bulletin.');
      await db.update(Bulletin, { id }, { submittedAt: null, submittedBy: null });
      await this.approvals.close(id, 'done', caller.officerId, db);
    });
    return this.get(id);
  }

  async approve(id: string, caller: Caller) {
    return this.db.transaction(async (db) => {
      const found = await this.lock(id, db);
      if (found.status !== 'draft') throw new ConflictException(`The bulletin is already ${found.status}`);
      if (found.draftedBy === caller.officerId) throw new ForbiddenException('A bulletin must be approved by someone other than the person who drafted it');
      checkBriefingDate(found, this.clock.now());
      // Victims may have reported in the area since it was drafted.
      await this.checkContent(found.type, found.neighbourhoodIds, found.content, { caller, operation: 'approve', bulletinId: id });
      await db.update(Bulletin, { id }, { status: 'approved', approvedBy: caller.officerId, approvedAt: this.clock.now() });
      await this.approvals.close(id, 'done', caller.officerId, db);
      return this.view(await db.findOneByOrFail(Bulletin, { id }));
    });
  }

  /** A street briefing whose date has passed, or sent after its date → 400 (see checkBriefingDate). */
  async schedule(id: string, at: string | undefined) {
    const now = this.clock.now();
    const sendAt = at ? new Date(at) : now;
    if (sendAt.getTime() < now.getTime() - 60_000) throw InputError.of('at', 'notPast', 'at must not be in the past');
    return this.db.transaction(async (db) => {
      const found = await this.lock(id, db);
      if (found.status === 'draft') throw new ConflictException('The bulletin has not been approved yet');
      if (found.status !== 'approved') throw new ConflictException(`The bulletin is already ${found.status}`);
      checkBriefingDate(found, now, sendAt);
      await db.update(Bulletin, { id }, { sendAt });
      return this.view(await db.findOneByOrFail(Bulletin, { id }));
    });
  }

  /** Stops a bulletin: before it goes, or part-way, when what has not gone yet is skipped. */
  async cancel(id: string) {
    return this.db.transaction(async (db) => {
      const found = await this.lock(id, db);
      if (['sent', 'cancelled'].includes(found.status)) throw new ConflictException(`The bulletin is already ${found.status}`);
      await db.update(Bulletin, { id }, { status: 'cancelled' });
      await this.approvals.close(id, 'cancelled', null, db);
      await this.repository.skipQueued(id, this.clock.now(), db);
      return this.view(await db.findOneByOrFail(Bulletin, { id }));
    });
  }

  async get(id: string) {
    return this.view(await this.find(id));
  }

  async list() {
    const found = await this.db.manager.find(Bulletin, { order: { createdAt: 'DESC' }, take: 200 });
    return found.map((b) => this.summary(b));
  }

  /** Per-recipient status: which subscriber, which channel, what happened; never their details. */
  async deliveries(id: string, query: DeliveriesQuery) {
    await this.find(id);
    return this.repository.deliveries(id, query.status ?? null, query.limit ?? 100, query.offset ?? 0);
  }

  /** What the renderer needs: the words, the neighbourhoods, who it comes from, and whether it is still a draft (never approved). */
  async renderable(id: string): Promise<RenderableBulletin> {
    const b = await this.find(id);
    const neighbourhoods = await this.neighbourhoods.find(b.neighbourhoodIds);
    const [drafter] = await this.partnership.findOfficers([b.draftedBy]);
    const [organisation] = drafter ? await this.partnership.findOrganisations([drafter.organisationId]) : [];
    return {
      id: b.id, type: b.type, content: b.content,
      neighbourhoods: neighbourhoods.map((n) => ({ name: n.name, areas: n.areas, streets: n.streets })),
      organisationName: organisation?.name ?? 'Community Safety Partnership',
      draft: b.approvedAt === null,
    };
  }

  async find(id: string): Promise<Bulletin> {
    const found = await this.db.manager.findOneBy(Bulletin, { id });
    if (!found) throw new NotFoundException('No bulletin with this id');
    return found;
  }

  private async lock(id: string, db: EntityManager): Promise<Bulletin> {
    const found = await db.findOne(Bulletin, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!found) throw new NotFoundException('No bulletin with this id');
    return found;
  }

  /** Known neighbourhoods, a briefing's details for a street briefing, and no personal details (refused and audited as `by`). */
  private async checkContent(
    type: string, neighbourhoodIds: string[], content: BulletinContent, by: { caller: Caller; operation: RefusedOperation; bulletinId: string | null },
  ): Promise<void> {
    const found = await this.neighbourhoods.find(neighbourhoodIds);
    const known = new Set(found.map((n) => n.id));
    const problems: FieldProblem[] = neighbourhoodIds.flatMap((id, i) =>
      known.has(id) ? [] : [{ field: `neighbourhoodIds[${i}]`, rule: 'exists', message: `neighbourhoodIds[${i}] does not name a neighbourhood` }],
    );
    if (type === 'street_briefing' && !content.briefing) {
      problems.push({ field: 'content.briefing', rule: 'required', message: 'A street briefing needs content.briefing: where, when and who will be there' });
    }
    if (problems.length) throw new InputError(problems);
    const findings = await this.words.findings(content, found.flatMap((n) => n.areas));
    if (findings.length) await this.refusals.refuse(by.caller, by.operation, by.bulletinId, findings);
  }

  private summary(b: Bulletin) {
    return {
      id: b.id, type: b.type, neighbourhoodIds: b.neighbourhoodIds, headline: b.content.headline, status: b.status,
      draftedBy: b.draftedBy, submittedAt: b.submittedAt, submittedBy: b.submittedBy, approvedBy: b.approvedBy, approvedAt: b.approvedAt, sendAt: b.sendAt, recipients: b.recipients,
      createdAt: b.createdAt, completedAt: b.completedAt,
    };
  }

  private async view(b: Bulletin) {
    return { ...this.summary(b), content: b.content, progress: await this.progress(b) };
  }

  /** Counts by status while it runs, and how many recipients have unsubscribed since it went. */
  private async progress(b: Bulletin) {
    if (!b.fannedOutAt) return null;
    const row = await this.repository.progress(b.id, b.fannedOutAt);
    return { recipients: b.recipients ?? 0, ...row };
  }
}

/** The validated DTO as plain JSON for the jsonb column. */
const plain = (content: BulletinContent): BulletinContent => JSON.parse(JSON.stringify(content));
