import type { CasesService } from '../cases/cases.service.js';

/** The render data itself is built in src/templates/render-data.ts, below the discreet check that uses it too. */
export { renderData, type RenderParties } from '../templates/render-data.js';

export type ContactCard = Awaited<ReturnType<CasesService['contactCard']>>;
