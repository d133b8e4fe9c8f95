import { posix } from 'node:path';

/**
 * The public routes whose path carries a secret (a survey link, a subscription confirmation,
 * an unsubscribe link): whoever holds the token can act as the victim or resident, so it never
 * reaches the logs. Literal segments are matched without regard to case, as Express routes them.
 */
const TOKEN_ROUTES: readonly (readonly string[])[] = [
  ['p', 'surveys', ':token'],
  ['p', 'subscribe', 'confirm', ':token'],
  ['p', 'unsubscribe', ':token'],
  // The short link printed on a posted survey (a letter's reply slip points to it).
  ['p', 's', ':code'],
];

/** Public paths without a secret, logged as they are. */
const PLAIN_PUBLIC_PATHS = new Set(['/p/subscribe']);

/** Undoes percent-encoding, also when applied more than once (`%252F`); bad escapes are left as they are. */
function decoded(path: string): string {
  let current = path;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * The path as logged: `/p/surveys/:token` for `/p/surveys/<token>`, `/p/surveys/<token>/`,
 * `/P/Surveys/<token>?x=1`, `/p/surveys/%3Ctoken%3E`, `//p//surveys/<token>`, `/p/x/../surveys/<token>`
 * and an absolute `http://host/p/surveys/<token>`; a path sent to `/p/` that climbs out of it
 * (`/p/%2e%2e/surveys/<token>`) is still a public one. The route is recognised by its pattern,
 * never by the length of its last segment. Query strings and fragments are always dropped (they
 * may carry a token or personal data). Any other path under `/p/` that is not a known plain page
 * is logged as `/p/:unrecognised`, since it may hold a token in a form not foreseen here.
 */
export function loggedPath(url: string): string {
  const withoutQuery = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/)[0];
  const path = withoutQuery === '' ? '/' : withoutQuery;
  const normal = posix.normalize(`/${decoded(path).replace(/\\/g, '/')}`).replace(/\/+$/, '') || '/';
  const segments = normal.split('/').filter(Boolean);
  // Public by either reading: `/p/../surveys/<token>` leaves `/p/` once normalised, yet was sent to it.
  const sentToPublic = decoded(path).replace(/\\/g, '/').split('/').filter(Boolean)[0]?.toLowerCase() === 'p';
  if (segments[0]?.toLowerCase() !== 'p' && !sentToPublic) return path;
  for (const route of TOKEN_ROUTES) {
    const literals = route.slice(0, -1);
    if (segments.length > literals.length && literals.every((literal, i) => segments[i].toLowerCase() === literal)) {
      return `/${route.join('/')}`;
    }
  }
  return PLAIN_PUBLIC_PATHS.has(normal.toLowerCase()) ? path : '/p/:unrecognised';
}
