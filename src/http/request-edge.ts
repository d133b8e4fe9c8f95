import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { InputError } from './input-error.js';
import { findUnsafeValue } from './request-values.js';

const current = new AsyncLocalStorage<Request>();

/** The request being handled, for pipes (which Nest gives no request): its method, for one. */
export function currentRequest(): Request | undefined {
  return current.getStore();
}

/**
 * The first check every request meets, before authentication and before any route sees it
 * (public pages and Twilio's webhooks included): the parsed body and query string must not nest
 * deeper than 32 levels, use `__proto__`/`constructor`/`prototype` as keys, or hold a string with
 * a NUL or a lone UTF-16 surrogate (neither PostgreSQL text nor jsonb can store them), or outside
 * provider webhooks a control character (nobody types one; a letter cannot print it). Refused
 * with a 400 naming the field; the value itself is never echoed.
 */
@Injectable()
export class RequestEdge implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    // Control characters are refused in what people type; a provider's webhook is taken as it comes.
    const typed = !/^\/v1\/webhooks\//i.test(req.path);
    const problem = findUnsafeValue(req.body, 'the request body', typed) ?? findUnsafeValue(req.query, 'the query string', typed);
    if (problem) throw new InputError([problem]);
    current.run(req, next);
  }
}
