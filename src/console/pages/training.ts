import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundException } from '@nestjs/common';
import type { Router } from 'express';
import { DateTime } from 'luxon';
import { CasesService } from '../../cases/cases.service.js';
import { ClockService } from '../../clock/clock.service.js';
import { ContactLog } from '../../contacts/contact-log.js';
import { InputError } from '../../http/input-error.js';
import { TrainingController } from '../../training/training.controller.js';
import { caseWorkerOnly } from '../console-gate.js';
import { formErrors, page, type PageKit, render, service } from './page-kit.js';

const FOLDERS = [['sms', '.json', 'Text message'], ['email', '.eml', 'Email'], ['letters', '.pdf', 'Letter']] as const;
const SHOWN = 200;

/** The training outbox's newest messages on cases the caller's organisation can see. */
async function outbox(kit: PageKit, caller: Parameters<CasesService['visibleCase']>[1]) {
  const files: { contactId: string; kind: string; at: Date }[] = [];
  for (const [folder, ext, kind] of FOLDERS) {
    const dir = join(kit.settings.outboxDir, folder);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(ext) && /^[0-9a-f-]{36}\./.test(n))) {
      files.push({ contactId: name.slice(0, 36), kind, at: (await stat(join(dir, name))).mtime });
    }
  }
  files.sort((a, b) => b.at.getTime() - a.at.getTime());
  const contacts = new Map((await service(kit, ContactLog).findMany(files.slice(0, SHOWN).map((f) => f.contactId))).map((k) => [k.id, k]));
  const cases = service(kit, CasesService);
  const visible = new Map<string, string | null>();
  const rows = [];
  for (const file of files.slice(0, SHOWN)) {
    const contact = contacts.get(file.contactId);
    if (!contact) continue;
    if (!visible.has(contact.caseId)) visible.set(contact.caseId, await cases.visibleCase(contact.caseId, caller).then((c) => c.reference, () => null));
    const reference = visible.get(contact.caseId);
    if (reference) rows.push({ ...file, caseId: contact.caseId, reference, purpose: contact.purpose, status: contact.status });
  }
  return rows;
}

/** Training mode only: the training clock (read and move it) and the outbox, in the browser. */
export function registerTraining(router: Router, kit: PageKit): void {
  const onlyInTraining = () => {
    if (kit.settings.mode !== 'training') throw new NotFoundException();
  };

  const show = async (res: Parameters<Parameters<typeof page>[0]>[1], extra: Record<string, unknown> = {}) => {
    const caller = caseWorkerOnly(res);
    const now = DateTime.fromJSDate(service(kit, ClockService).now()).setZone('Europe/London');
    render(kit, res, 'training.njk', {
      title: 'Training',
      date: now.toFormat('yyyy-LL-dd'),
      time: now.toFormat('HH:mm'),
      messages: await outbox(kit, caller),
      ...extra,
    });
  };

  router.get('/training', page(async (req, res) => {
    onlyInTraining();
    const flash = req.session.flash;
    delete req.session.flash;
    await show(res, { flash });
  }));

  router.post('/training/clock', page(async (req, res) => {
    onlyInTraining();
    caseWorkerOnly(res);
    const body = req.body as Record<string, string>;
    const at = DateTime.fromFormat(`${body.date ?? ''} ${body.time ?? ''}`.trim(), 'yyyy-LL-dd HH:mm', { zone: 'Europe/London' });
    try {
      if (!at.isValid) throw InputError.of('date', 'format', 'Enter the new date as YYYY-MM-DD and the time as HH:mm');
      const moved = await service(kit, TrainingController).move({ now: at.toUTC().toISO({ suppressMilliseconds: true })! });
      req.session.flash = `The training clock now says ${DateTime.fromISO(moved.now).setZone('Europe/London').toFormat('d LLL yyyy, HH:mm')}. ${moved.dispatched ?? 0} message(s) came due.`;
      res.redirect(303, '/training');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      res.status(400);
      await show(res, { errors: formErrors(error.problems.map((p) => ({ field: 'date', message: p.message }))), date: body.date, time: body.time });
    }
  }));
}
