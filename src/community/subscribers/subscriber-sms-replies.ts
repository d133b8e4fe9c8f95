/** Replies that confirm a pending text subscription ("yes", "Yes!", "Y"). */
const YES = /^[\s\p{P}]*(yes|y)[\s\p{P}]*$/iu;

export const SUBSCRIBED_BY_SMS = 'Thank you. You will now get texts with news about your neighbourhood from the Community Safety Partnership. Reply STOP at any time to stop them.';
export const UNSUBSCRIBED_BY_SMS = 'You will not get any more neighbourhood news texts from us.';

export function isYes(body: string): boolean {
  return YES.test(body);
}
