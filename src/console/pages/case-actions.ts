import { ConflictException, type HttpException } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import { AgreementsService } from '../../contacts/agreements.service.js';
import { planContact } from '../../agreements/contact-plan.js';
import { OfficerUpdates } from '../../contacts/officer-updates.js';
import { UpdatePreviews } from '../../contacts/update-preview.js';
import { CaseClosure } from '../../case-journey/case-closure.js';
import { CaseReopenings } from '../../case-journey/case-reopening.js';
import { CasesService } from '../../cases/cases.service.js';
import { ClockService } from '../../clock/clock.service.js';
import { InputError } from '../../http/input-error.js';
import { TASK_OUTCOMES, type TaskOutcome } from '../../tasks/officer-task.entity.js';
import { OfficerTasks } from '../../tasks/officer-tasks.service.js';
import { smsCount } from '../case.view.js';
import { caseWorkerOnly, messageOf } from '../console-gate.js';
import { casePage, caseIdOf } from './case-page.js';
import { formErrors, page, type PageKit, service } from './page-kit.js';

type Body = Record<string, string | undefined>;
const METHODS = ['telephone', 'text', 'email', 'letter', 'in_person'];

/** Back to the case page with one line saying what happened (POST-redirect-GET: a refresh sends nothing twice). */
function done(req: Request, res: Response, flash: string, anchor = ''): void {
  req.session.flash = flash;
  res.redirect(303, `/cases/${caseIdOf(req)}${anchor}`);
}

/**
 * Runs an action; its field errors re-show the case page with the officer's input and each error
 * linked to its field (`prefix-field`). A 409 (already done: a double submit, the back button)
 * goes back to the case page saying so, having written nothing more.
 */
async function act(kit: PageKit, req: Request, res: Response, prefix: string, work: () => Promise<string | void>, anchor: string) {
  try {
    const flash = await work();
    if (flash) done(req, res, flash, anchor);
  } catch (error) {
    if (error instanceof InputError) {
      res.status(400);
      const errors = formErrors(error.problems.map((p) => ({ field: p.field === 'id' ? 'form' : p.field, message: p.message })), (f) => `${prefix}-${f}`);
      return casePage(kit, req, res, { errors, form: { [prefix]: req.body } });
    }
    if (error instanceof ConflictException) return done(req, res, messageOf(error as HttpException), anchor);
    throw error;
  }
}

const required = (body: Body, field: string, message: string) => (body[field]?.trim() ? [] : [{ field, rule: 'required', message }]);

export function registerCaseActions(router: Router, kit: PageKit): void {
  router.post('/cases/:id/updates', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const id = caseIdOf(req);
    const body = req.body as Body;
    const message = body.message ?? '';
    await act(kit, req, res, 'update', async () => {
      const problems = required(body, 'message', 'Enter the update for the victim');
      if (message.length > 2000) problems.push({ field: 'message', rule: 'maxLength', message: 'The update must be 2,000 characters or fewer' });
      if (problems.length) throw new InputError(problems);
      if (body.action === 'preview') {
        const agreement = await service(kit, AgreementsService).find(id);
        await service(kit, CasesService).visibleCase(id, caller);
        const planned = planContact(agreement, service(kit, ClockService).now(), 'update_now');
        if (!agreement || !planned) throw InputError.of('message', 'agreement', 'Record a contact agreement before sending updates');
        const preview = await service(kit, UpdatePreviews).preview(id, agreement, planned.channel, message);
        res.status(200);
        await casePage(kit, req, res, { message, preview, sms: smsCount(message), formKey: body.formKey });
        return;
      }
      try {
        const sent = await service(kit, OfficerUpdates).send(id, message, caller, `console:${body.formKey ?? ''}`, body.confirmDiscreet === 'yes');
        const sms = (sent as { sms?: { fragments: number } }).sms;
        return `Your update is scheduled${sms ? ` (${sms.fragments} text message${sms.fragments === 1 ? '' : 's'})` : ''}.`;
      } catch (error) {
        const preview = (error instanceof ConflictException ? (error.getResponse() as { preview?: unknown }).preview : undefined);
        if (!preview) throw error;
        res.status(409);
        await casePage(kit, req, res, { message, preview, confirmNeeded: true, sms: smsCount(message), formKey: body.formKey });
      }
    }, '#contact-log');
  }));

  router.post('/cases/:id/first-response', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const body = req.body as Body;
    await act(kit, req, res, 'response', async () => {
      if (!body.method || !METHODS.includes(body.method)) throw InputError.of('method', 'isIn', 'Select how you responded to the victim');
      await service(kit, CasesService).recordResponse(caseIdOf(req), { method: body.method }, caller);
      return 'The first response is recorded.';
    }, '');
  }));

  router.post('/cases/:id/tasks/:taskId/:how', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const body = req.body as Body;
    const taskId = String(req.params.taskId);
    const how = String(req.params.how);
    const tasks = service(kit, OfficerTasks);
    await act(kit, req, res, `task-${taskId}`, async () => {
      if (!(await tasks.forCase(caseIdOf(req), caller)).some((t) => t.id === taskId)) throw InputError.of('form', 'exists', 'This task is not on this case');
      if (how === 'attempt') {
        if (!TASK_OUTCOMES.includes(body.outcome as TaskOutcome)) throw InputError.of('outcome', 'isIn', 'Select what happened');
        await tasks.recordAttempt(taskId, caller, body.outcome as TaskOutcome, body.note?.trim() || undefined);
        return 'The attempt is recorded.';
      }
      if (how === 'complete') {
        await tasks.resolve(taskId, caller, 'complete', body.note);
        return 'The task is complete.';
      }
      if (how === 'dismiss') {
        const problems = required(body, 'reason', 'Enter why the task is no longer needed');
        if (problems.length) throw new InputError(problems);
        await tasks.resolve(taskId, caller, 'dismiss', body.reason);
        return 'The task is dismissed.';
      }
      throw InputError.of('form', 'isIn', 'Unknown task action');
    }, '#tasks');
  }));

  router.post('/cases/:id/close', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const body = req.body as Body;
    await act(kit, req, res, 'close', async () => {
      const problems = [
        ...required(body, 'outcome', 'Enter what was done, as the victim will be told'),
        ...required(body, 'reason', 'Enter why the case is closed, as the victim will be told'),
      ];
      if (problems.length) throw new InputError(problems);
      await service(kit, CaseClosure).close(caseIdOf(req), { outcome: body.outcome!.trim(), reason: body.reason!.trim() }, caller);
      return 'The case is closed. The victim will be told what was done and why.';
    }, '');
  }));

  router.post('/cases/:id/reopen', page(async (req, res) => {
    const caller = caseWorkerOnly(res);
    const body = req.body as Body;
    await act(kit, req, res, 'reopen', async () => {
      const problems = required(body, 'reason', 'Enter why the case is reopened');
      if (problems.length) throw new InputError(problems);
      await service(kit, CaseReopenings).reopen(caseIdOf(req), body.reason!.trim(), caller);
      return 'The case is open again. A new first-response deadline is set.';
    }, '');
  }));
}
