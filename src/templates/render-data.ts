import { formatLondonDate } from '../calendar/working-days.js';
import { displayPhone } from '../contact-details/contact-details.js';
import { officerFirstName, officerFullName, victimGreetingName } from '../partnership/names.js';
import { formatCaseReference } from './case-reference.js';

/** What render data needs of a case: its card, or a stand-in with the same shape (the start-up check). */
export interface RenderParties {
  victim: { name: string; preferredName?: string | null };
  lead: { name: string; phone: string | null; email?: string | null; website?: string | null; address?: string[] | null; smsSender?: string | null; discreetName?: string | null };
  spoc: { rank?: string | null; name: string; phone: string | null; email?: string | null } | null;
  case: { reference: string; reportedAt: Date; responseDueAt: Date; riskLevel?: string | null };
}

/**
 * The data every template is rendered with (see templates/README.md), built from the case
 * and merged with the contact's own purpose-specific data.
 */
export function renderData(card: RenderParties, contactData: Record<string, unknown>): Record<string, unknown> {
  const { lead, spoc } = card;
  return {
    recipient: { name: card.victim.name, firstName: victimGreetingName(card.victim) },
    organisation: {
      name: lead.name,
      phone: lead.phone,
      email: lead.email,
      website: lead.website,
      address: lead.address ?? [],
      smsSender: lead.smsSender,
      discreetName: lead.discreetName ?? undefined,
    },
    // Messages prefer the SPOC's direct line. Without a named SPOC the lead organisation's own
    // line is the point of contact; "us" keeps a discreet message from naming the organisation.
    spoc: spoc
      ? { name: officerFullName(spoc), firstName: officerFirstName(spoc), phone: displayPhone(spoc.phone) ?? lead.phone, email: spoc.email }
      : { name: lead.name, firstName: 'us', phone: lead.phone, email: lead.email },
    case: {
      reference: formatCaseReference(card.case.reference),
      reportedOn: formatLondonDate(card.case.reportedAt),
      responseDueBy: formatLondonDate(card.case.responseDueAt),
      riskLevel: card.case.riskLevel,
    },
    ...contactData,
  };
}
