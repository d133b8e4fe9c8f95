import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ContactAgreementDto } from '../agreements/agreements.dto.js';
import { CreateCaseDto } from '../cases/case.dto.js';
import { type FieldProblem, flattenValidationErrors } from '../http/input-error.js';

/** The "Log a complaint" form as posted (urlencoded, every value a string or a list of strings). */
export type ComplaintForm = Record<string, string | string[] | undefined>;

export const CHANNEL_CHOICES = [
  { value: 'sms', text: 'Text message' },
  { value: 'email', text: 'Email' },
  { value: 'letter', text: 'Letter' },
  { value: 'phone', text: 'Phone call' },
  { value: 'in_person', text: 'Home visit' },
];
export const SAFETY_FIELDS = ['discreet', 'lettersToHome', 'voicemailSafe', 'largePrint'] as const;

const text = (form: ComplaintForm, field: string): string => {
  const value = form[field];
  return (Array.isArray(value) ? value[0] : value ?? '').trim();
};
const list = (form: ComplaintForm, field: string): string[] => {
  const value = form[field];
  return (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);
};
const optional = (value: string) => (value === '' ? undefined : value);
const yesNo = (value: string) => (value === 'yes' ? true : value === 'no' ? false : undefined);

/**
 * The request body `POST /v1/cases` takes, from the form: the same DTO and the same validation,
 * so the officer sees the API's own messages. Problems are named by the DTO's field paths.
 */
export async function complaintRequest(form: ComplaintForm, organisationId: string, questionIds: string[]) {
  const address = ['victim-address-1', 'victim-address-2', 'victim-town', 'victim-postcode'].map((f) => text(form, f)).filter(Boolean);
  const body = {
    leadOrganisationId: organisationId,
    victim: {
      name: text(form, 'victim-name'),
      preferredName: optional(text(form, 'victim-preferredName')),
      phone: optional(text(form, 'victim-phone')),
      email: optional(text(form, 'victim-email')),
      address: address.length ? address : undefined,
    },
    incident: {
      description: text(form, 'incident-description'),
      category: text(form, 'incident-category'),
      hateMotivated: yesNo(text(form, 'incident-hateMotivated')),
      postcode: text(form, 'incident-postcode'),
    },
    riskAssessment: { answers: Object.fromEntries(questionIds.map((id) => [id, list(form, 'risk').includes(id)])) },
    contactAgreement: agreementTerms(form),
  };
  const dto = plainToInstance(CreateCaseDto, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  return { body, problems: errors.length ? flattenValidationErrors(errors) : [] };
}

/** The contact agreement's part of a form (logging a complaint, or changing the agreement). */
export function agreementTerms(form: ComplaintForm) {
  const channels = ['channel-1', 'channel-2', 'channel-3'].map((f) => text(form, f)).filter(Boolean);
  const days = list(form, 'safe-days').map(Number);
  const from = text(form, 'safe-from');
  const to = text(form, 'safe-to');
  const window = days.length || from || to ? { days, from, to } : undefined;
  const every = text(form, 'cadence-every');
  return {
    channels,
    ...(every ? { cadence: { every: Number(every), unit: text(form, 'cadence-unit') || 'workingDays' } } : {}),
    ...(window ? { safeWindows: Object.fromEntries(['sms', 'phone'].filter((c) => channels.includes(c)).map((c) => [c, window])) } : {}),
    ...Object.fromEntries(SAFETY_FIELDS.map((f) => [f, yesNo(text(form, `contactAgreement-${f}`))])),
  };
}

/** The agreement form checked as `PUT /v1/cases/:id/contact-agreement` checks it; problems named `contactAgreement.…`. */
export async function agreementRequest(form: ComplaintForm) {
  const body = agreementTerms(form);
  const errors = await validate(plainToInstance(ContactAgreementDto, body), { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  return { body, problems: errors.length ? flattenValidationErrors(errors, 'contactAgreement') : [] };
}

/** The form fields showing a recorded agreement, for changing it. */
export function agreementForm(a: { channels: string[]; cadence: { every: number; unit: string }; cadenceFollowsRisk: boolean; safeWindows: object | null }): ComplaintForm {
  const window = Object.values((a.safeWindows ?? {}) as Record<string, { days: number[]; from: string; to: string } | undefined>).find(Boolean);
  return {
    ...Object.fromEntries(a.channels.slice(0, 3).map((c, i) => [`channel-${i + 1}`, c])),
    ...(a.cadenceFollowsRisk ? {} : { 'cadence-every': String(a.cadence.every), 'cadence-unit': a.cadence.unit }),
    ...(window ? { 'safe-days': window.days.map(String), 'safe-from': window.from, 'safe-to': window.to } : {}),
    ...Object.fromEntries(SAFETY_FIELDS.map((f) => [`contactAgreement-${f}`, (a as unknown as Record<string, boolean>)[f] ? 'yes' : 'no'])),
  };
}

/** The form field an API field path is shown on, so the error summary links to it. */
export function fieldIdOf(field: string): string {
  if (field.startsWith('victim.address')) return 'victim-address-1';
  if (field.startsWith('contactAgreement.channels')) return 'channel-1';
  if (field.startsWith('contactAgreement.safeWindows')) return 'safe-days';
  if (field.startsWith('contactAgreement.cadence')) return 'cadence-every';
  if (field.startsWith('riskAssessment')) return 'risk';
  if (field === 'leadOrganisationId' || field === 'spocOfficerId') return 'victim-name';
  return field.replace(/\./g, '-');
}

/** Messages the way the GOV.UK Design System words them, where the API's own is about JSON. */
export function plainMessage(problem: FieldProblem): string {
  const m: Record<string, string> = {
    'victim.name': 'Enter the victim’s name',
    'incident.description': 'Enter what happened, in at least 3 characters',
    'incident.category': 'Select the kind of anti-social behaviour',
    'incident.hateMotivated': 'Select yes if the victim thinks it is happening because of who they are',
    'contactAgreement.channels': 'Select at least one way to contact the victim',
  };
  for (const f of SAFETY_FIELDS) m[`contactAgreement.${f}`] = `Select yes or no for “${SAFETY_LABELS[f]}”`;
  return m[problem.field] && ['isLength', 'isIn', 'isBoolean', 'isDefined', 'arrayMinSize'].includes(problem.rule) ? m[problem.field] : problem.message;
}

export const SAFETY_LABELS: Record<(typeof SAFETY_FIELDS)[number], string> = {
  discreet: 'Discreet contact: no mention of ASB, the police, the council or housing',
  lettersToHome: 'Letters may be sent to the home address',
  voicemailSafe: 'A voicemail may be left',
  largePrint: 'Letters in large print',
};
