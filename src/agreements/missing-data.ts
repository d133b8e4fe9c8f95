/** Fields a message could not do without, in words a case officer can act on. */
const CAUSES: Record<string, string> = {
  'organisation.phone': 'the organisation has no phone number (an admin can add one)',
  'organisation.name': 'the organisation has no name',
  'spoc.phone': 'neither the SPOC nor the organisation has a phone number',
  'spoc.name': 'the case has no named SPOC',
  'recipient.name': 'the victim has no name recorded',
  'recipient.firstName': 'the victim has no name recorded',
};

/** "…needs template data: organisation.phone, spoc.phone" → the causes, in plain words. */
export function missingDataCause(reason: string | null): string {
  const fields = (reason ?? '').split('template data: ')[1]?.split(',').map((f) => f.trim()).filter(Boolean) ?? [];
  if (fields.length === 0) return 'the case is missing something the message needs';
  return [...new Set(fields.map((f) => CAUSES[f] ?? `the message needs ${f}, which the case does not have`))].join('; ');
}
