import { Inject, Injectable } from '@nestjs/common';
import { InputError } from '../../http/input-error.js';
import { BulletinTemplates, type RenderedEmail } from './bulletin-templates.js';
import { bulletinView, type RenderableBulletin } from './bulletin-view.js';
import type { LeafletLayout } from './door-drop.js';
import { renderLeafletPdf, renderPosterPdf, type PrintText } from './leaflet-pdf.js';
import { fitSms } from './sms-fit.js';

export type { RenderableBulletin } from './bulletin-view.js';

/** Where each recipient's one-click unsubscribe link goes; replaced per recipient after rendering. */
export const UNSUBSCRIBE_PLACEHOLDER = '%%UNSUBSCRIBE_URL%%';

/**
 * A bulletin on every channel, from the templates in `templates/community/`: rendered once per
 * bulletin, not per recipient (the unsubscribe link is a placeholder).
 */
@Injectable()
export class BulletinRenderer {
  constructor(@Inject(BulletinTemplates) private readonly templates: BulletinTemplates) {}

  /** HTML and plain text, each with `%%UNSUBSCRIBE_URL%%` beside the word "Unsubscribe". */
  email(b: RenderableBulletin): RenderedEmail {
    return this.templates.email(b.type, bulletinView(b));
  }

  /** At most 3 GSM fragments, ending "Reply STOP to stop these texts." */
  sms(b: RenderableBulletin): string {
    return fitSms((view) => this.templates.sms(b.type, view), bulletinView(b)).text;
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
