import { HttpException, HttpStatus } from '@nestjs/common';

/** Which limit was reached: the client's own, everyone's together, or today's confirmation texts. */
export type LimitReached = 'client' | 'everyone' | 'smsCap';

/**
 * A 429: shown as a page on HTML routes and as JSON on JSON routes, always with `Retry-After`
 * (whole seconds, RFC 9110 §10.2.3).
 */
export class TooManyRequests extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    readonly reached: LimitReached,
    message = reached === 'everyone'
      ? 'Too many people are using this service right now. Try again later.'
      : 'Too many requests have come from your connection. Try again later.',
  ) {
    super({ statusCode: 429, error: 'Too Many Requests', message, retryAfter: retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

export const SMS_CAP_MESSAGE = 'We cannot send any more confirmation texts today. Give an email address to confirm by email instead, or try again tomorrow.';

/** "in 1 minute", "in 40 minutes", "in about 2 hours", for a page. */
export function whenToTryAgain(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `in about ${hours} hour${hours === 1 ? '' : 's'}`;
}
