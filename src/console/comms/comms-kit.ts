import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { Caller } from '../../auth/access.js';
import type { Role } from '../../partnership/officer.entity.js';
import { callerOf, type PageKit, service } from '../pages/page-kit.js';
import { CommsRepository, type ReviewStep } from './comms.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who may use each part, exactly as the API allows it (`@Roles` on its controllers). */
export const COMMS_ROLES = {
  neighbourhoods: ['comms', 'supervisor', 'admin'],
  bulletins: ['comms', 'supervisor'],
  subscribers: ['comms', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;

/** The caller, when their role may use this part of the comms pages; a 403 page otherwise. */
export function commsCaller(res: Response, part: keyof typeof COMMS_ROLES): Caller {
  const caller = callerOf(res);
  if (!(COMMS_ROLES[part] as readonly Role[]).includes(caller.role)) {
    throw new ForbiddenException('Bulletins, neighbourhoods and subscribers are for the comms team.');
  }
  return caller;
}

/** A uuid path parameter, or a "Page not found". */
export function idParam(req: Request, name = 'id'): string {
  const id = String(req.params[name]);
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
}

const repositories = new WeakMap<PageKit, CommsRepository>();
export function commsRepository(kit: PageKit): CommsRepository {
  let found = repositories.get(kit);
  if (!found) {
    found = new CommsRepository(service(kit, DataSource));
    repositories.set(kit, found);
  }
  return found;
}

/** One line for the next page: what was just done (shown once). */
export function takeFlash(req: Request): string | undefined {
  const flash = req.session.flash;
  delete req.session.flash;
  return flash;
}

export type Stage = 'draft' | 'awaiting_approval' | 'sent_back' | 'approved' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

/**
 * Where a bulletin is, in the console's words: its own status; a draft sent for approval (by the
 * console or the API, `submittedAt`) awaits approval; one sent back shows so until it is edited.
 */
export function stageOf(b: { status: string; sendAt: Date | null; submittedAt?: Date | string | null }, review: ReviewStep | undefined): Stage {
  if (b.status === 'draft') {
    if (b.submittedAt) return 'awaiting_approval';
    if (review?.action === 'sent_back') return 'sent_back';
    return 'draft';
  }
  if (b.status === 'approved') return b.sendAt ? 'scheduled' : 'approved';
  return b.status as Stage;
}

/** The GOV.UK tag for each stage: its words and colour. */
export const STAGE_TAGS: Record<Stage, { text: string; classes: string }> = {
  draft: { text: 'Draft', classes: 'govuk-tag--grey' },
  awaiting_approval: { text: 'Awaiting approval', classes: 'govuk-tag--blue' },
  sent_back: { text: 'Sent back', classes: 'govuk-tag--orange' },
  approved: { text: 'Approved', classes: 'govuk-tag--turquoise' },
  scheduled: { text: 'Scheduled', classes: 'govuk-tag--purple' },
  sending: { text: 'Sending', classes: 'govuk-tag--yellow' },
  sent: { text: 'Sent', classes: 'govuk-tag--green' },
  cancelled: { text: 'Cancelled', classes: 'govuk-tag--red' },
};

export const TYPE_NAMES: Record<string, string> = { newsletter: 'Newsletter', street_briefing: 'Street briefing', leaflet: 'Leaflet' };
