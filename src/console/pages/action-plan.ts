import type { Response, Router } from 'express';
import { ActionPlans } from '../../case-journey/action-plans.js';
import { ActionPlanDto } from '../../case-journey/case-journey.dto.js';
import { CasesService } from '../../cases/cases.service.js';
import { InputError } from '../../http/input-error.js';
import { caseWorkerOnly } from '../console-gate.js';
import { caseIdOf } from './case-page.js';
import { checkAs, formErrors, page, type PageKit, render, service } from './page-kit.js';

/** Rows the form offers; the API takes up to 20 actions. */
const ROWS = 5;
type Form = Record<string, string | undefined>;

/** `actions[2].by` is shown on the field `action-3-by`; a missing plan on the first "what". */
export const actionFieldId = (field: string): string => {
  const m = /^actions\[(\d+)\]\.(what|who|by)$/.exec(field);
  return m ? `action-${Number(m[1]) + 1}-${m[2]}` : 'action-1-what';
};

/** The filled rows, as the body of `PUT /v1/cases/:id/action-plan`; the row each came from. */
function planOf(form: Form) {
  const rows: number[] = [];
  const actions = [];
  for (let i = 1; i <= ROWS; i += 1) {
    const what = form[`action-${i}-what`]?.trim() ?? '';
    const by = form[`action-${i}-by`]?.trim() ?? '';
    if (!what && !by) continue;
    rows.push(i);
    actions.push({ what, who: form[`action-${i}-who`] ?? 'victim', by });
  }
  return { dto: { actions } as ActionPlanDto, rows };
}

/**
 * View and change the action plan agreed with the victim, checked and sent as
 * `PUT /v1/cases/:id/action-plan` checks and sends it (ActionPlans.agree); every version is kept.
 */
export function registerActionPlan(router: Router, kit: PageKit): void {
  const show = async (res: Response, caseId: string, form: Form | null, errors: unknown = null) => {
    const caller = caseWorkerOnly(res);
    const c = await service(kit, CasesService).detail(caseId, caller);
    const plan = await service(kit, ActionPlans).current(caseId, caller);
    const who = [{ value: 'victim', text: 'The victim' }, { value: c.leadOrganisation.id, text: c.leadOrganisation.name }];
    for (const a of plan.current?.actions ?? []) if (!who.some((w) => w.value === a.who)) who.push({ value: a.who, text: a.who });
    const values = form ?? Object.fromEntries((plan.current?.actions ?? []).flatMap((a, i) => [[`action-${i + 1}-what`, a.what], [`action-${i + 1}-who`, a.who], [`action-${i + 1}-by`, a.by]]));
    render(kit, res, 'cases/action-plan.njk', { title: 'Agree the action plan', c, plan, who, rows: Array.from({ length: ROWS }, (_, i) => i + 1), form: values, errors });
  };

  router.get('/cases/:id/action-plan', page((req, res) => show(res, caseIdOf(req), null)));

  router.post('/cases/:id/action-plan', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const id = caseIdOf(req);
    const form = req.body as Form;
    const { dto, rows } = planOf(form);
    try {
      await checkAs(ActionPlanDto, dto);
      const agreed = await service(kit, ActionPlans).agree(id, dto, caller);
      req.session.flash = `Version ${agreed.version} of the action plan is agreed. The victim is sent it in full.`;
      return res.redirect(303, `/cases/${id}#action-plan`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // The API numbers the filled rows; the form shows them on the rows they were typed in.
      const problems = error.problems.map((p) => ({
        field: p.field.replace(/^actions\[(\d+)\]/, (_, n) => `actions[${rows[Number(n)] - 1}]`),
        message: p.field === 'actions' ? 'Enter at least one action: what will be done, and by when' : p.message.replace(/^actions\[(\d+)\]\./, (_, n) => `Action ${rows[Number(n)]}: `),
      }));
      res.status(400);
      await show(res, id, form, formErrors(problems, actionFieldId));
    }
  }));
}
