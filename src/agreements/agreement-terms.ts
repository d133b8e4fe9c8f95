import { validatePostalAddress } from '../contact-details/postal-address.js';
import { isMobileNumber } from '../contact-details/contact-details.js';
import type { ContactChannel } from './contact-channels.js';
import type { FieldProblem } from '../http/input-error.js';
import type { RiskLevel } from '../risk/questionnaire.js';
import type { ContactAgreementDto } from './agreements.dto.js';
import type { SafeWindows } from './contact-agreement.entity.js';
import { type Cadence, DEFAULT_SAFE_WINDOW, validateSafeWindow } from './contact-timing.js';

/**
 * The terms of a contact agreement as a value, and the rules every recorded agreement must
 * meet. Pure: the same rules check a new case's agreement before anything is written, a PUT,
 * and the result of a PATCH.
 */
export interface AgreementTerms {
  channels: ContactChannel[];
  /** How often updates go; `explicit` false means the victim left it to us: it follows the risk level. */
  cadence: Cadence & { explicit: boolean };
  safeWindows: SafeWindows;
  discreet: boolean;
  lettersToHome: boolean;
  voicemailSafe: boolean;
  largePrint: boolean;
}

/** The safety fields every PUT must give: leaving one out must never quietly switch it off. */
export const SAFETY_FIELDS = ['discreet', 'lettersToHome', 'voicemailSafe', 'largePrint'] as const;

/** Fields that make up the agreement, in the order a change is reported in the case history. */
export const AGREEMENT_FIELDS = ['channels', 'cadence', 'safeWindows', ...SAFETY_FIELDS] as const;

/** Updates fortnightly, or weekly while the risk is high, unless the victim chose otherwise. */
export const DEFAULT_CADENCE = { every: 10, unit: 'workingDays' } as const;
export const HIGH_RISK_DEFAULT_CADENCE = { every: 5, unit: 'workingDays' } as const;
export const defaultCadence = (risk: RiskLevel): Cadence => (risk === 'high' ? HIGH_RISK_DEFAULT_CADENCE : DEFAULT_CADENCE);

/** Texts and calls at the standard safe times when the agreement names none. */
export const DEFAULT_WINDOWS: SafeWindows = { sms: DEFAULT_SAFE_WINDOW, phone: DEFAULT_SAFE_WINDOW };

/** What the victim gave us to contact them on (normalised, or as decrypted from the case). */
export interface VictimDetails {
  name: string;
  phone?: string | null;
  email?: string | null;
  address?: string[] | null;
}

/**
 * Why the victim's name and address cannot go in an envelope window (postal-address rules), named
 * as the fields of a new case's body: `victim.name`, `victim.address[i]` (0-based), or
 * `victim.address` for the whole; rule `postalAddress`. [] when a letter can be posted.
 */
export function postalAddressProblems(victim: VictimDetails, prefix = 'victim.'): FieldProblem[] {
  if (!victim.address) return [{ field: `${prefix}address`, rule: 'postalAddress', message: `${prefix}address is needed to post a letter` }];
  const check = validatePostalAddress([victim.name, ...victim.address]);
  return check.errors.map((e) => {
    const field = e.line === undefined ? `${prefix}address` : e.line === 1 ? `${prefix}name` : `${prefix}address[${e.line - 2}]`;
    return { field, rule: 'postalAddress', message: e.message.replace(/^Line \d+/, field) };
  });
}

/** Each agreed channel needs the contact detail it uses; a 400 names the channel and the gap. */
export function channelProblems(channels: ContactChannel[], victim: VictimDetails, lettersToHome: boolean): FieldProblem[] {
  const { phone, email, address } = victim;
  const unpostable = address && channels.includes('letter') ? validatePostalAddress([victim.name, ...address]).errors[0]?.message : undefined;
  const postable = Boolean(address) && !unpostable;
  const missing: Record<ContactChannel, string | null> = {
    sms: phone && isMobileNumber(phone) ? null : "sms needs the victim's mobile number",
    email: email ? null : "email needs the victim's email address",
    letter: !lettersToHome ? 'letter needs lettersToHome, or choose another channel' : postable ? null : `letter needs a postal address that can be posted to${unpostable ? ` (${unpostable.replace(/^Line/, 'line')})` : ''}`,
    phone: phone ? null : "phone needs the victim's phone number",
    in_person: address ? null : "in_person needs the victim's address",
  };
  return channels.flatMap((channel, i) => {
    const message = missing[channel];
    return message ? [{ field: `channels[${i}]`, rule: 'contactDetails', message }] : [];
  });
}

/**
 * Every problem with a whole agreement, named by field as the API takes it (`prefix` for an
 * agreement given inside a new case: `contactAgreement.`).
 */
export function termsProblems(terms: AgreementTerms, victim: VictimDetails, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (terms.channels.length === 0) problems.push({ field: 'channels', rule: 'arrayMinSize', message: 'channels must name at least one channel' });
  problems.push(...channelProblems(terms.channels, victim, terms.lettersToHome));
  for (const [channel, window] of Object.entries(terms.safeWindows ?? {})) {
    if (window === undefined) continue;
    for (const p of validateSafeWindow(window, `safeWindows.${channel}`)) problems.push({ ...p, rule: 'safeWindow' });
  }
  if (!prefix) return problems;
  return problems.map((p) => ({
    ...p,
    field: `${prefix}${p.field}`,
    message: p.message.startsWith(p.field) ? `${prefix}${p.message}` : `${prefix}${p.field}: ${p.message}`,
  }));
}

/** The names of the fields that differ between two agreements (never their values: they are about the victim). */
export function changedFields(before: AgreementTerms | null, after: AgreementTerms): string[] {
  if (!before) return [...AGREEMENT_FIELDS];
  return AGREEMENT_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/** The whole agreement from a PUT (or a new case): a cadence left out follows the risk level. */
export function termsFromDto(dto: ContactAgreementDto, risk: RiskLevel): AgreementTerms {
  return {
    channels: dto.channels,
    cadence: dto.cadence ? { every: dto.cadence.every, unit: dto.cadence.unit, explicit: true } : { ...defaultCadence(risk), explicit: false },
    safeWindows: { ...DEFAULT_WINDOWS, ...dto.safeWindows },
    discreet: dto.discreet,
    lettersToHome: dto.lettersToHome,
    voicemailSafe: dto.voicemailSafe,
    largePrint: dto.largePrint,
  };
}
