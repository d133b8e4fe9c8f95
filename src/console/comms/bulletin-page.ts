import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import type { Caller } from '../../auth/access.js';
import { ClockService } from '../../clock/clock.service.js';
import { SendBulletinDto } from '../../community/bulletins/bulletins.dto.js';
import { BulletinFanOut } from '../../community/bulletins/bulletin-fan-out.js';
import { BulletinsService } from '../../community/bulletins/bulletins.service.js';
import { NeighbourhoodsService } from '../../community/neighbourhoods/neighbourhoods.service.js';
import { InputError } from '../../http/input-error.js';
import { officerFullName } from '../../partnership/names.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { checkAs, formErrors, type FormErrors, page, type PageKit, render, service } from '../pages/page-kit.js';
import { type Form, londonDateTime } from './bulletin-form.js';
import { previewText, sendEmailPage, sendPdf } from './bulletin-preview.js';
import { commsCaller, commsRepository, idParam, type Stage, STAGE_TAGS, stageOf, takeFlash, TYPE_NAMES } from './comms-kit.js';

/** Recipients shown per page of the per-recipient table. */
const RECIPIENTS_PER_PAGE = 50;
const DELIVERY_WORDS: Record<string, string> = {
  queued: 'Waiting', sending: 'Sending', sent: 'Sent', delivered: 'Delivered', failed: 'Failed', skipped: 'Not sent',
};

type Bulletin = Awaited<ReturnType<BulletinsService['get']>>;

/** The progress of a bulletin going out, in numbers: how many of its recipients are done, as a whole percentage. */
export function progressOf(b: Pick<Bulletin, 'status' | 'progress'>) {
  const p = b.progress;
  if (!p) return null;
  const waiting = p.queued + p.sending;
  const done = Math.max(0, p.recipients - waiting);
  return {
    recipients: p.recipients, sent: p.sent, delivered: p.delivered, failed: p.failed, skipped: p.skipped,
    unsubscribedSince: p.unsubscribedSince, waiting, done,
    percent: p.recipients === 0 ? 100 : Math.floor((done * 100) / p.recipients),
    finished: b.status !== 'sending',
  };
}

/** The bulletin and its stage, checked: a stage not in `allowed` is a 409 page saying why. */
async function bulletinAt(kit: PageKit, id: string, allowed: Stage[], doing: string) {
  const b = await service(kit, BulletinsService).get(id);
  const review = (await commsRepository(kit).latest([id])).get(id);
  const stage = stageOf(b, review);
  if (!allowed.includes(stage)) throw new ConflictException(`This bulletin is ${STAGE_TAGS[stage].text.toLowerCase()}, so it cannot be ${doing} now.`);
  return { b, review, stage };
}

/**
 * A bulletin's page: its words, previews, review (send for approval; approve or send back with a
 * comment), sending (now or at a time), and while it goes out a progress bar that comms.js
 * updates from `GET /bulletins/:id/progress.json`, with each recipient's status (never who they are).
 */
