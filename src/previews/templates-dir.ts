import { fileURLToPath } from 'node:url';

/** The top-level `templates/` folder, found from this file whether run from src/ or dist/. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates', import.meta.url));
