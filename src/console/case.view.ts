import { DateTime } from 'luxon';
import { prepareSms } from '../channels/sms/sms-text.js';

type Detail = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PURPOSES: Record<string, string> = {
  acknowledgement: 'Acknowledgement',
  spoc_introduction: 'SPOC introduction',
  update: 'Update',
  holding_update: 'Holding update',
};

/** "Due in 5 hours", "Overdue by 2 days", or when the first response was recorded. */
export function countdown(c: { responseDueAt: Date; respondedAt: Date | null; status: string }, now: Date) {
  if (c.respondedAt) {
    const late = new Date(c.respondedAt).getTime() > new Date(c.responseDueAt).getTime();
    return { state: 'responded', text: `First response recorded${late ? ' after the deadline' : ' within the deadline'}`, tag: late ? 'govuk-tag--yellow' : 'govuk-tag--green' };
  }
  const due = DateTime.fromJSDate(new Date(c.responseDueAt));
  const relative = due.toRelative({ base: DateTime.fromJSDate(now) }) ?? '';
  if (due.toMillis() < now.getTime()) return { state: 'overdue', text: `First response overdue: it was due ${relative}`, tag: 'govuk-tag--red' };
  return { state: 'due', text: `First response due ${relative}`, tag: 'govuk-tag--blue' };
}

export function riskTag(level: string): string {
  return level === 'high' ? 'govuk-tag--red' : level === 'medium' ? 'govuk-tag--orange' : 'govuk-tag--grey';
}

const STATUS_TAG: Record<string, string> = {
  scheduled: 'govuk-tag--grey', queued: 'govuk-tag--light-blue', sending: 'govuk-tag--light-blue', sent: 'govuk-tag--blue',
  delivered: 'govuk-tag--green', failed: 'govuk-tag--red', cancelled: 'govuk-tag--grey', awaiting_print: 'govuk-tag--yellow', awaiting_officer: 'govuk-tag--yellow',
};

/** The victim's contact log as MoJ timeline items, newest first, each with its status history. */
export function contactTimeline(caseId: string, log: Detail[]) {
  return [...log].reverse().map((k) => ({
    id: k.id,
    title: `${PURPOSES[k.purpose] ?? words(k.purpose)} by ${words(k.channel)}`,
    status: k.status,
    statusTag: STATUS_TAG[k.status] ?? 'govuk-tag--grey',
    at: k.timeline.length ? k.timeline[k.timeline.length - 1].at : k.dueAt,
    dueAt: k.dueAt,
    discreet: k.discreet,
    failure: k.failureReason,
    history: k.timeline.map((e: Detail) => ({ status: e.status, at: e.at, reason: e.reason })),
    // Sending covers a letter waiting for the print run: its PDF is already made.
    sentLink: ['sending', 'sent', 'delivered'].includes(k.status) ? `/cases/${caseId}/contacts/${k.id}/sent` : null,
  }));
}

/** What the update box holds, counted as the operators count SMS. */
export function smsCount(message: string) {
  const sms = prepareSms(message);
  return { characters: sms.characters, fragments: sms.fragments, encoding: sms.encoding === 'GSM-7' ? 'GSM-7' : 'Unicode' };
}

export function agreementRows(a: Detail | null) {
  if (!a) return null;
  const yesNo = (v: boolean) => (v ? 'Yes' : 'No');
  return [
    { key: { text: 'Channels, in order' }, value: { text: a.channels.map(words).join(', then ') } },
    { key: { text: 'Updates' }, value: { text: `Every ${a.cadence.every} ${a.cadence.unit === 'workingDays' ? 'working days' : 'days'}${a.cadenceFollowsRisk ? ' (follows the risk level)' : ''}` } },
    { key: { text: 'Safe days and hours' }, value: { text: safeWindows(a.safeWindows) } },
    { key: { text: 'Discreet' }, value: { text: yesNo(a.discreet) } },
    { key: { text: 'Letters to home' }, value: { text: yesNo(a.lettersToHome) } },
    { key: { text: 'Voicemail safe' }, value: { text: yesNo(a.voicemailSafe) } },
    { key: { text: 'Large print' }, value: { text: yesNo(a.largePrint) } },
  ];
}

const DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
function safeWindows(windows: Record<string, { days: number[]; from: string; to: string }> | null): string {
  const entries = Object.entries(windows ?? {});
  if (entries.length === 0) return 'The usual hours';
  return entries.map(([channel, w]) => `${words(channel)}: ${w.days.map((d) => DAYS[d]).join(' ')} ${w.from}–${w.to}`).join('; ');
}

export function words(value: string): string {
  const text = String(value ?? '').replace(/_/g, ' ');
  return text === 'sms' ? 'text message' : text;
}
