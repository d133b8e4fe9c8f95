/** The administrators' console pages (src/console/admin): their paths get the console's sessions, CSRF and CSP. */
export const ADMIN_PREFIXES = ['/organisations', '/officers'];
