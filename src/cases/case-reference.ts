/**
 * The one printed form of a case reference, `ASB-2026-000003`: prefix, year, six-digit number.
 * Every place that shows or sends a reference (letters' header and body, diary sheets, SMS and
 * email wording, the subject access report, referral forms) passes it through here, so a reference
 * stored or typed as `2026-000003`, `asb-2026-3` or `ASB 2026 000003` prints the same everywhere.
 * Anything that is not a case reference (a discreet letter's neutral number) is returned trimmed.
 */
export function formatCaseReference(reference: string): string {
  const match = /^\s*(?:ASB[\s-]*)?(\d{4})[\s-]*(\d{1,6})\s*$/i.exec(reference);
  return match ? `ASB-${match[1]}-${match[2].padStart(6, '0')}` : reference.trim();
}
