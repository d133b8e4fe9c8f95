/**
 * Twilio's error codes, sorted once: is a retry within the 24-hour window worth it (temporary),
 * or should the message fail over to the next agreed channel now (permanent)? And what should the
 * officer do about it? Each row follows Twilio's own page for the code,
 * https://www.twilio.com/docs/api/errors/<code> ("Possible causes" / "Possible solutions").
 * Reasons are read by officers: they never hold a phone number, and say what to do next.
 *
 * `checkDetails`: the number itself may be wrong or unable to take texts, so the SPOC is asked
 * to check it with the victim. `partnership`: a set-up problem for the system administrator,
 * never the victim's fault.
 */
export interface TwilioErrorClass {
  kind: 'temporary' | 'permanent';
  reason: string;
  checkDetails?: boolean;
  partnership?: boolean;
}

const ADMIN = 'tell your system administrator';

export const TWILIO_ERROR_CODES: Readonly<Record<number, TwilioErrorClass>> = {
  // REST API answers to messages.create
  20003: { kind: 'temporary', partnership: true, reason: `Twilio did not accept the partnership's credentials; ${ADMIN}` },
  20429: { kind: 'temporary', reason: 'Twilio asked us to slow down (too many requests); the text will be retried' },
  20500: { kind: 'temporary', reason: 'Twilio had an internal error; the text will be retried' },
  20503: { kind: 'temporary', reason: 'Twilio was unavailable; the text will be retried' },
  21211: { kind: 'permanent', checkDetails: true, reason: 'The phone number is not a valid number; check it with the victim' },
  21214: { kind: 'permanent', checkDetails: true, reason: 'The phone number cannot be reached; check it with the victim' },
  21408: { kind: 'permanent', partnership: true, reason: `Texts to this country are not enabled on the partnership's Twilio account; ${ADMIN}` },
  21602: { kind: 'permanent', partnership: true, reason: `The text had no words; ${ADMIN}` },
  21606: { kind: 'permanent', partnership: true, reason: `The sender cannot send texts to this destination; ${ADMIN}` },
  21610: { kind: 'permanent', checkDetails: true, reason: 'The victim has replied STOP to our texts, so the network will not deliver them; agree another way to keep in touch' },
  21612: { kind: 'permanent', checkDetails: true, reason: 'The phone number cannot receive texts from our sender (perhaps a landline); check it with the victim' },
  21614: { kind: 'permanent', checkDetails: true, reason: 'The phone number is not a mobile number and cannot receive texts; check it with the victim' },
  21617: { kind: 'permanent', partnership: true, reason: `The text is longer than Twilio's 1,600-character limit; ${ADMIN}` },
  21635: { kind: 'permanent', checkDetails: true, reason: 'The phone number is a landline and cannot receive texts; check it with the victim' },
  // Delivery reports (status callback ErrorCode)
  30001: { kind: 'temporary', reason: 'Twilio had too many texts queued; the text will be retried' },
  30002: { kind: 'permanent', partnership: true, reason: `The partnership's Twilio account is suspended; ${ADMIN}` },
  30003: { kind: 'temporary', reason: 'The phone was switched off or out of signal; the text will be retried for up to 24 hours' },
  30004: { kind: 'permanent', checkDetails: true, reason: 'The victim\'s phone or network blocks our texts; ask the victim whether they blocked them and agree another way' },
  30005: { kind: 'permanent', checkDetails: true, reason: 'The network says the phone number does not exist; check it with the victim' },
  30006: { kind: 'permanent', checkDetails: true, reason: 'The phone number is a landline or its network cannot be reached by text; check it with the victim' },
  30007: { kind: 'permanent', partnership: true, reason: `The network filtered the text as unwanted; ${ADMIN}` },
  30008: { kind: 'temporary', reason: 'The network gave an unknown error; the text will be retried' },
  30009: { kind: 'temporary', reason: 'Part of a long text went missing on the network; the text will be retried' },
  30010: { kind: 'permanent', partnership: true, reason: `The text cost more than the partnership's price limit; ${ADMIN}` },
  30022: { kind: 'temporary', reason: 'The network rate limit was exceeded; the text will be retried' },
  30023: { kind: 'temporary', reason: 'The daily limit of texts was reached; the text will be retried' },
  30024: { kind: 'permanent', partnership: true, reason: `The sender ID is not registered for this network; ${ADMIN}` },
  30032: { kind: 'permanent', partnership: true, reason: `The sending number is not verified; ${ADMIN}` },
  30034: { kind: 'permanent', partnership: true, reason: `The sending number is not registered for this kind of texts; ${ADMIN}` },
  30044: { kind: 'temporary', reason: 'The text expired before the phone could take it (perhaps switched off); it will be retried' },
  30410: { kind: 'temporary', reason: 'The network did not answer in time; the text will be retried' },
  30450: { kind: 'permanent', partnership: true, reason: `Twilio's fraud protection blocked the text; ${ADMIN}` },
  30500: { kind: 'temporary', reason: 'Twilio had an internal error while delivering; the text will be retried' },
};

/** The class of a Twilio error code; unknown codes are permanent (fail over) but not the victim's fault. */
export function twilioErrorClass(code: number | string | undefined): TwilioErrorClass & { code: string } {
  const n = typeof code === 'string' ? Number(code) : code;
  const known = n !== undefined && Number.isInteger(n) ? TWILIO_ERROR_CODES[n] : undefined;
  if (known) return { ...known, code: `twilio_${n}` };
  return { kind: 'permanent', code: n !== undefined && Number.isInteger(n) ? `twilio_${n}` : 'twilio_unknown', reason: `Twilio could not deliver the text (error ${code ?? 'unknown'}); ${ADMIN} if it happens again` };
}

/** Whether a stored failure code (`twilio_21211`) means the victim's number should be checked. */
export function isTwilioDetailProblem(failureCode: string): boolean {
  const match = /^twilio_(\d+)$/.exec(failureCode);
  return Boolean(match && TWILIO_ERROR_CODES[Number(match[1])]?.checkDetails);
}
