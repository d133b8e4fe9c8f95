import { isEmail } from 'class-validator';
import { normaliseEmail, normalisePostcode } from '../../contact-details/contact-details.js';
import { checkPhone, type PhoneMode } from '../../contact-details/phone-numbers.js';
import type { FieldProblem } from '../../http/input-error.js';

/** A resident's request, checked and normalised: email lower case, phone E.164, postcode `NN1 3AB`. */
export interface SubscriptionRequest {
  email: string | null;
  phone: string | null;
  postcode: string;
  neighbourhoodId: string | null;
}

/** What was typed, for showing the form again. */
export type TypedValues = Record<'email' | 'phone' | 'postcode' | 'neighbourhoodId', string>;

const FIELDS = ['email', 'phone', 'postcode', 'neighbourhoodId'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const NO_NEIGHBOURHOOD = 'neighbourhoodId does not name a neighbourhood';

/**
 * A UK mobile number in E.164, or null: landlines and other countries cannot be texted from here.
 * The rules of toE164 and isMobileNumber in one parse, since imports check thousands a second.
 */
export function ukMobile(phone: string, mode: PhoneMode = 'live'): string | null {
  const check = checkPhone(phone, 'phone', mode);
  if (!check.ok || !check.e164.startsWith('+44')) return null;
  return check.type === 'MOBILE' || check.type === 'FIXED_LINE_OR_MOBILE' ? check.e164 : null;
}

/** The example in the form's message must itself be accepted: Ofcom's drama range in training, none in live mode. */
const mobileExample = (mode: PhoneMode): string => (mode === 'training' ? ', like 07700 900982' : '');

export function validEmail(email: string): string | null {
  return email.length <= 254 && isEmail(email) ? normaliseEmail(email) : null;
}

/**
 * Reads the form or JSON body. The same rules for both; only JSON is strict about unknown
 * fields and types, since a partner's website should hear about its mistakes.
 */
export function readSubscription(body: unknown, json: boolean, mode: PhoneMode = 'live'): { request: SubscriptionRequest | null; typed: TypedValues; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  const raw = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if (json && raw !== body) problem('body', 'isObject', 'The body must be a JSON object');
  if (json) {
    for (const key of Object.keys(raw)) if (!(FIELDS as readonly string[]).includes(key)) problem(key, 'unknownField', `${key} is not a field of this request`);
  }
  const typed = {} as TypedValues;
  for (const key of FIELDS) {
    const value = raw[key];
    if (typeof value === 'string') typed[key] = value.trim();
    else {
      typed[key] = '';
      if (value !== undefined && value !== null) problem(key, 'isString', `${key} must be text`);
    }
  }
  const email = typed.email ? validEmail(typed.email) : null;
  if (typed.email && !email) problem('email', 'isEmail', 'Enter an email address in the correct format, like name@example.com');
  const phone = typed.phone ? ukMobile(typed.phone, mode) : null;
  if (typed.phone && !phone) {
    const check = checkPhone(typed.phone, 'phone', mode);
    if (!check.ok && check.rule === 'notFictional') problem('phone', 'notFictional', 'That is a fictional number kept for TV and radio drama; enter your own UK mobile number');
    else problem('phone', 'isUkMobile', `Enter a UK mobile number${mobileExample(mode)}`);
  }
  if (!typed.email && !typed.phone && !problems.some((p) => p.field === 'email' || p.field === 'phone')) {
    problem('email', 'emailOrPhone', 'Enter an email address or a UK mobile number, or both');
  }
  const postcode = typed.postcode ? normalisePostcode(typed.postcode) : null;
  if (!typed.postcode && !problems.some((p) => p.field === 'postcode')) problem('postcode', 'required', 'Enter your postcode');
  else if (typed.postcode && !postcode) problem('postcode', 'isPostcode', 'Enter a full UK postcode, like NN1 3AB');
  if (typed.neighbourhoodId && !UUID.test(typed.neighbourhoodId)) problem('neighbourhoodId', 'exists', NO_NEIGHBOURHOOD);
  if (problems.length) return { request: null, typed, problems };
  return { request: { email, phone, postcode: postcode!, neighbourhoodId: typed.neighbourhoodId || null }, typed, problems };
}
