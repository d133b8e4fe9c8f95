import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryError, EMAIL_TRANSPORT, SMS_TRANSPORT, type EmailAttachment, type EmailTransport, type SmsTransport } from '../channels/channel.js';
import { renderDiarySheetsPdf } from '../channels/letter/diary-sheets.js';
import { findUnprintableInLetter, unprintableLetterReason, type LetterContent } from '../channels/letter/letter-pdf.js';
import { LetterPost } from '../channels/letter/letter-post.service.js';
import { validatePostalAddress } from '../contact-details/postal-address.js';
import { senderCanReceiveReplies } from '../channels/sms/sms-sender.js';
import { assertSendableSms, prepareSms } from '../channels/sms/sms-text.js';
import { describeWindow } from '../agreements/contact-timing.js';
import { ClockService } from '../clock/clock.service.js';
import { Settings } from '../settings/settings.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { TemplateCatalogue, type Purpose } from '../templates/template-catalogue.js';
import { DISCREET_BRIEFING_WARNING, emailFrom, letterData, letterSenderFor, smsFrom } from '../templates/outgoing.js';
import { AgreementsService } from './agreements.service.js';
import { windowFor } from './contact-planner.js';
import type { Contact } from './contact.entity.js';
import { ContactLog } from './contact-log.js';
import { ContactRecipients } from './contact-recipients.js';
import type { ContactCard } from './render-data.js';

/** What became of a contact handed to its channel. */
export type Handover =
  /** A provider (or the training outbox) took a text or an email; the caller records it. */
  | { kind: 'accepted'; providerMessageId: string; detail: Record<string, unknown> }
  /** A letter queued for the print run, or a call or visit given to an officer: recorded already, with the hand-over. */
  | { kind: 'handed'; outcome: 'awaiting_print' | 'awaiting_officer' };

/**
 * Renders one contact from its template and hands it to its channel: Twilio or SMTP (each
 * within its provider's rate, rate-limited-transports.ts), the training outbox, the print run,
 * or an officer's task. Throws a DeliveryError (or any error) when it cannot go; the caller
 * (DeliveryService) records what happened.
 */
@Injectable()
export class ContactSender {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: ContactLog,
    private readonly templates: TemplateCatalogue,
    private readonly letters: LetterPost,
    private readonly tasks: OfficerTasks,
    private readonly agreements: AgreementsService,
    private readonly clock: ClockService,
    private readonly recipients: ContactRecipients,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport,
    @Inject(EMAIL_TRANSPORT) private readonly email: EmailTransport,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /** The transport a contact goes by: `outbox`, `twilio` or `smtp` for texts and emails; the channel for the rest. */
  transportOf(contact: Contact): string {
    return contact.channel === 'sms' ? this.sms.name : contact.channel === 'email' ? this.email.name : contact.channel;
  }

  /**
   * Whether the contact is rendered from its case card alone, with no further reads: not a
   * Witness Service referral (composed by its own slice) nor a diary-sheet cover (its PDF).
   */
  rendersFromCard(contact: Contact): boolean {
    return contact.recipient === 'victim' && contact.purpose !== 'diary_sheet_cover';
  }

  /** Renders `contact` (as `combined`'s wording when others go with it) with `data`, and hands it over. */
  async send(contact: Contact, card: ContactCard, data: Record<string, unknown>, combined?: Purpose): Promise<Handover> {
    const purpose = combined ?? (contact.purpose as Purpose);
    switch (contact.channel) {
      case 'sms': {
        if (!card.victim.phone) throw new DeliveryError('permanent', 'no_phone', 'The victim has no phone number');
        // A discreet text comes from the neutral default sender, never the organisation's name.
        const from = smsFrom(contact.discreet, card.lead, this.settings);
        // An alphanumeric sender cannot be replied to, so the words must offer another way.
        const rendered = this.templates.render('sms', purpose, { ...data, canReply: senderCanReceiveReplies(from) }, { discreet: contact.discreet });
        if (rendered.channel !== 'sms') throw new Error('SMS template did not render as SMS');
        const text = prepareSms(rendered.text);
        assertSendableSms(text);
        const accepted = await this.sms.send({ contactId: contact.id, to: card.victim.phone, from, body: text.text });
        return { kind: 'accepted', providerMessageId: accepted.providerMessageId, detail: { fragments: text.fragments, encoding: text.encoding } };
      }
      case 'email': {
        if (contact.recipient !== 'victim') {
          // Someone else's message (a Witness Service referral): its slice writes it, the pipeline sends it.
          const accepted = await this.email.send({ contactId: contact.id, ...(await this.recipients.email(contact, data)) });
          return { kind: 'accepted', providerMessageId: accepted.providerMessageId, detail: {} };
        }
        if (!card.victim.email) throw new DeliveryError('permanent', 'no_email', 'The victim has no email address');
        const rendered = this.templates.render('email', purpose, data, { discreet: contact.discreet });
        if (rendered.channel !== 'email') throw new Error('Email template did not render as email');
        const attachments = await this.attachments(contact, card);
        const accepted = await this.email.send({
          contactId: contact.id,
          to: card.victim.email,
          // Discreet: a neutral sender and no Reply-To, whose address could name the organisation.
          from: emailFrom(contact.discreet, this.settings),
          replyTo: contact.discreet ? undefined : card.spoc ? `${card.spoc.name} <${card.spoc.email}>` : card.lead.email ?? undefined,
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          attachments,
        });
        return { kind: 'accepted', providerMessageId: accepted.providerMessageId, detail: {} };
      }
      case 'letter':
        return this.queueLetter(contact, card, data, purpose);
      case 'phone':
      case 'in_person':
        return this.askOfficer(contact, card, data, purpose);
    }
  }

