/**
 * The ways a victim may agree to be contacted (the ASB victim's charter: telephone, text, email,
 * letter or in person). A contact agreement names some of these; nothing else is ever used.
 */
export const CONTACT_CHANNELS = ['sms', 'email', 'letter', 'phone', 'in_person'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
