import { formatLondonDate } from '../calendar/working-days.js';
import type { CasesService } from '../cases/cases.service.js';
import { displayPhone } from '../contact-details/contact-details.js';

export type ContactCard = Awaited<ReturnType<CasesService['contactCard']>>;


const firstName = (name: string) => name.trim().split(/\s+/)[0];

/**
 * The data every template is rendered with (see templates/README.md), built from the case
 * and merged with the contact's own purpose-specific data.
 */
export function renderData(card: ContactCard, contactData: Record<string, unknown>): Record<string, unknown> {
  const { lead, spoc } = card;
  return {
    recipient: { name: card.victim.name, firstName: firstName(card.victim.name) },
    organisation: {
      name: lead.name,
      phone: lead.phone,
      email: lead.email,
      website: lead.website,
      address: lead.address ?? [],
      smsSender: lead.smsSender,
    },
    // Without a named SPOC the lead organisation's own line is the point of contact; "us"
    // keeps a discreet message ("please contact us on …") from naming the organisation.
    spoc: spoc
      ? { name: spoc.name, firstName: firstName(spoc.name), phone: displayPhone(spoc.phone) ?? lead.phone, email: spoc.email }
      : { name: lead.name, firstName: 'us', phone: lead.phone, email: lead.email },
    case: {
      reference: card.case.reference,
      reportedOn: formatLondonDate(card.case.reportedAt),
      responseDueBy: formatLondonDate(card.case.responseDueAt),
      riskLevel: card.case.riskLevel,
    },
    ...contactData,
  };
}
