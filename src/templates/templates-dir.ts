import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The top-level `templates/` folder: the nearest one above this file, from src/, dist/ or elsewhere. */
function findTemplates(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'templates', 'sms'))) return join(dir, 'templates');
    if (dirname(dir) === dir) return join(process.cwd(), 'templates');
  }
}

export const TEMPLATES_DIR = findTemplates();