  /** A letter for the next print run, and the contact `awaiting_print`, in one transaction. */
  private async queueLetter(contact: Contact, card: ContactCard, data: Record<string, unknown>, purpose: Purpose): Promise<Handover> {
    const address = validatePostalAddress([card.victim.name, ...(card.victim.address ?? [])]);
    if (!card.victim.address || !address.valid) {
      const why = address.errors.map((e) => e.message).join('; ') || 'no postal address';
      throw new DeliveryError('permanent', 'invalid_address', `The letter cannot be posted: ${why}`);
    }
    const rendered = this.templates.render('letter', purpose, { ...data, ...letterData(contact.discreet, card.case, card.lead, this.settings) }, { discreet: contact.discreet });
    if (rendered.channel !== 'letter') throw new Error('Letter template did not render as a letter');
    const options = this.contacts.data(contact) as { largePrint?: boolean; postage?: 'first' | 'second' };
    const letter: LetterContent = {
      sender: letterSenderFor(contact.discreet, card.case, card.lead, this.settings),
      recipientAddress: address.lines,
      date: this.clock.now(),
      body: rendered.body,
      largePrint: options.largePrint ?? (await this.agreements.find(contact.caseId))?.largePrint ?? false,
      enclosure: contact.purpose === 'diary_sheet_cover' ? 'diary_sheets' : undefined,
    };
    // Refused before it is queued, never printed with a '?': the SPOC is asked to check it.
    const unprintable = findUnprintableInLetter(letter);
    if (unprintable) throw new DeliveryError('permanent', 'unprintable_character', unprintableLetterReason(unprintable));
    await this.db.transaction(async (db) => {
      await this.letters.queue(contact.id, letter, options.postage, db);
      await this.contacts.transition(contact.id, 'awaiting_print', { reason: 'awaiting the print batch', from: ['sending'] }, db);
    });
    return { kind: 'handed', outcome: 'awaiting_print' };
  }

  /** A call or visit: the SPOC's task with its briefing, and the contact `awaiting_officer`, in one transaction. */
  private async askOfficer(contact: Contact, card: ContactCard, data: Record<string, unknown>, purpose: Purpose): Promise<Handover> {
    // The letter wording is the script: it says everything the victim should be told.
    const script = this.templates.render('letter', purpose, { ...data, ...letterData(contact.discreet, card.case, card.lead, this.settings) }, { discreet: contact.discreet });
    const agreement = await this.agreements.find(contact.caseId);
    const window = windowFor(agreement, contact.channel);
    const kind = contact.channel as 'phone' | 'in_person';
    await this.db.transaction(async (db) => {
      const task = await this.tasks.create({
        caseId: contact.caseId, contactId: contact.id, officerId: card.case.spocOfficerId, kind, dueAt: contact.dueAt,
        briefing: {
          purpose: contact.purpose,
          ...(contact.discreet ? { warning: DISCREET_BRIEFING_WARNING } : {}),
          whatToCover: script.channel === 'letter' ? script.body : '',
          phone: card.victim.phone,
          address: contact.channel === 'in_person' ? card.victim.address : null,
          safeTimes: window ? describeWindow(window) : 'any time',
          voicemailSafe: agreement?.voicemailSafe ?? false,
        },
      }, db);
      await this.contacts.transition(contact.id, 'awaiting_officer', { reason: 'officer task created', detail: { taskId: task.id }, from: ['sending'] }, db);
    });
    return { kind: 'handed', outcome: 'awaiting_officer' };
  }

  /** Diary sheets travel with their cover email as a printable PDF. */
  private async attachments(contact: Contact, card: ContactCard): Promise<EmailAttachment[] | undefined> {
    if (contact.purpose !== 'diary_sheet_cover') return undefined;
    const agreement = await this.agreements.find(contact.caseId);
    const sender = letterSenderFor(contact.discreet, card.case, card.lead, this.settings);
    const pdf = await renderDiarySheetsPdf({ reference: sender.kind === 'plain' ? sender.number : sender.reference, largePrint: agreement?.largePrint ?? false });
    return [{ filename: 'incident-diary.pdf', content: pdf, contentType: 'application/pdf' }];
  }
}
