import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import type { Request } from 'express';
import { type LimitReached, TooManyRequests } from './too-many-requests.js';

/** The throttlers, by name; see PublicLimitsModule for their limits. */
export const LIMITS = { publicPerAddress: 'public-per-address', subscribePerAddress: 'subscribe-per-address', subscribeOverall: 'subscribe-overall' } as const;

const SUBSCRIBE_LIMITS = 'asb:subscribe-limits';

/** Marks the route that sends confirmations, which the subscription limits apply to. */
export const SubscribeLimits = () => SetMetadata(SUBSCRIBE_LIMITS, true);

export const isSubscribeRoute = (context: ExecutionContext): boolean =>
  context.getType() === 'http' && Reflect.getMetadata(SUBSCRIBE_LIMITS, context.getHandler()) === true;

/** Every public page and form: everything under `/p/`. */
export const isPublicRoute = (context: ExecutionContext): boolean =>
  context.getType() === 'http' && context.switchToHttp().getRequest<Request>().path.startsWith('/p/');

/**
 * @nestjs/throttler's guard, reporting a reached limit as `TooManyRequests` (429, Retry-After)
 * and naming whose limit it was, so the page can say so.
 */
@Injectable()
export class PublicLimitsGuard extends ThrottlerGuard {
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (!(error instanceof TooManyRequests)) throw error;
      const reached: LimitReached = request.throttler.name === LIMITS.subscribeOverall ? 'everyone' : 'client';
      throw new TooManyRequests(error.retryAfterSeconds, reached);
    }
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new TooManyRequests(detail.timeToBlockExpire, 'client');
  }
}
