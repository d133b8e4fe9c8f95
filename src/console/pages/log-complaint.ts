import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import { CaseIntakeService } from '../../cases/case-intake.service.js';
import { InputError } from '../../http/input-error.js';
import { RiskService } from '../../risk/risk.service.js';
import { CATEGORIES } from '../../cases/incident.entity.js';
import type { CreateCaseDto } from '../../cases/case.dto.js';
import { CHANNEL_CHOICES, complaintRequest, type ComplaintForm, fieldIdOf, plainMessage, SAFETY_FIELDS, SAFETY_LABELS } from '../complaint-form.js';
import { caseWorkerOnly } from '../console-gate.js';
import { formErrors, page, type PageKit, render, service } from './page-kit.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const values = (form: ComplaintForm, field: string) => [form[field] ?? []].flat();

/** What the contact agreement's fields (views/partials/agreement-fields.njk) need. */
export function agreementContext(form: ComplaintForm) {
  return {
    form,
    safeDays: values(form, 'safe-days'),
    channels: CHANNEL_CHOICES,
    safety: SAFETY_FIELDS.map((f) => ({ field: f, label: SAFETY_LABELS[f], value: form[`contactAgreement-${f}`] })),
    days: DAYS.map((d, i) => ({ value: String(i + 1), text: d })),
  };
}

function formPage(kit: PageKit, form: ComplaintForm) {
  return {
    title: 'Log a complaint',
    ...agreementContext(form),
    questionnaire: service(kit, RiskService).published(),
    riskChecked: values(form, 'risk'),
    categories: CATEGORIES.map((c) => ({ value: c, text: c.charAt(0).toUpperCase() + c.slice(1) })),
  };
}

/**
 * Log a complaint: victim, incident, the risk questionnaire as published in config/, and the
 * contact agreement. The same DTO and checks as `POST /v1/cases`; the form's own key makes a
 * double submit (double click, back button) write once.
 */
export function registerLogComplaint(router: Router, kit: PageKit): void {
  router.get('/log-a-complaint', page((_req, res) => {
    caseWorkerOnly(res);
    render(kit, res, 'log-complaint.njk', formPage(kit, { formKey: randomUUID(), 'cadence-unit': 'workingDays' }));
  }));

  router.post('/log-a-complaint', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const form = req.body as ComplaintForm;
    const ids = service(kit, RiskService).published().questions.map((q) => q.id);
    const { body, problems } = await complaintRequest(form, caller.organisationId, ids);
    let found = problems;
    if (found.length === 0) {
      try {
        const key = typeof form.formKey === 'string' && /^[0-9a-f-]{36}$/.test(form.formKey) ? `console:${form.formKey}` : undefined;
        const opened = await service(kit, CaseIntakeService).open(body as unknown as CreateCaseDto, caller, key);
        req.session.flash = 'The complaint is logged.';
        return res.redirect(303, `/cases/${opened.id}`);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        found = error.problems;
      }
    }
    res.status(400);
    const errors = formErrors(found.map((p) => ({ field: fieldIdOf(p.field), message: plainMessage(p) })), (f) => f);
    render(kit, res, 'log-complaint.njk', { ...formPage(kit, form), errors });
  }));
}
