import type { ContactChannel } from './contact-channels.js';
import type { SafeWindows } from './contact-agreement.entity.js';
import { type Cadence, nextSafeInstant, nextUpdateDue, type SafeWindow } from './contact-timing.js';

/**
 * The plan's rules as pure functions: given the victim's agreement, the time and what the
 * message is for, which channel it goes on and when. The planner, failover and officer
 * updates all plan through these, and the property test (contact-plan.spec.ts) checks them.
 */

/** What planning needs from an agreement (a stored ContactAgreement has all of it). */
export interface PlanningTerms {
  channels: ContactChannel[];
  safeWindows: SafeWindows;
  lettersToHome: boolean;
  cadenceEvery: number;
  cadenceUnit: Cadence['unit'];
}

export interface PlannedContact {
  purpose: string;
  channel: ContactChannel;
  dueAt: Date;
}

/** The channels the agreement allows, in the victim's order: never a letter unless letters may go home. */
export function agreedChannels(agreement: PlanningTerms): ContactChannel[] {
  return agreement.channels.filter((channel) => channel !== 'letter' || agreement.lettersToHome);
}

export function windowFor(agreement: Pick<PlanningTerms, 'safeWindows'> | null, channel: ContactChannel): SafeWindow | null {
  if (!agreement) return null;
  const windows = agreement.safeWindows as Record<string, SafeWindow | null | undefined>;
  return windows[channel] ?? null;
}

/** `at`, or the next time the agreement says it is safe to contact the victim on `channel`. */
export function safeTime(at: Date, agreement: PlanningTerms, channel: ContactChannel): Date {
  return nextSafeInstant(at, windowFor(agreement, channel));
}

/**
 * One message: on `preferred` when the victim agreed to it, else their first agreed channel, at
 * the first safe time from `after`; an `update` waits for the agreed cadence first. Without an
 * agreement, or with no channel left, nothing is planned (null): the SPOC is asked instead.
 */
export function planContact(
  agreement: PlanningTerms | null,
  after: Date,
  purpose: string,
  preferred?: ContactChannel,
): PlannedContact | null {
  if (!agreement) return null;
  const channels = agreedChannels(agreement);
  const channel = preferred && channels.includes(preferred) ? preferred : channels[0];
  if (!channel) return null;
  const from = purpose === 'update' ? nextUpdateDue(after, { every: agreement.cadenceEvery, unit: agreement.cadenceUnit }) : after;
  return { purpose, channel, dueAt: safeTime(from, agreement, channel) };
}

/**
 * What an agreement starts: the acknowledgement, then the SPOC introduction a second later (in
 * order, so they can go as one message), and the first update at the agreed cadence.
 */
export function planFirstContacts(agreement: PlanningTerms | null, now: Date): PlannedContact[] {
  const ack = planContact(agreement, now, 'acknowledgement');
  if (!ack) return [];
  const intro = planContact(agreement, new Date(ack.dueAt.getTime() + 1000), 'spoc_introduction', ack.channel)!;
  const update = planContact(agreement, now, 'update')!;
  return [ack, intro, update];
}

/** The next channel for a message that failed on `tried`: only ever one the victim agreed to. */
export function failoverChannel(agreement: PlanningTerms | null, tried: Set<ContactChannel>): ContactChannel | null {
  if (!agreement) return null;
  return agreedChannels(agreement).find((channel) => !tried.has(channel)) ?? null;
}
