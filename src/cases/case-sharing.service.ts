import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '../auth/access.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import { PartnershipService } from '../partnership/partnership.service.js';
import { CasesRepository } from './cases.repository.js';

/** Who a case is shared with: sharing it with a partner, and stopping. */
@Injectable()
export class CaseSharing {
  constructor(
    private readonly cases: CasesRepository,
    private readonly partnership: PartnershipService,
    private readonly clock: ClockService,
  ) {}

  /**
   * Makes the case visible to a partner organisation (anyone who may see the case may share it).
   * Recorded in the case history (`shared`) the first time; sharing again, or with the lead, does
   * nothing. Errors: 400 naming `organisationId` for an unknown organisation; 404 when the caller
   * cannot see the case.
   */
  async share(id: string, organisationId: string, caller: Caller): Promise<void> {
    const [organisation] = await this.partnership.findOrganisations([organisationId]);
    if (!organisation) throw InputError.of('organisationId', 'exists', 'organisationId does not name a partner organisation');
    await this.cases.transaction(async (db) => {
      const c = await this.cases.findVisible(id, caller, db);
      if (!c) throw new NotFoundException('No case with this id');
      if (organisationId === c.leadOrganisationId) return;
      if (await this.cases.share(db, c.id, organisationId, caller.officerId, this.clock.now())) {
        await this.cases.addEvent(db, {
          caseId: c.id, type: 'shared', at: this.clock.now(), officerId: caller.officerId, detail: { organisationId },
        });
      }
    });
  }

  /**
   * Stops sharing the case with a partner: for the lead organisation's supervisors (the route is
   * for supervisors). Recorded in the case history (`unshared`, the organisation's id). Errors:
   * 404 when the caller's organisation cannot see the case, or the case is not shared with
   * `organisationId`; 403 when the caller's organisation sees the case only because it was shared.
   */
  async unshare(id: string, organisationId: string, caller: Caller): Promise<void> {
    await this.cases.transaction(async (db) => {
      const c = await this.cases.findVisible(id, caller, db, true);
      if (!c) throw new NotFoundException('No case with this id');
      if (c.leadOrganisationId !== caller.organisationId) {
        throw new ForbiddenException("Only the lead organisation's supervisors may stop sharing this case");
      }
      if (!(await this.cases.unshare(db, c.id, organisationId))) throw new NotFoundException('The case is not shared with this organisation');
      await this.cases.addEvent(db, {
        caseId: c.id, type: 'unshared', at: this.clock.now(), officerId: caller.officerId, detail: { organisationId },
      });
    });
  }

  /** The case and the partners it is shared with (ids and when), if the caller may see it (404 otherwise). No victim data. */
  async sharing(id: string, caller: Caller) {
    const c = await this.cases.findVisible(id, caller);
    if (!c) throw new NotFoundException('No case with this id');
    return { case: c, shares: (await this.cases.shares(c.id)).map((s) => ({ organisationId: s.organisationId, sharedAt: s.sharedAt, sharedBy: s.sharedBy })) };
  }
}
