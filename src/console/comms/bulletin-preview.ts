import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Caller } from '../../auth/access.js';
import { prepareSms } from '../../channels/sms/sms-text.js';
import { BulletinRenderer, SMS_TOKEN_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER, type RenderableBulletin } from '../../community/bulletin-content/bulletin-renderer.js';
import type { BulletinContent } from '../../community/bulletins/bulletin-content.js';
import { BULLETIN_TYPES, type BulletinType } from '../../community/bulletins/bulletin.entity.js';
import { NeighbourhoodsService } from '../../community/neighbourhoods/neighbourhoods.service.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { type PageKit, service } from '../pages/page-kit.js';

declare module 'express-session' {
  interface SessionData {
    /** What the comms editor last previewed, per editor form (sealed, base64): read by the preview's email page and PDFs. */
    commsPreviews?: Record<string, string>;
  }
}

/** Previews kept per session: one per open editor, the oldest dropped. */
const KEPT = 5;
const SAMPLE_UNSUBSCRIBE = 'https://example.invalid/p/unsubscribe/preview';

/** What the preview panels show: the email's subject (its HTML is a page of its own), the text and its length. */
export interface PreviewText {
  subject: string;
  sms: { text: string; characters: number; fragments: number; encoding: string };
}

/** A draft as typed, for the renderer: a required field left empty shows as its name in square brackets. */
export async function typedRenderable(kit: PageKit, caller: Caller, body: { type?: string; neighbourhoodIds: string[]; content: BulletinContent }): Promise<RenderableBulletin> {
  const c = body.content;
  const or = (value: string, name: string) => value || `[${name}]`;
  const content: BulletinContent = {
    ...c,
    headline: or(c.headline, 'Headline'),
    summary: or(c.summary, 'Summary'),
    howToReport: or(c.howToReport, 'How to report'),
    sections: c.sections.length ? c.sections.map((s) => ({ heading: or(s.heading, 'Heading'), body: or(s.body, 'Section text') })) : [{ heading: '[Heading]', body: '[Section text]' }],
  };
  const type: BulletinType = (BULLETIN_TYPES as readonly string[]).includes(body.type ?? '') ? (body.type as BulletinType) : 'newsletter';
  if (type === 'street_briefing') {
    const when = c.briefing?.when && !Number.isNaN(Date.parse(c.briefing.when)) ? c.briefing.when : new Date().toISOString();
    content.briefing = { where: or(c.briefing?.where ?? '', 'Where'), when, who: c.briefing?.who?.length ? c.briefing.who : ['[Who will be there]'] };
  } else {
    delete content.briefing;
  }
  const [neighbourhoods, [organisation]] = await Promise.all([
    service(kit, NeighbourhoodsService).find(body.neighbourhoodIds),
    service(kit, PartnershipService).findOrganisations([caller.organisationId]),
  ]);
  return {
    id: '00000000-0000-0000-0000-000000000000', type, content,
    neighbourhoods: neighbourhoods.map((n) => ({ name: n.name, areas: n.areas, streets: n.streets })),
    organisationName: organisation?.name ?? 'Community Safety Partnership',
  };
}

/** The email's subject and the text message exactly as they will go (the recipient's own link aside). */
export function previewText(kit: PageKit, b: RenderableBulletin): PreviewText {
  const renderer = service(kit, BulletinRenderer);
  const sms = prepareSms(renderer.sms(b));
  return {
    subject: renderer.email(b).subject,
    sms: { text: sms.text.replace(SMS_TOKEN_PLACEHOLDER, '…'), characters: sms.characters, fragments: sms.fragments, encoding: sms.encoding },
  };
}

/** The email's HTML with a sample unsubscribe link, as a page of its own for the preview frame: its inline styles, no scripts, no forms (its CSP). */
export function sendEmailPage(kit: PageKit, res: Response, b: RenderableBulletin): void {
  const html = service(kit, BulletinRenderer).email(b).html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, SAMPLE_UNSUBSCRIBE);
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
  res.type('html').send(html);
}

/** The door-drop leaflet (with its run sheet) or a street briefing's poster, shown in the browser. */
export async function sendPdf(kit: PageKit, res: Response, b: RenderableBulletin, kind: 'leaflet' | 'poster'): Promise<void> {
  const renderer = service(kit, BulletinRenderer);
  const pdf = kind === 'poster' ? await renderer.posterPdf(b) : await renderer.leafletPdf(b, { layout: 'a5' });
  res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${kind}-preview.pdf"`);
  res.send(pdf);
}

/** Keeps what was typed for the preview's email page and PDFs; returns the editor's preview key. */
export function keepPreview(kit: PageKit, req: Request, key: string, body: unknown): string {
  const safeKey = /^[0-9a-f-]{36}$/.test(key) ? key : randomUUID();
  const kept = { ...(req.session.commsPreviews ?? {}) };
  delete kept[safeKey];
  kept[safeKey] = service(kit, PersonalDataCipher).seal(JSON.stringify(body)).toString('base64');
  const keys = Object.keys(kept);
  for (const old of keys.slice(0, Math.max(0, keys.length - KEPT))) delete kept[old];
  req.session.commsPreviews = kept;
  return safeKey;
}

/** What was last previewed with this key, or null. */
export function keptPreview(kit: PageKit, req: Request, key: string): { type?: string; neighbourhoodIds: string[]; content: BulletinContent } | null {
  const sealed = req.session.commsPreviews?.[key];
  return sealed ? JSON.parse(service(kit, PersonalDataCipher).open(Buffer.from(sealed, 'base64'))) : null;
}
