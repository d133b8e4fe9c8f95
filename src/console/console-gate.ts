import { ConflictException, ForbiddenException, HttpException, NotFoundException, type Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type nunjucks from 'nunjucks';
import type { Caller } from '../auth/access.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import { officerFullName } from '../partnership/names.js';
import type { Role } from '../partnership/officer.entity.js';
import { PartnershipService } from '../partnership/partnership.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';

declare module 'express-session' {
  interface SessionData {
    officerId?: string;
    /** An update the officer had typed when their session ran out, kept for the page they return to. */
    draft?: { path: string; message: string }; // message sealed, base64
    /** One line for the next page: what was just done. */
    flash?: string;
  }
}

/** Pages anyone may open: signing in and setting a password. */
const OPEN_PATHS = [/^\/sign-in(\/|$)/, /^\/set-password\//];

/** The signed-in officer, read from the officers table on every request (a deactivated officer is signed out at once). */
export function loadCaller(moduleRef: ModuleRef) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const settings = moduleRef.get(Settings, { strict: false });
      res.locals.training = settings.mode === 'training';
      res.locals.currentPath = req.originalUrl;
      if (res.locals.training) res.locals.clockNow = moduleRef.get(ClockService, { strict: false }).now();
      const officerId = req.session.officerId;
      if (officerId) {
        const [officer] = await moduleRef.get(PartnershipService, { strict: false }).findOfficers([officerId]);
        if (officer?.active) {
          const caller: Caller = { officerId: officer.id, organisationId: officer.organisationId, role: officer.role as Role };
          res.locals.caller = caller;
          res.locals.officer = { name: officerFullName(officer), role: officer.role };
          res.locals.caseWorker = caller.role === 'officer' || caller.role === 'supervisor';
        } else {
          delete req.session.officerId;
        }
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** A local path to go back to after signing in; anything else is the landing page. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';
}

/**
 * No page without a session. A GET goes to sign in and comes back to the same page; a form
 * sent after the session ran out shows the sign-in page, keeping a typed update for afterwards.
 */
export function requireSignIn(moduleRef: ModuleRef) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (res.locals.caller || OPEN_PATHS.some((path) => path.test(req.path))) return next();
    if (req.method === 'GET' || req.method === 'HEAD') {
      return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
    }
    const body = (req.body ?? {}) as Record<string, string>;
    const back = safeNext(body.returnTo);
    if (typeof body.message === 'string' && body.message.trim()) {
      // Sealed like every message body: the session table is not a place for a victim's words.
      const sealed = moduleRef.get(PersonalDataCipher, { strict: false }).seal(body.message.slice(0, 2000)).toString('base64');
      req.session.draft = { path: back, message: sealed };
    }
    res.redirect(303, `/sign-in?next=${encodeURIComponent(back)}&expired=1`);
  };
}

export function renderPage(views: nunjucks.Environment, res: Response, view: string, context: Record<string, unknown> = {}): void {
  res.type('html').send(views.render(view, { ...res.locals, ...context }));
}

/** Case officers and supervisors only; comms staff and admins see no victim data anywhere. */
export function caseWorkerOnly(res: Response): Caller {
  const caller = res.locals.caller as Caller;
  if (caller.role !== 'officer' && caller.role !== 'supervisor') {
    throw new ForbiddenException('Cases are for case officers and supervisors. Your role does not show victims’ details.');
  }
  return caller;
}

/** 404 and 403 as GOV.UK pages; anything unexpected is logged (no request body) and shown as a 500 page. */
export function errorPage(views: nunjucks.Environment, logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { statusCode?: number; status?: number }).statusCode ?? (error instanceof HttpException ? error.getStatus() : 500);
    if ((error as { code?: string }).code === 'EBADCSRFTOKEN' || (status === 403 && !(error instanceof HttpException))) {
      res.status(403);
      return renderPage(views, res, 'error.njk', { title: 'This form has expired', message: 'Go back, reload the page and try again.' });
    }
    if (error instanceof NotFoundException || status === 404) {
      res.status(404);
      return renderPage(views, res, 'error.njk', { title: 'Page not found', message: 'If you typed the web address, check it is correct. The case may belong to another organisation.' });
    }
    if (error instanceof ForbiddenException) {
      res.status(403);
      return renderPage(views, res, 'error.njk', { title: 'You cannot see this page', message: messageOf(error) });
    }
    if (error instanceof ConflictException || error instanceof InputError) {
      res.status(error.getStatus());
      return renderPage(views, res, 'error.njk', { title: 'This could not be done', message: messageOf(error) });
    }
    // The type and stack frames, never the message: a library's message may quote what it was given.
    const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).join('\n') : '';
    logger.error({ err: { name: error instanceof Error ? error.name : typeof error, stack: frames } }, 'Console page failed');
    res.status(500);
    renderPage(views, res, 'error.njk', { title: 'Sorry, there is a problem with the service', message: 'Try again later. Nothing you entered was lost if you go back.' });
  };
}

export function messageOf(error: HttpException): string {
  const body = error.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
  return Array.isArray(message) ? message.join('; ') : (message ?? error.message);
}
