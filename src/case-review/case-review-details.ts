import type { Settings } from '../settings/settings.js';

/**
 * What every message about the ASB Case Review says: the local threshold in plain words, how
 * to ask, and who to contact (templates' `caseReview` data).
 */
export function caseReviewDetails(settings: Settings) {
  const { complaints, hateComplaints, windowMonths, contactName, phone, email, url, howToAsk } = settings.caseReview;
  const times = (n: number) => (n === 1 ? 'once' : `${n} or more times`);
  const months = windowMonths === 1 ? 'month' : `${windowMonths} months`;
  const hate =
    hateComplaints < complaints
      ? `, or ${times(hateComplaints)} if you believe it happened because of who you are (for example your race, religion, disability, sexuality or gender identity)`
      : '';
  return {
    threshold: `you have reported the same problem ${times(complaints)} in the last ${months}${hate}`,
    howToAsk,
    contactName,
    contactPhone: phone,
    contactEmail: email,
    link: url ?? null,
  };
}
