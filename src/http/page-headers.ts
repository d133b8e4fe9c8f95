import type { Response } from 'express';

/**
 * Headers for a public page (`/p/…`): a link's token may be its only credential, so pages are
 * never cached, indexed, framed or referred on, and need no script.
 */
export function pageHeaders(res: Response, status: number): Response {
  return res
    .status(status)
    .type('html')
    .set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex, nofollow',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    });
}
