import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, UnsupportedMediaTypeException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/** Where `@ApiConsumes(...)` keeps a route's media types (@nestjs/swagger's DECORATORS.API_CONSUMES). */
const API_CONSUMES = 'swagger/apiConsumes';
const JSON_ONLY = ['application/json'];

/**
 * A body in a media type the route does not take is a 415, not a 400 about every missing field
 * (an unparsed body looks empty). A route takes JSON unless it declares otherwise with
 * `@ApiConsumes` (the form pages and Twilio's webhooks, the CSV import), the same declaration the
 * API documents show. Requests without a body are not affected.
 */
@Injectable()
export class ContentTypeCheck implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<Request>();
      const accepted = this.reflector.getAllAndOverride<string[] | undefined>(API_CONSUMES, [context.getHandler(), context.getClass()]) ?? JSON_ONLY;
      // `is` is null for a request without a body, false for a body of another type.
      const empty = request.headers['content-length'] === '0';
      if (!empty && request.is(accepted) === false) {
        throw new UnsupportedMediaTypeException({
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: `Send the request body as ${accepted.join(' or ')}`,
        });
      }
    }
    return next.handle();
  }
}
