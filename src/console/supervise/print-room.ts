import { ConflictException, GoneException, NotFoundException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import { DateTime } from 'luxon';
import type { Caller } from '../../auth/access.js';
import { LetterPost, PRINT_BATCH_KEEP_DAYS } from '../../channels/letter/letter-post.service.js';
import type { PrintRunSummary } from '../../channels/letter/print-batches.repository.js';
import { ClockService } from '../../clock/clock.service.js';
import { officerFullName } from '../../partnership/names.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { messageOf } from '../console-gate.js';
import { page, type PageKit, render, service } from '../pages/page-kit.js';
import { supervisorOnly } from './supervisor-only.js';

const LONDON = 'Europe/London';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function runIdOf(req: Request): string {
  const id = String(req.params.id);
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
}

/** A run as the page shows it: counts, postage by envelope, posted or not, and whether its files are still kept. */
async function runRows(kit: PageKit, runs: PrintRunSummary[], now: Date) {
  const posters = await service(kit, PartnershipService).findOfficers([...new Set(runs.map((r) => r.postedBy).filter((id): id is string => Boolean(id)))]);
  const names = new Map(posters.map((o) => [o.id, officerFullName(o)]));
  const keptSince = DateTime.fromJSDate(now).minus({ days: PRINT_BATCH_KEEP_DAYS }).toMillis();
  return runs.map((r) => ({
    ...r,
    secondClassEnvelopes: r.envelopes === null || r.firstClassEnvelopes === null ? null : r.envelopes - r.firstClassEnvelopes,
    postedByName: r.postedBy ? (names.get(r.postedBy) ?? 'a former officer') : null,
    filesKept: new Date(r.createdAt).getTime() >= keptSince,
    day: DateTime.fromJSDate(new Date(r.createdAt)).setZone(LONDON).toISODate(),
  }));
}

/** The print room: the organisation's runs (today's, then earlier), as `GET /v1/print-batches` scopes them. */
async function printRoom(kit: PageKit, req: Request, res: Response, caller: Caller, extra: Record<string, unknown> = {}) {
  const letters = service(kit, LetterPost);
  const now = service(kit, ClockService).now();
  const [runs, waiting] = await Promise.all([letters.listBatches(caller), letters.waitingCount(caller)]);
  const rows = await runRows(kit, runs, now);
  const today = DateTime.fromJSDate(now).setZone(LONDON).toISODate();
  const flash = req.session.flash;
  delete req.session.flash;
  render(kit, res, 'supervise/print-room.njk', {
    title: 'Print room',
    flash,
    waiting,
    today: rows.filter((r) => r.day === today),
    earlier: rows.filter((r) => r.day !== today),
    keepDays: PRINT_BATCH_KEEP_DAYS,
    ...extra,
  });
}

/** A run's file through LetterPost.batchFile: the same audited path as the API's downloads. */
async function download(kit: PageKit, req: Request, res: Response, part: 'pdf' | 'manifest') {
  const caller = supervisorOnly(res);
  const id = runIdOf(req);
  try {
    const file = await service(kit, LetterPost).batchFile(id, part, caller);
    const [run] = (await service(kit, LetterPost).listBatches(caller)).filter((r) => r.id === id);
    const stamp = run ? DateTime.fromJSDate(new Date(run.createdAt)).setZone(LONDON).toFormat('yyyy-LL-dd-HHmm') : id;
    res.type(part === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="print-run-${stamp}.${part === 'pdf' ? 'pdf' : 'csv'}"`);
    res.send(file);
  } catch (error) {
    if (!(error instanceof GoneException)) throw error;
    res.status(410);
    render(kit, res, 'error.njk', { title: 'These files are no longer kept', message: messageOf(error) });
  }
}

export function registerPrintRoom(router: Router, kit: PageKit): void {
  router.get('/print-room', page((req, res) => printRoom(kit, req, res, supervisorOnly(res))));

  /** The same run the schedule makes at PRINT_BATCH_TIME (LetterPost.runPrintBatch), for this organisation only, now by the clock. */
  router.post('/print-room/run', page(async (req, res) => {
    const caller = supervisorOnly(res);
    const [run] = await service(kit, LetterPost).runPrintBatch(caller.organisationId);
    req.session.flash = run
      ? `Print run made: ${run.letters} letter${run.letters === 1 ? '' : 's'} in ${run.envelopes} envelope${run.envelopes === 1 ? '' : 's'}, ${run.sheets} sheet${run.sheets === 1 ? '' : 's'}.`
      : 'No letters were waiting: no print run was made.';
    res.redirect(303, '/print-room');
  }));

  router.post('/print-room/:id/posted', page(async (req, res) => {
    const caller = supervisorOnly(res);
    try {
      await service(kit, LetterPost).markPosted(runIdOf(req), caller);
      req.session.flash = 'The print run is marked as posted.';
      res.redirect(303, '/print-room');
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      const { postedAt } = error.getResponse() as { postedAt: Date };
      const when = DateTime.fromJSDate(new Date(postedAt)).setZone(LONDON).toFormat('d LLL yyyy, HH:mm');
      res.status(409);
      await printRoom(kit, req, res, caller, { conflict: `This print run is already marked as posted (${when}). Nothing was changed.` });
    }
  }));

  router.get('/print-room/:id/letters.pdf', page((req, res) => download(kit, req, res, 'pdf')));
  router.get('/print-room/:id/manifest.csv', page((req, res) => download(kit, req, res, 'manifest')));
}
