import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PREFIXES } from './admin/admin-paths.js';

/** The project folder holding `views/` and `node_modules/`: the nearest one above this file (src/ or dist/). */
function findProjectRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'views', 'layout.njk'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

export const PROJECT_ROOT = findProjectRoot();
export const VIEWS_DIR = join(PROJECT_ROOT, 'views');
export const GOVUK_DIR = join(PROJECT_ROOT, 'node_modules', 'govuk-frontend', 'dist');
export const MOJ_DIR = join(PROJECT_ROOT, 'node_modules', '@ministryofjustice', 'frontend');

/** Console pages: everything else (/v1, /docs, /health, /p) keeps its own rules. */
export const CONSOLE_PREFIXES = ['/sign-in', '/sign-out', '/set-password', '/cases', '/find-a-case', '/log-a-complaint', '/training',
  '/audit', '/print-room', '/dashboard'];
CONSOLE_PREFIXES.push(...ADMIN_PREFIXES);

/** The comms team's pages (issue 15). */
CONSOLE_PREFIXES.push('/bulletins', '/neighbourhoods', '/subscribers');

export function isConsolePath(path: string): boolean {
  return path === '/' || CONSOLE_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
