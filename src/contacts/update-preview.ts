import { Injectable } from '@nestjs/common';
import { assertSendableSms, prepareSms, SmsTooLongError } from '../channels/sms/sms-text.js';
import { CasesService } from '../cases/cases.service.js';
import type { ContactChannel } from './contact.entity.js';
import { renderData } from '../templates/render-data.js';
import { InputError } from '../http/input-error.js';
import { TemplateCatalogue } from '../templates/template-catalogue.js';
import type { ContactAgreement } from '../agreements/contact-agreement.entity.js';

export interface UpdatePreview {
  channel: ContactChannel;
  discreet: boolean;
  /** Whether the officer's words appear in what would be sent (a discreet template may leave them out). */
  includesYourWords: boolean;
  text: string;
  subject?: string;
  /** SMS only: how the text is counted, as the operators will. */
  sms?: { fragments: number; characters: number; encoding: string };
}

/**
 * Exactly what an officer's update would be on the victim's agreed channel, rendered from the
 * template catalogue with the case's own data as delivery renders it, and checked the way
 * delivery will check it: an update that could not be sent is refused while the officer is
 * still there to shorten it.
 */
@Injectable()
export class UpdatePreviews {
  constructor(
    private readonly cases: CasesService,
    private readonly templates: TemplateCatalogue,
  ) {}

  async preview(caseId: string, agreement: ContactAgreement, channel: ContactChannel, message: string): Promise<UpdatePreview> {
    const card = await this.cases.contactCard(caseId);
    const data = renderData(card, { update: { message } });
    const discreet = agreement.discreet && (channel === 'sms' || channel === 'email');
    const words = message.trim();
    if (channel === 'sms') {
      const rendered = this.templates.render('sms', 'update', data, { discreet });
      const sms = prepareSms(rendered.channel === 'sms' ? rendered.text : '');
      try {
        assertSendableSms(sms);
      } catch (error) {
        if (!(error instanceof SmsTooLongError)) throw error;
        throw InputError.of('message', 'smsLength', `message cannot go by text, the victim's first agreed channel: ${error.message}. Shorten it.`);
      }
      const info = { fragments: sms.fragments, characters: sms.characters, encoding: sms.encoding };
      return { channel, discreet, includesYourWords: includes(sms.text, prepareSms(words).text), text: sms.text, sms: info };
    }
    if (channel === 'email') {
      const rendered = this.templates.render('email', 'update', data, { discreet });
      if (rendered.channel !== 'email') throw new Error('Email template did not render as email');
      return { channel, discreet, includesYourWords: includes(rendered.text, words), text: rendered.text, subject: rendered.subject };
    }
    // Letters, and the script for a call or visit, are rendered from the letter template.
    const rendered = this.templates.render('letter', 'update', data);
    const text = rendered.channel === 'letter' ? rendered.body : '';
    return { channel, discreet: agreement.discreet, includesYourWords: includes(text, words), text };
  }
}

const includes = (text: string, words: string) => text.replace(/\s+/g, ' ').includes(words.replace(/\s+/g, ' '));
