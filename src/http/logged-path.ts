/**
 * The path as logged: no query string, and the secret at the end of a public link (survey,
 * confirm, unsubscribe) replaced, since whoever holds it can act as the resident or victim.
 */
export function loggedPath(url: string): string {
  const path = url.split('?')[0];
  if (path.startsWith('/p/s/')) return '/p/s/:code';
  return path.startsWith('/p/') ? path.replace(/\/[^/]{20,}$/, '/:token') : path;
}
