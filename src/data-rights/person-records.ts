import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../auth/access.js';
import type { DataRightsRepository } from './data-rights.repository.js';

export type MatchedBy = 'this record' | 'phone' | 'email' | 'name and postcode';

export interface PersonCase {
  id: string;
  reference: string;
  victimId: string;
  status: string;
  leadOrganisationId: string;
  /** How this case's victim record was recognised as the same person. */
  matchedBy: MatchedBy[];
}

export interface PersonRecords {
  /** Victim records of the person in scope: the one asked about and those matching it. */
  victimIds: string[];
  /** The person's cases in scope. */
  cases: PersonCase[];
  /** The person's cases out of scope: held by (or led by) other partners. */
  heldElsewhere: number;
}

/**
 * `visible`: cases the caller's organisation leads or has been shared.
 * `led`: only cases the caller's organisation leads.
 */
export type Scope = 'visible' | 'led';

/**
 * A repeat victim has one victim record per case; records are the same person when their keyed
 * hashes (phone, email, or name with postcode) are equal. Only direct matches count, not
 * matches of matches, so a shared household phone cannot chain unrelated people together.
 * The victim asked about must be on a case the caller's organisation can see (else 404) and
 * leads (else 403): subject access and erasure are the lead organisation's to answer (issue 10;
 * a partner a case is only shared with must ask the lead). Admins never see victim data, so no
 * role sees every case.
 */
export async function personRecords(
  repository: DataRightsRepository,
  db: EntityManager,
  victimId: string,
  caller: Caller,
  options: { scope: Scope; lock?: boolean },
): Promise<PersonRecords> {
  const matched = await repository.matchingVictims(victimId, db);
  if (matched.length === 0) throw new NotFoundException('No victim with this id');
  const how = new Map<string, MatchedBy[]>(
    matched.map((m) => [
      m.id,
      [
        ...(m.this_record ? (['this record'] as const) : []),
        ...(m.phone ? (['phone'] as const) : []),
        ...(m.email ? (['email'] as const) : []),
        ...(m.name_postcode ? (['name and postcode'] as const) : []),
      ],
    ]),
  );
  const organisation = caller.organisationId;
  const rows = await repository.casesOfVictims([...how.keys()], organisation, options.lock ?? false, db);
  if (!rows.some((r) => r.victim_id === victimId && r.visible)) throw new NotFoundException('No victim with this id');
  if (!rows.some((r) => r.victim_id === victimId && r.led)) {
    throw new ForbiddenException("Another partner leads this victim's case: ask its lead organisation");
  }
  const cases = rows
    .filter((r) => (options.scope === 'led' ? r.led : r.visible))
    .map((r) => ({
      id: r.id,
      reference: r.reference,
      victimId: r.victim_id,
      status: r.status,
      leadOrganisationId: r.lead_organisation_id,
      matchedBy: how.get(r.victim_id) ?? [],
    }));
  return {
    victimIds: [...new Set(cases.map((c) => c.victimId))],
    cases,
    heldElsewhere: rows.length - cases.length,
  };
}
