import type { CasesService } from '../cases/cases.service.js';

/** What a contact is rendered from: the case, the victim, the lead organisation and SPOC (see CasesService.contactCard). The render data itself is built in src/templates/render-data.ts. */
export type ContactCard = Awaited<ReturnType<CasesService['contactCard']>>;
