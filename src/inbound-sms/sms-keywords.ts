/**
 * The keywords Twilio acts on in a text sent to one of its numbers (Twilio, "Twilio support for
 * opt-out keywords (SMS STOP filtering)" and "Advanced Opt-Out"): opting out (STOP, STOPALL,
 * UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT), opting back in (START, YES, UNSTOP) and
 * help (HELP, INFO). Twilio itself stops delivering to a number that sent an opt-out keyword
 * (error 21610 until it opts in again), so we must honour every one of them, not only STOP.
 *
 * A keyword counts when it is the whole text, in any letter case, with spaces or punctuation
 * around it ("Stop.", " stop!! "); "STOP ALL", "OPT OUT" and "OPT-OUT" are read as one word.
 * A sentence that merely contains one ("please don't stop") is an ordinary reply.
 *
 * YES is also how a resident confirms a neighbourhood news subscription: the inbound handler
 * tries that first, and only otherwise treats YES as opting in.
 */
export type SmsKeyword = 'opt_out' | 'opt_in' | 'help';

const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: 'opt_out', STOPALL: 'opt_out', UNSUBSCRIBE: 'opt_out', CANCEL: 'opt_out', END: 'opt_out',
  QUIT: 'opt_out', REVOKE: 'opt_out', OPTOUT: 'opt_out',
  START: 'opt_in', YES: 'opt_in', UNSTOP: 'opt_in',
  HELP: 'help', INFO: 'help',
};

/** The keyword a text is, or null for an ordinary reply. */
export function smsKeyword(body: string): SmsKeyword | null {
  const word = body
    .normalize('NFKC')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .toUpperCase();
  // "STOP ALL", "OPT OUT", "OPT-OUT": one keyword written as two words.
  const joined = /^[A-Z]+([\s-]+[A-Z]+)?$/.test(word) ? word.replace(/[\s-]+/g, '') : word;
  return KEYWORDS[joined] ?? null;
}

/** The answer to HELP or INFO: neutral wording (it may be read by someone else), and no organisation's name. */
export const HELP_REPLY = 'To stop texts from us, reply STOP. To talk to us, call the number in our last message. In an emergency call 999.';

/** The answer to START, UNSTOP (or a YES that confirmed nothing). Texts to a case start again only when the officer agrees it with the victim. */
export const OPTED_IN_REPLY = 'Thank you. Texts from this number can reach you again. If we are dealing with a report from you, your officer will agree with you how to keep in touch.';
