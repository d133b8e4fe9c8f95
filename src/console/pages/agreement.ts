import { NotFoundException } from '@nestjs/common';
import type { Router } from 'express';
import { DataSource } from 'typeorm';
import { AgreementsService } from '../../contacts/agreements.service.js';
import type { ContactAgreementDto } from '../../agreements/agreements.dto.js';
import { ContactPlanner } from '../../contacts/contact-planner.js';
import { CasesService } from '../../cases/cases.service.js';
import { InputError } from '../../http/input-error.js';
import { agreementForm, agreementRequest, type ComplaintForm, fieldIdOf, plainMessage } from '../complaint-form.js';
import { caseWorkerOnly } from '../console-gate.js';
import { caseIdOf } from './case-page.js';
import { agreementContext } from './log-complaint.js';
import { formErrors, page, type PageKit, render, service } from './page-kit.js';

/**
 * Change the contact agreement: the whole agreement, checked as `PUT /v1/cases/:id/contact-agreement`
 * checks it, and everything not yet sent re-planned in the same transaction.
 */
export function registerAgreement(router: Router, kit: PageKit): void {
  router.get('/cases/:id/agreement', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const c = await service(kit, CasesService).visibleCase(caseIdOf(req), caller);
    const current = await service(kit, AgreementsService).get(c.id, caller).catch((error) => {
      if (error instanceof NotFoundException) return null;
      throw error;
    });
    render(kit, res, 'cases/agreement.njk', { title: 'Change the contact agreement', c, ...agreementContext(current ? agreementForm(current) : {}) });
  }));

  router.post('/cases/:id/agreement', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const c = await service(kit, CasesService).visibleCase(caseIdOf(req), caller);
    const form = req.body as ComplaintForm;
    const { body, problems } = await agreementRequest(form);
    let found = problems;
    if (found.length === 0) {
      try {
        await service(kit, DataSource).transaction(async (db) => {
          await service(kit, AgreementsService).record(c.id, body as unknown as ContactAgreementDto, caller, db);
          await service(kit, ContactPlanner).replan(c.id, db);
        });
        req.session.flash = 'The contact agreement is recorded. Messages not yet sent follow it.';
        return res.redirect(303, `/cases/${c.id}#agreement`);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        found = error.problems.map((p) => ({ ...p, field: p.field.startsWith('contactAgreement') ? p.field : `contactAgreement.${p.field}` }));
      }
    }
    res.status(400);
    const errors = formErrors(found.map((p) => ({ field: fieldIdOf(p.field), message: plainMessage(p) })), (f) => f);
    render(kit, res, 'cases/agreement.njk', { title: 'Change the contact agreement', c, errors, ...agreementContext(form) });
  }));
}
