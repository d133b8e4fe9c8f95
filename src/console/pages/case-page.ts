import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import { simpleParser } from 'mailparser';
import { AgreementsService, view } from '../../contacts/agreements.service.js';
import { ActionPlans } from '../../case-journey/action-plans.js';
import { EvidenceReviews } from '../../case-journey/evidence-reviews.js';
import { EvidenceSupport } from '../../case-journey/evidence.js';
import { ProceedingsService } from '../../court/proceedings.service.js';
import { CasesService } from '../../cases/cases.service.js';
import { ClockService } from '../../clock/clock.service.js';
import { ContactLog } from '../../contacts/contact-log.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { OfficerTasks } from '../../tasks/officer-tasks.service.js';
import { actionPlanRows } from './plan-rows.js';
import { agreementRows, contactTimeline, countdown, riskTag } from '../case.view.js';
import { caseWorkerOnly } from '../console-gate.js';
import { page, type PageKit, render, service } from './page-kit.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function caseIdOf(req: Request): string {
  const id = String(req.params.id);
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
}

/** Everything the case page shows; the read of the victim's details is audited by CasesService. */
export async function casePage(kit: PageKit, req: Request, res: Response, extra: Record<string, unknown> = {}) {
  const caller = caseWorkerOnly(res);
  const id = caseIdOf(req);
  // All at once: the detail checks the caller may see the case (else 404, and nothing else is shown).
  const [detail, log, tasks, found, actionPlan, evidence, reviews, visible, proceedings] = await Promise.all([
    service(kit, CasesService).detail(id, caller),
    service(kit, ContactLog).caseLog(id),
    service(kit, OfficerTasks).forCase(id, caller),
    service(kit, AgreementsService).find(id),
    service(kit, ActionPlans).current(id, caller),
    service(kit, EvidenceSupport).list(id, caller),
    service(kit, EvidenceReviews).list(id, caller),
    service(kit, CasesService).visibleCase(id, caller),
    service(kit, ProceedingsService).list(id, caller),
  ]);
  const agreement = found ? view(found) : null;
  const now = service(kit, ClockService).now();
  const draft = takeDraft(kit, req, `/cases/${id}`);
  const flash = req.session.flash;
  delete req.session.flash;
  render(kit, res, 'cases/case.njk', {
    title: `Case ${detail.reference}`,
    c: detail,
    riskTag: riskTag(detail.riskLevel),
    countdown: countdown(detail, now),
    timeline: contactTimeline(id, log),
    openTasks: tasks.filter((t) => t.status === 'open'),
    doneTasks: tasks.filter((t) => t.status !== 'open'),
    agreement,
    agreementRows: agreementRows(agreement),
    actionPlan: actionPlan.current,
    evidenceCount: evidence.length,
    proceedings,
    reviewCount: reviews.length,
    nextEvidenceReviewAt: visible.nextEvidenceReviewAt,
    actionPlanRows: await actionPlanRows(kit, actionPlan.current?.actions ?? []),
    formKey: randomUUID(),
    message: draft ?? '',
    restoredDraft: Boolean(draft),
    flash,
    ...extra,
  });
}

/** An update typed before the session ran out, for the page it was typed on (once). */
function takeDraft(kit: PageKit, req: Request, path: string): string | null {
  const draft = req.session.draft;
  if (!draft || draft.path !== path) return null;
  delete req.session.draft;
  return service(kit, PersonalDataCipher).open(Buffer.from(draft.message, 'base64'));
}

export function registerCasePage(router: Router, kit: PageKit): void {
  router.get('/cases/:id', page((req, res) => casePage(kit, req, res)));

  /** Exactly what was sent: the training outbox's copy of the text, the email, or the letter's PDF. */
  router.get('/cases/:id/contacts/:contactId/sent', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const id = caseIdOf(req);
    const c = await service(kit, CasesService).visibleCase(id, caller);
    const contact = await service(kit, ContactLog).find(String(req.params.contactId)).catch(() => null);
    if (!contact || contact.caseId !== c.id) throw new NotFoundException();
    const sent = await outboxCopy(kit, contact.id, contact.channel);
    if (sent?.pdf) {
      res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="letter-${c.reference}.pdf"`);
      res.send(sent.pdf);
      return;
    }
    render(kit, res, 'cases/sent.njk', { title: 'What was sent', c, contact, sent });
  }));
}

async function outboxCopy(kit: PageKit, contactId: string, channel: string) {
  if (kit.settings.mode !== 'training') return null;
  const dir = kit.settings.outboxDir;
  try {
    if (channel === 'sms') {
      const file = JSON.parse(await readFile(join(dir, 'sms', `${contactId}.json`), 'utf8'));
      return { to: file.to as string, from: file.from as string, body: file.body as string };
    }
    if (channel === 'email') {
      const mail = await simpleParser(await readFile(join(dir, 'email', `${contactId}.eml`)));
      const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
      return { to, from: mail.from?.text ?? '', subject: mail.subject ?? '', body: mail.text ?? '' };
    }
    if (channel === 'letter') return { pdf: await readFile(join(dir, 'letters', `${contactId}.pdf`)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return null;
}
