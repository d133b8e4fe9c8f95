import { LONDON } from '../calendar/working-days.js';

/** Section titles for the tables a case's records come from; others are named from the table. */
export const SECTION_TITLES: Record<string, string> = {
  incidents: 'What you reported',
  riskAssessments: 'Risk assessments',
  contactAgreements: 'How you agreed we would contact you',
  contacts: 'Messages, letters and calls to you',
  inboundMessages: 'Texts you sent us',
  officerTasks: "Officers' tasks about your case",
  caseEvents: 'Case history',
  caseShares: 'Partners your case was shared with',
  surveys: 'Satisfaction surveys',
  actionPlans: 'Action plans',
  evidenceItems: 'Evidence',
  evidenceReviews: 'Evidence reviews',
  proceedings: 'Court proceedings',
  courtProceedings: 'Court proceedings',
  courtHearings: 'Court hearings',
  specialMeasuresApplications: 'Special measures applications',
  witnessServiceReferrals: 'Referrals to the Witness Service',
  erasureRequests: 'Requests to erase your data',
};

const LABELS: Record<string, string> = {
  name: 'Name',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  dateOfBirth: 'Date of birth',
  createdAt: 'Recorded',
  erasedAt: 'Erased',
  reference: 'Reference',
  status: 'Status',
  leadOrganisation: 'Lead organisation',
  spoc: 'Your single point of contact',
  riskLevel: 'Risk level',
  vulnerable: 'Vulnerable',
  repeatVictim: 'Repeat victim',
  reportedAt: 'Reported',
  receivedOn: 'Received on',
  responseDueAt: 'First response due',
  respondedAt: 'First response given',
  closedAt: 'Closed',
  closure: 'Closure',
  anonymisedAt: 'Personal data removed',
  bodiesRemovedAt: 'Message words removed',
  description: 'Description',
  category: 'Category',
  hateMotivated: 'Hate motivated',
  postcode: 'Postcode',
  postcodeDistrict: 'Postcode district',
  occurredAt: 'When it happened',
  score: 'Score',
  level: 'Level',
  answers: 'Answers',
  assessedAt: 'Assessed',
  channels: 'Channels, in order',
  cadenceEvery: 'Updates every',
  cadenceUnit: 'Counted in',
  safeWindows: 'Safe times',
  discreet: 'Discreet wording',
  lettersToHome: 'Letters to home',
  voicemailSafe: 'Voicemail safe',
  largePrint: 'Large print',
  consents: 'Consents',
  purpose: 'Purpose',
  channel: 'Channel',
  dueAt: 'Due',
  data: 'What the message said',
  failureReason: 'Why it failed',
  timeline: 'What happened to it',
  letter: 'Letter',
  body: 'Words',
  receivedAt: 'Received',
  kind: 'Kind',
  briefing: 'Briefing',
  attempts: 'Attempts',
  outcome: 'Outcome',
  note: 'Note',
  completedAt: 'Completed',
  at: 'When',
  type: 'What happened',
  detail: 'Details',
  reason: 'Reason',
  sharedAt: 'Shared',
  requestReceivedAt: 'Request received',
  action: 'What was done',
  organisation: 'Organisation',
  staffRole: 'Staff role',
  caseReference: 'Case',
  fields: 'Data concerned',
  matchedBy: 'Matched by',
  caseReferences: 'Cases',
  recipientAddress: 'Address',
  content: 'The letter as printed',
  sms: 'Texts',
  in_person: 'Visits',
  days: 'Days (1 is Monday)',
  from: 'From',
  to: 'Until',
  givenAt: 'Given',
};

/** Values a reader gains nothing from: ids, provider codes, internal bookkeeping. */
const HIDDEN = new Set([
  'id', 'providerMessageId', 'failureCode', 'firstAttemptAt', 'remindedAt', 'contactPlannedAt', 'updatedAt',
  'caseReviewCheckPending', 'questionnaireVersion', 'responseBreachNotedAt', 'updateOverdueSince', 'letterhead',
  'printBatchId',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const AUDIT_ACTIONS: Record<string, string> = {
  victim_data_read: 'looked at your details',
  victim_data_created: 'recorded your details',
  victim_data_changed: 'changed your details',
  subject_access: 'gathered your data for a subject access request',
  victim_data_erased: 'erased your personal data',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function label(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Whether a key is worth printing for the person: not an id, not internal bookkeeping. */
export function shown(key: string, value: unknown): boolean {
  if (HIDDEN.has(key) || /Id$/.test(key)) return false;
  if (value === null || value === undefined || value === '') return false;
  if (key === 'attempts' && typeof value === 'number') return false; // delivery tries, not the officer's attempts
  if (isPlainObject(value)) return Object.entries(value).some(([k, v]) => shown(k, v));
  if (typeof value === 'string' && UUID.test(value)) return false; // who recorded it, as an officer's id
  return !(Array.isArray(value) && value.length === 0);
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});
const DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** A single value in words; null for structured values the caller lays out itself. */
export function words(value: unknown): string | null {
  if (value instanceof Date) return DATE_TIME.format(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) return DATE_TIME.format(new Date(value));
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return DATE.format(new Date(`${value}T00:00:00Z`));
    if (value === 'workingDays') return 'working days';
    return /^[a-z]+(_[a-z]+)+$/.test(value) ? value.replace(/_/g, ' ') : value;
  }
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return value.map((v) => words(v) ?? '').join(', ');
  return null;
}
