import type { Request, Response, Router } from 'express';
import { CasesService } from '../../cases/cases.service.js';
import { ApplySpecialMeasuresDto, ChangeProceedingsDto, DecideSpecialMeasuresDto, RecordProceedingsDto } from '../../court/court.dto.js';
import { PROCEEDINGS_KINDS } from '../../court/proceedings.entity.js';
import { ProceedingsService } from '../../court/proceedings.service.js';
import { SPECIAL_MEASURES, WITNESS_CATEGORIES } from '../../court/special-measures.entity.js';
import { SpecialMeasuresService } from '../../court/special-measures.service.js';
import { InputError } from '../../http/input-error.js';
import { words } from '../case.view.js';
import { caseWorkerOnly } from '../console-gate.js';
import { caseIdOf } from './case-page.js';
import { checkAs, formErrors, page, type PageKit, render, service } from './page-kit.js';

type Form = Record<string, string | string[] | undefined>;
const text = (form: Form, field: string) => String(form[field] ?? '').trim();
const list = (form: Form, field: string) => [form[field] ?? []].flat().map(String);
const choices = (values: readonly string[]) => values.map((v) => ({ value: v, text: words(v).replace(/^./, (x) => x.toUpperCase()) }));

/** Yes / no / not asked, as the API's witnessServiceConsent (absent when not asked). */
const consentOf = (form: Form) => (text(form, 'consent') ? { given: text(form, 'consent') === 'yes' } : undefined);

/** `hearings.1.at` (or `hearings[1].at`) is shown on `hearing-2-at`; the whole list on the first hearing; consent on its radios. */
function fieldOf(field: string): string {
  const m = /^hearings(?:\[(\d+)\]|\.(\d+))\.(at|description)$/.exec(field);
  if (m) return `hearing-${Number(m[1] ?? m[2]) + 1}-${m[3]}`;
  if (field === 'hearings') return 'hearing-1-at';
  if (field.startsWith('witnessServiceConsent')) return 'consent';
  if (field === 'id' || field === 'proceedingsId' || field === 'applicationId') return 'form';
  return field;
}

/**
 * Court support: proceedings and hearing dates, Witness Service referral consent, special
 * measures; each form checked and done as `POST/PATCH /v1/cases/:id/proceedings…` and
 * `…/special-measures…` do it (ProceedingsService, SpecialMeasuresService).
 */
export function registerCourt(router: Router, kit: PageKit): void {
  const show = async (req: Request, res: Response, extra: { errors?: unknown; form?: Record<string, Form> } = {}) => {
    const caller = caseWorkerOnly(res);
    const id = caseIdOf(req);
    const c = await service(kit, CasesService).visibleCase(id, caller);
    const proceedings = await service(kit, ProceedingsService).list(id, caller);
    const flash = req.session.flash;
    delete req.session.flash;
    render(kit, res, 'cases/court.njk', {
      title: 'Court', c, proceedings, flash, errors: extra.errors ?? null, form: extra.form ?? {},
      kinds: choices(PROCEEDINGS_KINDS), measures: choices(SPECIAL_MEASURES), categories: choices(WITNESS_CATEGORIES),
    });
  };

  /** Runs one form's work; its field errors re-show the page with the input, each error on its field (`prefix-field`). */
  const act = (prefix: (req: Request) => string, work: (id: string, form: Form, res: Response, req: Request) => Promise<string>) =>
    page(async (req, res) => {
      const form = req.body as Form;
      const p = prefix(req);
      try {
        req.session.flash = await work(caseIdOf(req), form, res, req);
        res.redirect(303, `/cases/${caseIdOf(req)}/court`);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        res.status(400);
        const errors = formErrors(error.problems.map((x) => ({ field: fieldOf(x.field), message: x.message })), (f) => `${p}-${f}`);
        await show(req, res, { errors, form: { [p]: form } });
      }
    });

  router.get('/cases/:id/court', page((req, res) => show(req, res)));

  router.post('/cases/:id/proceedings', act(() => 'proceedings', async (id, form, res) => {
    const hearings = [1, 2].map((i) => ({ at: text(form, `hearing-${i}-at`), description: text(form, `hearing-${i}-description`) || undefined }))
      .filter((h, i) => i === 0 || h.at || h.description);
    const body = { kind: text(form, 'kind') || undefined, court: text(form, 'court'), hearings, witnessServiceConsent: consentOf(form), needs: text(form, 'needs') || undefined };
    const recorded = await service(kit, ProceedingsService).record(id, await checkAs(RecordProceedingsDto, body), caseWorkerOnly(res));
    return `The ${recorded.kind} proceedings are recorded. The victim is sent the hearing dates.`;
  }));

  router.post('/cases/:id/proceedings/:pid/consent', act((req) => `consent-${req.params.pid}`, async (id, form, res, req) => {
    const body = { witnessServiceConsent: consentOf(form) ?? { given: undefined } };
    await service(kit, ProceedingsService).change(id, String(req.params.pid), await checkAs(ChangeProceedingsDto, body), caseWorkerOnly(res));
    return body.witnessServiceConsent.given ? 'Consent is recorded: the Witness Service referral is made.' : 'The victim’s answer is recorded: no referral is made.';
  }));

  router.post('/cases/:id/proceedings/:pid/special-measures', act((req) => `measures-${req.params.pid}`, async (id, form, res, req) => {
    const body = { proceedingsId: String(req.params.pid), measures: list(form, 'measures'), witnessCategory: text(form, 'witnessCategory') || undefined };
    await service(kit, SpecialMeasuresService).apply(id, await checkAs(ApplySpecialMeasuresDto, body), caseWorkerOnly(res));
    return 'The special measures application is recorded.';
  }));

  router.post('/cases/:id/special-measures/:aid', act((req) => `decide-${req.params.aid}`, async (id, form, res, req) => {
    const body = { outcome: text(form, 'outcome') || undefined };
    await service(kit, SpecialMeasuresService).decide(id, String(req.params.aid), await checkAs(DecideSpecialMeasuresDto, body), caseWorkerOnly(res));
    return `The court’s decision on special measures is recorded: ${body.outcome}.`;
  }));
}
