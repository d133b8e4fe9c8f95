/**
 * Whether texts from `sender` can be answered. An alphanumeric sender ID ("CSP", "NorthtownBC")
 * is one-way: UK networks deliver it but nobody can reply to it (Twilio, "Alphanumeric Sender ID":
 * "recipients cannot reply"). Only a phone number (E.164 or national digits) can receive a reply
 * such as STOP, YES or a survey digit; templates are given `canReply` and offer another way when
 * it is false.
 */
export function senderCanReceiveReplies(sender: string): boolean {
  return /^\+?\d{5,15}$/.test(sender.replace(/[\s()-]/g, ''));
}
