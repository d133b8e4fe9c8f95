import type { Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type nunjucks from 'nunjucks';
import type { Caller } from '../../auth/access.js';
import type { Settings } from '../../settings/settings.js';
import { renderPage } from '../console-gate.js';

export interface PageKit {
  views: nunjucks.Environment;
  moduleRef: ModuleRef;
  settings: Settings;
}

/** A service of another slice, as Nest built it. */
export const service = <T>(kit: PageKit, type: Type<T>): T => kit.moduleRef.get(type, { strict: false });

/** An async route whose errors go to the console's error page. */
export const page = (handler: (req: Request, res: Response) => Promise<void> | void) =>
  (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve(handler(req, res)).catch(next);
  };

export const render = (kit: PageKit, res: Response, view: string, context: Record<string, unknown> = {}) => renderPage(kit.views, res, view, context);

export const callerOf = (res: Response): Caller => res.locals.caller as Caller;

/** One problem per field, in the order shown: the GOV.UK error summary links to each field by id. */
export interface FormErrors {
  list: { text: string; href: string }[];
  byField: Record<string, { text: string }>;
}

export function formErrors(problems: { field: string; message: string }[], fieldId: (field: string) => string = (f) => f.replace(/\./g, '-')): FormErrors | null {
  if (problems.length === 0) return null;
  const byField: Record<string, { text: string }> = {};
  const list: FormErrors['list'] = [];
  for (const p of problems) {
    const id = fieldId(p.field);
    if (byField[id]) continue;
    byField[id] = { text: p.message };
    list.push({ text: p.message, href: `#${id}` });
  }
  return { list, byField };
}
