import { Inject, Injectable, Optional } from '@nestjs/common';
import { senderCanReceiveReplies } from '../../channels/sms/sms-sender.js';
import { InputError } from '../../http/input-error.js';
import { Settings } from '../../settings/settings.js';
import { BulletinTemplates, type RenderedEmail } from './bulletin-templates.js';
import { bulletinView, type RenderableBulletin } from './bulletin-view.js';
import type { LeafletLayout } from './door-drop.js';
import { renderLeafletPdf, renderPosterPdf, type PrintText } from './leaflet-pdf.js';
import { fitSms } from './sms-fit.js';

export type { RenderableBulletin } from './bulletin-view.js';

/** Where each recipient's one-click unsubscribe link goes; replaced per recipient after rendering. */
export const UNSUBSCRIBE_PLACEHOLDER = '%%UNSUBSCRIBE_URL%%';
/**
 * In a text, the unsubscribe token stands in with exactly its length (a subscriber id, a dot and a
 * 32-character MAC), so fitting the text into its fragments counts the real link.
 */
export const SMS_TOKEN_PLACEHOLDER = '%'.repeat(69);

/**
 * A bulletin on every channel, from the templates in `templates/community/`: rendered once per
 * bulletin, not per recipient (the unsubscribe link is a placeholder).
 */
@Injectable()
export class BulletinRenderer {
  constructor(
    @Inject(BulletinTemplates) private readonly templates: BulletinTemplates,
    @Optional() @Inject(Settings) private readonly settings?: Settings,
  ) {}

  /** HTML and plain text, each with `%%UNSUBSCRIBE_URL%%` beside the word "Unsubscribe". */
  email(b: RenderableBulletin): RenderedEmail {
    return this.templates.email(b.type, bulletinView(b));
  }

  /**
   * At most 3 GSM fragments, ending "Reply STOP to stop these texts." when the sender (TWILIO_FROM)
   * can receive replies, else with the recipient's unsubscribe link (SMS_TOKEN_PLACEHOLDER in it).
   */
  sms(b: RenderableBulletin): string {
    const canReply = this.settings ? senderCanReceiveReplies(this.settings.twilioFrom) : true;
    const unsubscribeLink = `${this.settings?.publicBaseUrl ?? 'https://example.invalid'}/p/unsubscribe/${SMS_TOKEN_PLACEHOLDER}`;
    return fitSms((view) => this.templates.sms(b.type, view), { ...bulletinView(b), canReply, unsubscribeLink }).text;
  }

  /** A door-drop run sheet, then the leaflet: two A5 per landscape A4 sheet, or one A4. */
  async leafletPdf(b: RenderableBulletin, options: { layout: LeafletLayout; copies?: number }): Promise<Buffer> {
    return renderLeafletPdf(b, this.printText('leaflet', b), options.layout, options.copies);
  }

  /** An A4 poster announcing a street briefing. */
  async posterPdf(b: RenderableBulletin): Promise<Buffer> {
    if (!this.templates.hasPoster(b.type)) throw InputError.of('type', 'streetBriefing', 'Only a street briefing has a poster');
    return renderPosterPdf(b, this.printText('poster', b));
  }

  private printText(output: 'leaflet' | 'poster', b: RenderableBulletin): PrintText {
    const view = bulletinView(b);
    const { title, body } = this.templates.print(output, b.type, view);
    return { title, body, masthead: b.organisationName, footer: view.neighbourhoods };
  }
}
