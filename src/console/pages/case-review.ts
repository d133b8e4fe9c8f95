import { ConflictException, type HttpException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import { CaseReviewRequestDto } from '../../case-review/case-review.dto.js';
import { APPLICANTS, RECEIVED_VIA } from '../../case-review/case-review.entity.js';
import { CaseReviews } from '../../case-review/case-reviews.service.js';
import { CasesService } from '../../cases/cases.service.js';
import { InputError } from '../../http/input-error.js';
import { words } from '../case.view.js';
import { caseWorkerOnly, messageOf } from '../console-gate.js';
import { caseIdOf } from './case-page.js';
import { checkAs, formErrors, page, type PageKit, render, service } from './page-kit.js';

type Form = Record<string, string | undefined>;
const APPLICANT_TEXT: Record<string, string> = { victim: 'The victim', on_behalf: 'Someone on the victim’s behalf, with their consent' };

/**
 * The ASB Case Review (Anti-social Behaviour, Crime and Policing Act 2014, s.104): whether the
 * victim may ask for one, the reviews asked for, and recording a request as
 * `POST /v1/cases/:id/case-review` does (CaseReviews.request).
 */
export function registerCaseReview(router: Router, kit: PageKit): void {
  const show = async (req: Request, res: Response, extra: { errors?: unknown; form?: Form } = {}) => {
    const caller = caseWorkerOnly(res);
    const id = caseIdOf(req);
    const c = await service(kit, CasesService).visibleCase(id, caller);
    const [eligibility, reviews] = await Promise.all([service(kit, CasesService).caseReview(id), service(kit, CaseReviews).forCase(id, caller)]);
    const flash = req.session.flash;
    delete req.session.flash;
    render(kit, res, 'cases/case-review.njk', {
      title: 'ASB Case Review', c, eligibility, reviews, flash, errors: extra.errors ?? null, form: extra.form ?? {},
      openReview: reviews.find((r) => r.open) ?? null,
      via: RECEIVED_VIA.map((v) => ({ value: v, text: words(v).replace(/^./, (x) => x.toUpperCase()) })),
      applicants: APPLICANTS.map((v) => ({ value: v, text: APPLICANT_TEXT[v] })),
    });
  };

  router.get('/cases/:id/case-review', page((req, res) => show(req, res)));

  router.post('/cases/:id/case-review', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const id = caseIdOf(req);
    const form = req.body as Form;
    const body = Object.fromEntries(['receivedOn', 'receivedVia', 'applicant', 'applicantDetails'].map((f) => [f, form[f]?.trim() || undefined]));
    try {
      await service(kit, CaseReviews).request(id, await checkAs(CaseReviewRequestDto, body), caller);
      req.session.flash = 'The request for an ASB Case Review is recorded. A supervisor is asked to decide whether the threshold is met.';
      return res.redirect(303, `/cases/${id}/case-review`);
    } catch (error) {
      // Already asked for (a double submit, the back button): say so, having written nothing more.
      if (error instanceof ConflictException) {
        req.session.flash = messageOf(error as HttpException);
        return res.redirect(303, `/cases/${id}/case-review`);
      }
      if (!(error instanceof InputError)) throw error;
      res.status(400);
      await show(req, res, { errors: formErrors(error.problems.map((p) => ({ field: p.field, message: p.message })), (f) => `review-${f}`), form });
    }
  }));
}
