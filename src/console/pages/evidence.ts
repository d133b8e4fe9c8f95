import type { Request, Response, Router } from 'express';
import { DateTime } from 'luxon';
import { LONDON } from '../../calendar/working-days.js';
import { DiarySheetsDto, EvidenceDto, EvidenceReviewDto } from '../../case-journey/case-journey.dto.js';
import { EVIDENCE_KINDS } from '../../case-journey/case-journey.entities.js';
import { EvidenceReviews } from '../../case-journey/evidence-reviews.js';
import { EvidenceSupport } from '../../case-journey/evidence.js';
import { CasesService } from '../../cases/cases.service.js';
import { InputError } from '../../http/input-error.js';
import { RiskService } from '../../risk/risk.service.js';
import { words } from '../case.view.js';
import { caseWorkerOnly } from '../console-gate.js';
import { caseIdOf } from './case-page.js';
import { checkAs, formErrors, page, type PageKit, render, service } from './page-kit.js';

type Form = Record<string, string | string[] | undefined>;
const text = (form: Form, field: string) => String(form[field] ?? '').trim();
const list = (form: Form, field: string) => [form[field] ?? []].flat().map(String);

/** A day typed as YYYY-MM-DD, sent as the start of that London day; anything else as typed, for the API's message. */
function londonDay(value: string): string | undefined {
  if (!value) return undefined;
  const day = DateTime.fromISO(value, { zone: LONDON });
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && day.isValid ? day.toUTC().toISO({ suppressMilliseconds: true })! : value;
}

/**
 * Diary sheets and evidence: the evidence logged, diary sheets sent, and the evidence reviews
 * (next one due, those done, recording one); each form checked and done as the API does it
 * (`POST /v1/cases/:id/evidence`, `…/diary-sheets`, `…/evidence-reviews`).
 */
export function registerEvidence(router: Router, kit: PageKit): void {
  const show = async (req: Request, res: Response, extra: { errors?: unknown; form?: Record<string, Form> } = {}) => {
    const caller = caseWorkerOnly(res);
    const id = caseIdOf(req);
    const c = await service(kit, CasesService).visibleCase(id, caller);
    const [items, reviews] = await Promise.all([
      service(kit, EvidenceSupport).list(id, caller),
      service(kit, EvidenceReviews).list(id, caller),
    ]);
    const flash = req.session.flash;
    delete req.session.flash;
    const risk = service(kit, RiskService).published();
    const reviewForm = extra.form?.review ?? {};
    render(kit, res, 'cases/evidence.njk', {
      title: 'Diary sheets and evidence', c, nextReviewDueAt: c.nextEvidenceReviewAt, items, reviews, flash,
      kinds: EVIDENCE_KINDS.map((k) => ({ value: k, text: words(k).replace(/^./, (x) => x.toUpperCase()) })),
      riskItems: risk.questions.map((q) => ({ value: q.id, text: q.text, checked: list(reviewForm, 'risk').includes(q.id) })),
      errors: extra.errors ?? null, form: extra.form ?? {},
    });
  };

  /** Runs one form's work; its field errors re-show the page with the input and each error on its field (`prefix-field`). */
  const act = (prefix: string, work: (id: string, form: Form, req: Request, res: Response) => Promise<string>) =>
    page(async (req, res) => {
      const form = req.body as Form;
      try {
        req.session.flash = await work(caseIdOf(req), form, req, res);
        res.redirect(303, `/cases/${caseIdOf(req)}/evidence#${prefix}`);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        res.status(400);
        const problems = error.problems.map((p) => ({ field: p.field.startsWith('riskAssessment') ? 'risk' : p.field === 'id' ? 'form' : p.field, message: p.message }));
        await show(req, res, { errors: formErrors(problems, (f) => `${prefix}-${f}`), form: { [prefix]: form } });
      }
    });

  router.get('/cases/:id/evidence', page((req, res) => show(req, res)));

  router.post('/cases/:id/evidence', act('evidence', async (id, form, _req, res) => {
    const body = { kind: text(form, 'kind') || undefined, receivedAt: londonDay(text(form, 'receivedAt')), description: text(form, 'description') || undefined };
    await service(kit, EvidenceSupport).record(id, await checkAs(EvidenceDto, body), caseWorkerOnly(res));
    return 'The evidence is recorded.';
  }));

  router.post('/cases/:id/diary-sheets', act('diary', async (id, form, _req, res) => {
    const body = { returnBy: text(form, 'returnBy') || undefined, channel: text(form, 'channel') || undefined };
    const sent = await service(kit, EvidenceSupport).sendDiarySheets(id, await checkAs(DiarySheetsDto, body), caseWorkerOnly(res));
    return `Diary sheets are on their way by ${words(sent.channel)}, to come back by ${DateTime.fromISO(sent.returnBy!, { zone: LONDON }).toFormat('d LLLL yyyy')}.`;
  }));

  router.post('/cases/:id/evidence-reviews', act('review', async (id, form, _req, res) => {
    const answers = Object.fromEntries(service(kit, RiskService).published().questions.map((q) => [q.id, list(form, 'risk').includes(q.id)]));
    const body = { action: text(form, 'action'), reason: text(form, 'reason'), riskAssessment: { answers } };
    const review = await service(kit, EvidenceReviews).record(id, await checkAs(EvidenceReviewDto, body), caseWorkerOnly(res));
    return `The evidence review is recorded; the victim will be told. Risk is ${review.riskLevelAfter}.`;
  }));
}