export function registerBulletinPage(router: Router, kit: PageKit): void {
  const show = async (req: Request, res: Response, extra: { errors?: FormErrors | null; form?: Form } = {}) => {
    const caller = commsCaller(res, 'bulletins');
    const id = idParam(req);
    const b = await service(kit, BulletinsService).get(id);
    const review = (await commsRepository(kit).latest([id])).get(id);
    const stage = stageOf(b, review);
    const officerIds = [b.draftedBy, b.approvedBy, review?.officerId].filter((x): x is string => Boolean(x));
    const [officers, neighbourhoods] = await Promise.all([
      service(kit, PartnershipService).findOfficers(officerIds),
      service(kit, NeighbourhoodsService).find(b.neighbourhoodIds),
    ]);
    const nameOf = (officerId: string | null | undefined) => {
      const found = officers.find((o) => o.id === officerId);
      return found ? officerFullName(found) : 'a colleague';
    };
    let preview: ReturnType<typeof previewText> | null = null;
    try {
      preview = previewText(kit, await service(kit, BulletinsService).renderable(id));
    } catch {
      preview = null; // a bulletin saved through the API that its templates cannot show: the page still shows the rest
    }
    const progress = progressOf(b);
    const pageNumber = Math.max(1, Math.min(100_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const deliveries = progress
      ? await service(kit, BulletinsService).deliveries(id, { limit: RECIPIENTS_PER_PAGE, offset: (pageNumber - 1) * RECIPIENTS_PER_PAGE })
      : [];
    const pages = progress ? Math.max(1, Math.ceil(progress.recipients / RECIPIENTS_PER_PAGE)) : 1;
    const mine = b.draftedBy === caller.officerId;
    render(kit, res, 'comms/bulletin.njk', {
      title: b.content.headline, b, stage, tag: STAGE_TAGS[stage], typeName: TYPE_NAMES[b.type],
      neighbourhoods: neighbourhoods.map((n) => n.name).sort(),
      draftedBy: nameOf(b.draftedBy), approvedBy: b.approvedBy ? nameOf(b.approvedBy) : null,
      review: review ? {
        action: review.action, by: nameOf(review.officerId), at: review.at,
        comment: review.commentEnc ? service(kit, PersonalDataCipher).open(review.commentEnc) : null,
      } : null,
      preview, progress, flash: takeFlash(req),
      recipients: deliveries.map((d: { subscriberId: string; channel: string; status: string; failureReason: string | null; updatedAt: Date }) => ({
        reference: d.subscriberId.slice(0, 8), channel: d.channel === 'sms' ? 'Text' : 'Email', status: DELIVERY_WORDS[d.status] ?? d.status,
        reason: d.failureReason ?? '', updatedAt: d.updatedAt,
      })),
      pagination: pages > 1 ? {
        previous: pageNumber > 1 ? { href: `/bulletins/${id}?page=${pageNumber - 1}#recipients` } : undefined,
        next: pageNumber < pages ? { href: `/bulletins/${id}?page=${pageNumber + 1}#recipients` } : undefined,
        items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: `/bulletins/${id}?page=${i + 1}#recipients`, current: i + 1 === pageNumber })).filter((p) => Math.abs(p.number - pageNumber) <= 3 || p.number === 1 || p.number === pages),
      } : null,
      can: {
        edit: ['draft', 'sent_back', 'awaiting_approval', 'approved', 'scheduled'].includes(stage),
        submit: stage === 'draft' || stage === 'sent_back',
        review: stage === 'awaiting_approval' && !mine,
        send: stage === 'approved' || stage === 'scheduled',
        cancel: ['approved', 'scheduled', 'sending'].includes(stage),
      },
      mine, errors: extra.errors ?? null, form: extra.form ?? {},
      postersOf: b.type === 'street_briefing',
    });
  };

  /** Runs an action; its field problems show the page again with the error on its field (`prefix-field`), else back to the page. */
  const act = (prefix: string, work: (id: string, caller: Caller, form: Form) => Promise<string>) => page(async (req, res) => {
    const caller = commsCaller(res, 'bulletins');
    const id = idParam(req);
    const form = req.body as Form;
    try {
      req.session.flash = await work(id, caller, form);
      res.redirect(303, `/bulletins/${id}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      res.status(400);
      // An approval refused for the words (a victim's details found) is about the whole bulletin: every reason, at the Approve button.
      const errors = prefix === 'approve'
        ? { list: error.problems.map((p) => ({ text: p.message, href: '#approve-problem' })), byField: { 'approve-problem': { text: error.problems.map((p) => p.message).join('; ') } } }
        : formErrors(error.problems, (f) => `${prefix}-${f.replace(/^content\./, '').replace(/[.[\]]+/g, '-').replace(/-$/, '')}`);
      await show(req, res, { errors, form });
    }
  });

  router.get('/bulletins/:id', page((req, res) => show(req, res)));

  router.get('/bulletins/:id/progress.json', page(async (req, res) => {
    commsCaller(res, 'bulletins');
    const b = await service(kit, BulletinsService).get(idParam(req));
    res.json({ status: b.status, progress: progressOf(b) });
  }));

  router.get('/bulletins/:id/email', page(async (req, res) => {
    commsCaller(res, 'bulletins');
    sendEmailPage(kit, res, await service(kit, BulletinsService).renderable(idParam(req)));
  }));
  router.get('/bulletins/:id/leaflet.pdf', page(async (req, res) => {
    commsCaller(res, 'bulletins');
    await sendPdf(kit, res, await service(kit, BulletinsService).renderable(idParam(req)), 'leaflet');
  }));
  router.get('/bulletins/:id/poster.pdf', page(async (req, res) => {
    commsCaller(res, 'bulletins');
    const b = await service(kit, BulletinsService).renderable(idParam(req));
    if (b.type !== 'street_briefing') throw new NotFoundException();
    await sendPdf(kit, res, b, 'poster');
  }));

  router.post('/bulletins/:id/submit', act('submit', async (id, caller) => {
    await bulletinAt(kit, id, ['draft', 'sent_back'], 'sent for approval');
    await service(kit, BulletinsService).submitForApproval(id, caller); // the approvers get a task and an email
    await commsRepository(kit).record(id, 'submitted', caller.officerId, service(kit, ClockService).now());
    return 'Sent for approval. Another comms officer or a supervisor must approve it before it can go.';
  }));

  router.post('/bulletins/:id/approve', act('approve', async (id, caller) => {
    await bulletinAt(kit, id, ['awaiting_approval'], 'approved');
    await service(kit, BulletinsService).approve(id, caller);
    return 'Approved. It can now be sent, or scheduled for later.';
  }));

  router.post('/bulletins/:id/send-back', act('sendBack', async (id, caller, form) => {
    const { b } = await bulletinAt(kit, id, ['awaiting_approval'], 'sent back');
    if (b.draftedBy === caller.officerId) throw new ForbiddenException('Someone other than the person who drafted it reviews a bulletin.');
    const comment = String(form.comment ?? '').trim();
    if (!comment) throw InputError.of('comment', 'isNotEmpty', 'Say what needs changing');
    if (comment.length > 1000) throw InputError.of('comment', 'maxLength', 'The comment must be 1,000 characters or fewer');
    const sealed = service(kit, PersonalDataCipher).seal(comment);
    await service(kit, BulletinsService).sendBack(id, caller);
    await commsRepository(kit).record(id, 'sent_back', caller.officerId, service(kit, ClockService).now(), sealed);
    return 'Sent back with your comment.';
  }));

  router.post('/bulletins/:id/send', act('send', async (id, _caller, form) => {
    await bulletinAt(kit, id, ['approved', 'scheduled'], 'sent');
    const when = String(form.when ?? '');
    if (when !== 'now' && when !== 'later') throw InputError.of('when', 'isIn', 'Choose whether to send it now or at a date and time');
    const at = when === 'later' ? londonDateTime(String(form.date ?? '').trim(), String(form.time ?? '').trim()) : undefined;
    if (when === 'later' && !at) throw InputError.of('date', 'isNotEmpty', 'Enter the date and time to send it');
    const dto = await checkAs(SendBulletinDto, at ? { at } : {}).catch((error: unknown) => {
      throw error instanceof InputError ? InputError.of('date', 'isDateTime', 'Enter the date as year-month-day and the time as hours:minutes, for example 2026-12-10 and 09:30') : error;
    });
    await service(kit, BulletinsService).schedule(id, dto.at).catch((error: unknown) => {
      // The API names its field `at`; here it is the date box.
      throw error instanceof InputError ? new InputError(error.problems.map((p) => ({ ...p, field: p.field === 'at' ? 'date' : p.field, message: p.message.replace(/^at\b/, 'The date and time') }))) : error;
    });
    await service(kit, BulletinFanOut).fanOutDue(); // as the API does: a bulletin due now goes out at once
    return at ? 'Scheduled. It will go out at the time you chose.' : 'It is going out now.';
  }));

  router.post('/bulletins/:id/cancel', act('cancel', async (id) => {
    await bulletinAt(kit, id, ['approved', 'scheduled', 'sending'], 'cancelled');
    await service(kit, BulletinsService).cancel(id);
    return 'The bulletin is cancelled: nothing more of it will go.';
  }));
}
