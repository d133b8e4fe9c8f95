/**
 * The one printed form of a case reference, `ASB-2026-000003`: prefix, year, six-digit number.
 * Every place that shows or sends a reference (letters' header and body, diary sheets, SMS and
 * email wording, the subject access report, referral forms) passes it through here, so a reference
 * stored or typed as `2026-000003`, `asb-2026-3` or `ASB 2026 000003` prints the same everywhere.
 * Anything that is not a case reference (a discreet letter's neutral number) is returned trimmed.
 */
export function formatCaseReference(reference: string): string {
  // Without the prefix only the exact `2026-000003` shape counts: a discreet letter's number
  // ("4821 0937") must never turn into a case reference.
  const match = /^\s*(?:ASB[\s-]*(\d{4})[\s-]*(\d{1,6})|(\d{4})-(\d{6}))\s*$/i.exec(reference);
  if (!match) return reference.trim();
  const [year, number] = match[1] ? [match[1], match[2]] : [match[3], match[4]];
  return `ASB-${year}-${number.padStart(6, '0')}`;
}
