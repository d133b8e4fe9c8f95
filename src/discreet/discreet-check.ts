import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseForPrint } from '../pdf/text-runs.js';
import { DISCREET_BRIEFING_WARNING, emailFrom, letterData, letterSenderFor, smsFrom, type SendingOrganisation } from '../templates/outgoing.js';
import { renderData, type RenderParties } from '../templates/render-data.js';
import type { Settings } from '../settings/settings.js';
import { MissingFieldError, PURPOSES, type Purpose, type TemplateCatalogue } from '../templates/template-catalogue.js';
import { ForbiddenWords } from './forbidden-words.js';

export type CheckSettings = Pick<Settings, 'twilioFrom' | 'smtpFrom' | 'smtpDiscreetFrom' | 'discreet'>;
export type CheckedOrganisation = SendingOrganisation & { code: string; discreetName?: string | null };
export type CheckedOfficer = { rank?: string | null; name: string; phone: string | null };

/** One thing a discreet message would give away: where, and the word. */
export interface Leak {
  organisation: string;
  where: string;
  word: string;
}

export type Samples = Record<Purpose, Record<string, unknown>>;

export function loadSamples(templatesDir: string): Samples {
  return Object.fromEntries(PURPOSES.map((p) => [p, JSON.parse(readFileSync(join(templatesDir, 'samples', `${p}.json`), 'utf8'))])) as Samples;
}

/** Everything a discreet contact shows, on every channel, as text: what the check reads. */
export function discreetOutputs(templates: TemplateCatalogue, purpose: Purpose, parties: RenderParties & { lead: CheckedOrganisation; case: { id: string } }, sample: Record<string, unknown>, settings: CheckSettings): Record<string, string> {
  const data = { ...sample, ...renderData(parties, {}) };
  const letterish = { ...data, ...letterData(true, parties.case, parties.lead, settings) };
  const sms = templates.render('sms', purpose, data, { discreet: true });
  const email = templates.render('email', purpose, data, { discreet: true });
  const letter = templates.render('letter', purpose, letterish, { discreet: true });
  const sender = letterSenderFor(true, parties.case, parties.lead, settings);
  const out: Record<string, string> = {};
  if (sms.channel === 'sms') out.sms = `${smsFrom(true, parties.lead, settings)}\n${sms.text}`;
  // What a reader sees of an email: its sender, subject and words (the HTML's text, tags aside).
  if (email.channel === 'email') out.email = `${emailFrom(true, settings)}\n${email.subject}\n${email.text}\n${visibleHtml(email.html)}`;
  if (letter.channel === 'letter') {
    // What the PDF prints: the letterhead, the return address, the number and the body.
    const head = sender.kind === 'plain' ? [sender.name, ...sender.returnAddress, `Number: ${sender.number}`] : ['organisation letterhead'];
    out.letter = normaliseForPrint([...head, letter.body].join('\n'));
    out.briefing = `${DISCREET_BRIEFING_WARNING}\n${letter.body}`;
  }
  return out;
}

const visibleHtml = (html: string): string => html.replace(/<head>[\s\S]*?<\/head>/i, '').replace(/<[^>]*>/g, ' ');

const SAMPLE_CASE = { id: '00000000-0000-4000-8000-000000000000', reference: 'ASB-2026-000123', reportedAt: new Date('2026-03-02T10:00:00Z'), responseDueAt: new Date('2026-03-09T17:00:00Z') };

/**
 * Renders every discreet template on every channel for each organisation, with each of its
 * officers as SPOC (and with none), and lists every forbidden word found. Organisation names and
 * codes are forbidden for all of them, not only their own.
 */
export function checkDiscreet(
  templates: TemplateCatalogue,
  samples: Samples,
  settings: CheckSettings,
  organisations: { organisation: CheckedOrganisation; officers: CheckedOfficer[] }[],
  forbidden = ForbiddenWords.for(settings.discreet.forbiddenWords, organisations.map((o) => o.organisation)),
): Leak[] {
  const leaks: Leak[] = [];
  for (const { organisation, officers } of organisations) {
    for (const spoc of [...officers, null]) {
      for (const purpose of PURPOSES) {
        const victim = { name: String((samples[purpose].recipient as { name?: string })?.name ?? 'Sam Taylor') };
        let outputs: Record<string, string>;
        try {
          outputs = discreetOutputs(templates, purpose, { victim, lead: organisation, spoc, case: SAMPLE_CASE }, samples[purpose], settings);
        } catch (error) {
          // No phone to give (an organisation without one, no SPOC): nothing is sent, so nothing leaks.
          if (error instanceof MissingFieldError) continue;
          throw error;
        }
        for (const [channel, text] of Object.entries(outputs)) {
          for (const word of forbidden.find(text)) {
            leaks.push({ organisation: organisation.name, where: `${channel} ${purpose}${spoc ? ` (SPOC ${spoc.name})` : ''}`, word });
          }
        }
      }
    }
  }
  return leaks;
}

/** Settings a discreet message shows whatever the organisation: checked once, on their own. */
export function checkDiscreetSettings(settings: CheckSettings, forbidden: ForbiddenWords): Leak[] {
  const shown: Record<string, string> = {
    DISCREET_SMS_FROM: settings.discreet.smsFrom,
    SMTP_DISCREET_FROM: settings.smtpDiscreetFrom,
    DISCREET_SENDER_NAME: settings.discreet.senderName,
    DISCREET_RETURN_ADDRESS: settings.discreet.returnAddress.join(', '),
  };
  return Object.entries(shown).flatMap(([where, text]) => forbidden.find(text).map((word) => ({ organisation: '-', where, word })));
}

export function describeLeaks(leaks: Leak[]): string {
  const lines = leaks.slice(0, 20).map((l) => `- ${l.where}${l.organisation === '-' ? '' : ` for ${l.organisation}`}: "${l.word}"`);
  const more = leaks.length > 20 ? `\n- … and ${leaks.length - 20} more` : '';
  return `Discreet messages would give a victim away:\n${lines.join('\n')}${more}`;
}
