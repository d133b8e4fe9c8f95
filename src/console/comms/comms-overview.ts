import type { Router } from 'express';
import type { Caller } from '../../auth/access.js';
import { BulletinsService } from '../../community/bulletins/bulletins.service.js';
import { NeighbourhoodsService } from '../../community/neighbourhoods/neighbourhoods.service.js';
import { officerFullName } from '../../partnership/names.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { page, type PageKit, render, service } from '../pages/page-kit.js';
import { progressOf } from './bulletin-page.js';
import { commsCaller, commsRepository, STAGE_TAGS, stageOf, takeFlash, TYPE_NAMES } from './comms-kit.js';

/** Every bulletin (the newest 200, as the API lists them) with its stage, type, neighbourhoods and who drafted it. */
async function bulletinRows(kit: PageKit) {
  const bulletins = await service(kit, BulletinsService).list();
  const [reviews, neighbourhoods, officers] = await Promise.all([
    commsRepository(kit).latest(bulletins.map((b) => b.id)),
    service(kit, NeighbourhoodsService).choices(),
    service(kit, PartnershipService).findOfficers([...new Set(bulletins.map((b) => b.draftedBy))]),
  ]);
  const names = new Map(neighbourhoods.map((n) => [n.id, n.name]));
  const people = new Map(officers.map((o) => [o.id, officerFullName(o)]));
  return bulletins.map((b) => {
    const stage = stageOf(b, reviews.get(b.id));
    return {
      id: b.id, headline: b.headline, type: TYPE_NAMES[b.type], stage, tag: STAGE_TAGS[stage],
      neighbourhoods: b.neighbourhoodIds.map((id) => names.get(id) ?? '').filter(Boolean).sort().join(', '),
      draftedBy: b.draftedBy, drafter: people.get(b.draftedBy) ?? '', createdAt: b.createdAt, sendAt: b.sendAt, recipients: b.recipients,
    };
  });
}

/**
 * A comms officer's My day: bulletins waiting for their approval (drafted by someone else),
 * drafts (theirs and colleagues', sent back ones first), and bulletins going out now.
 */
export async function commsMyDay(kit: PageKit, caller: Caller) {
  const rows = await bulletinRows(kit);
  const sending = rows.filter((r) => r.stage === 'sending');
  const progress = await Promise.all(sending.map(async (r) => progressOf(await service(kit, BulletinsService).get(r.id))));
  return {
    toApprove: rows.filter((r) => r.stage === 'awaiting_approval' && r.draftedBy !== caller.officerId),
    waiting: rows.filter((r) => r.stage === 'awaiting_approval' && r.draftedBy === caller.officerId),
    drafts: rows.filter((r) => r.stage === 'sent_back').concat(rows.filter((r) => r.stage === 'draft')),
    sending: sending.map((r, i) => ({ ...r, progress: progress[i] })),
  };
}

export function registerCommsOverview(router: Router, kit: PageKit): void {
  router.get('/bulletins', page(async (req, res) => {
    commsCaller(res, 'bulletins');
    render(kit, res, 'comms/bulletins.njk', { title: 'Bulletins', bulletins: await bulletinRows(kit), flash: takeFlash(req) });
  }));
}
