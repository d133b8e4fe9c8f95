import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CasesService } from '../cases/cases.service.js';
import { DeliveryError, EMAIL_TRANSPORT, SMS_TRANSPORT, type EmailAttachment, type EmailTransport, type SmsTransport } from '../channels/channel.js';
import { renderDiarySheetsPdf } from '../channels/letter/diary-sheets.js';
import { findUnprintableInLetter, unprintableLetterReason, type LetterContent } from '../channels/letter/letter-pdf.js';
import { LetterPost } from '../channels/letter/letter-post.service.js';
import { validatePostalAddress } from '../contact-details/postal-address.js';
import { senderCanReceiveReplies } from '../channels/sms/sms-sender.js';
import { assertSendableSms, prepareSms } from '../channels/sms/sms-text.js';
import { AgreementsService } from './agreements.service.js';
import { windowFor } from './contact-planner.js';
import { describeWindow, RETRY_FOR_MS, retryDelayMs } from '../agreements/contact-timing.js';
import { ClockService } from '../clock/clock.service.js';
import { Settings } from '../settings/settings.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { TemplateCatalogue, type Purpose } from '../templates/template-catalogue.js';
import type { Contact } from './contact.entity.js';
import { ContactLog } from './contact-log.js';
import { ContactRecipients } from './contact-recipients.js';
import { DISCREET_BRIEFING_WARNING, emailFrom, letterData, letterSenderFor, smsFrom } from '../templates/outgoing.js';
import { MessageMerging } from './message-merging.js';
import { DeliveryReports } from './delivery-reports.js';
import { renderData } from '../templates/render-data.js';
import type { ContactCard } from './render-data.js';
import { AcceptanceNotRecorded, asDeliveryError } from './delivery-errors.js';
import type { EachMove } from './contact-log.repository.js';
import type { DeliveryOutcome } from './delivery-outcome.js';

type SendOptions = { combined?: Purpose; written?: EachMove[] };

const UNKNOWN_OUTCOME = 'interrupted while sending; the outcome is unknown, sending once more';

/**
 * Renders one contact from its template and hands it to its channel: Twilio, SMTP, the print
 * batch, or an officer's task. Records what happened in the contact log; never throws for a
 * provider's refusal (a temporary one leaves the contact queued for a retry).
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: ContactLog,
    private readonly reports: DeliveryReports,
    private readonly cases: CasesService,
    private readonly templates: TemplateCatalogue,
    private readonly letters: LetterPost,
    private readonly tasks: OfficerTasks,
    private readonly agreements: AgreementsService,
    private readonly clock: ClockService,
    private readonly merging: MessageMerging,
    private readonly recipients: ContactRecipients,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport,
    @Inject(EMAIL_TRANSPORT) private readonly email: EmailTransport,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  async deliver(contactOrId: string | Contact): Promise<DeliveryOutcome> {
    const contact = typeof contactOrId === 'string' ? await this.contacts.find(contactOrId) : contactOrId;
    if (!contact) return 'skipped';
    const [outcome] = await this.deliverBatch([contact]);
    return outcome;
  }

  /**
   * Several contacts with a few round trips between them: one statement marks them all
   * `sending`, one loads their cases; each is then sent and its outcome recorded at once, so a
   * crash leaves at most the one in flight with an unknown outcome. The exception is the training
   * outbox, where sending again only rewrites the contact's own file: what it took is recorded
   * in one statement once the batch has gone. Each failure is still recorded against its contact.
   */
  async deliverBatch(batch: Contact[]): Promise<DeliveryOutcome[]> {
    const outcomes = new Map<string, DeliveryOutcome>();
    const ready: Contact[] = [];
    for (const contact of batch) {
      if (!['scheduled', 'queued', 'sending'].includes(contact.status)) outcomes.set(contact.id, 'skipped');
      else if (contact.status === 'sending' && !(await this.mayRepeatUnknownOutcome(contact))) outcomes.set(contact.id, 'skipped');
      else ready.push(contact);
    }
    // Fresh contacts are claimed only from scheduled or queued (another worker may have taken one
    // to send with its own message); one found `sending` is a crash being recovered.
    const fresh = ready.filter((c) => c.status !== 'sending').map((c) => c.id);
    const recovering = ready.filter((c) => c.status === 'sending').map((c) => c.id);
    const moved = new Set([
      ...(await this.contacts.transitionMany(fresh, 'sending', { countAttempt: true, from: ['scheduled', 'queued'] }, this.db.manager)),
      ...(await this.contacts.transitionMany(recovering, 'sending', { countAttempt: true }, this.db.manager)),
    ]);
    const cards = await this.cases.contactCards([...new Set(ready.map((c) => c.caseId))]);
    // The case's part of the render data is the same for each of its contacts: built once (in
    // the first contact's try, so a case that cannot be rendered fails only its own contacts).
    const caseData = new Map<string, Record<string, unknown>>();
    const written: EachMove[] = [];
    const merged = await this.merging.gather(ready.filter((c) => moved.has(c.id)));
    const goingWithOthers = new Set([...merged.values()].flatMap((m) => m.mates.map((k) => k.id)));
    // An outcome that could not be recorded (the database refused) leaves its contact `sending`
    // and is thrown once the rest of the batch has gone, so the job is retried.
    let unrecorded: unknown;
    for (const contact of ready) {
      if (!moved.has(contact.id) || goingWithOthers.has(contact.id)) {
        outcomes.set(contact.id, 'skipped');
        continue;
      }
      const together = merged.get(contact.id);
      let outcome: DeliveryOutcome;
      try {
        const card = cards.get(contact.caseId)!;
        const data = together ? this.merging.data(contact, together.mates) : this.contacts.data(contact);
        let caseOnly = caseData.get(contact.caseId);
        if (!caseOnly) caseData.set(contact.caseId, (caseOnly = renderData(card, {})));
        outcome = await this.send(contact, card, { ...caseOnly, ...data }, { combined: together?.purpose, written: together ? undefined : written });
      } catch (error) {
        if (error instanceof AcceptanceNotRecorded) {
          // It went: no retry schedule. It stays `sending`, and the job's retry treats it as an
          // interrupted send (once more, never twice more).
          this.logger.error({ err: error.reason, contactId: contact.id }, 'Could not record an accepted contact; it stays sending for the retry');
          unrecorded ??= error.reason;
          continue;
        }
        try {
          outcome = await this.recordFailure(contact, error);
        } catch (recordError) {
          this.logger.error({ err: recordError, contactId: contact.id }, 'Could not record a failed contact; it stays sending for the retry');
          unrecorded ??= recordError;
          continue;
        }
      }
      outcomes.set(contact.id, outcome);
      if (together) {
        await this.merging.settle(contact, together.mates, outcome);
        for (const mate of together.mates) outcomes.set(mate.id, outcome);
      }
    }
    try {
      await this.contacts.transitionEach(written, 'delivered', 'written to the training outbox', this.db.manager);
    } catch (error) {
      this.logger.error({ err: error, contacts: written.length }, 'Could not record contacts written to the outbox; they stay sending for the retry');
      unrecorded ??= error;
    }
    if (unrecorded) throw unrecorded;
    return batch.map((c) => outcomes.get(c.id) ?? 'skipped');
  }

  /**
   * Renders and sends one contact (a live transport takes its provider's permit just before the
   * call, after rendering: rate-limited-transports.ts); `written` collects what the outbox took.
   */
  private async send(contact: Contact, card: ContactCard, data: Record<string, unknown>, options: SendOptions): Promise<DeliveryOutcome> {
    const { combined, written } = options;
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
        return this.accepted(contact, accepted.providerMessageId, { fragments: text.fragments, encoding: text.encoding }, written);
      }
      case 'email': {
        if (contact.recipient !== 'victim') {
          // Someone else's message (a Witness Service referral): its slice writes it, the pipeline sends it.
          const accepted = await this.email.send({ contactId: contact.id, ...(await this.recipients.email(contact, data)) });
          return this.accepted(contact, accepted.providerMessageId, {}, written);
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
        return this.accepted(contact, accepted.providerMessageId, {}, written);
      }
      case 'letter': {
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
        return 'awaiting_print';
      }
      case 'phone':
      case 'in_person': {
        // The letter wording is the script: it says everything the victim should be told.
        const script = this.templates.render('letter', purpose, { ...data, ...letterData(contact.discreet, card.case, card.lead, this.settings) }, { discreet: contact.discreet });
        const agreement = await this.agreements.find(contact.caseId);
        const window = windowFor(agreement, contact.channel);
        const kind = contact.channel;
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
        return 'awaiting_officer';
      }
    }
  }

  /** Diary sheets travel with their cover email as a printable PDF. */
  private async attachments(contact: Contact, card: ContactCard): Promise<EmailAttachment[] | undefined> {
    if (contact.purpose !== 'diary_sheet_cover') return undefined;
    const agreement = await this.agreements.find(contact.caseId);
    const sender = letterSenderFor(contact.discreet, card.case, card.lead, this.settings);
    const pdf = await renderDiarySheetsPdf({ reference: sender.kind === 'plain' ? sender.number : sender.reference, largePrint: agreement?.largePrint ?? false });
    return [{ filename: 'incident-diary.pdf', content: pdf, contentType: 'application/pdf' }];
  }

  /**
   * A contact found still `sending` was interrupted between the provider call and the record
   * (a crash): it may or may not have gone. It is sent once more, never twice more. A letter
   * or a call found `sending` never reached the print run or an officer (handing it over and
   * leaving `sending` are one transaction), so it simply goes again.
   */
  private async mayRepeatUnknownOutcome(contact: Contact): Promise<boolean> {
    if (contact.channel === 'letter' || contact.channel === 'phone' || contact.channel === 'in_person') return true;
    if (await this.contacts.hasNote(contact.id, UNKNOWN_OUTCOME)) {
      await this.db.transaction((db) =>
        this.contacts.transition(contact.id, 'failed', { reason: 'interrupted twice while sending; the outcome is unknown', failureCode: 'outcome_unknown' }, db));
      return false;
    }
    await this.contacts.note(contact.id, UNKNOWN_OUTCOME, {}, this.db.manager);
    return true;
  }

  private async accepted(contact: Contact, providerMessageId: string, detail: Record<string, unknown>, written?: EachMove[]): Promise<DeliveryOutcome> {
    if (written && this.transportOf(contact) === 'outbox') {
      written.push({ id: contact.id, providerMessageId, detail: { transport: 'outbox', ...detail } });
      return 'delivered';
    }
    try {
      return await this.recordAcceptance(contact, providerMessageId, detail);
    } catch (error) {
      throw new AcceptanceNotRecorded(error);
    }
  }

  private async recordAcceptance(contact: Contact, providerMessageId: string, detail: Record<string, unknown>): Promise<DeliveryOutcome> {
    const sent = { providerMessageId, detail: { transport: this.transportOf(contact), ...detail } };
    // The training outbox is the end of the line: nothing will call back to say it arrived.
    if (this.transportOf(contact) === 'outbox') {
      await this.contacts.transition(contact.id, 'delivered', { ...sent, reason: 'written to the training outbox' }, this.db.manager);
      return 'delivered';
    }
    // A delivery report that beat the provider's answer is applied in the same transaction.
    await this.reports.recordAccepted(contact, sent);
    return 'sent';
  }

  /**
   * A temporary failure waits for a retry; a permanent one fails the contact and hands it on
   * (failover: the next agreed channel, or a task) in the same transaction, so a fault in the
   * hand-on leaves the contact `sending` for the job's retry rather than failed and forgotten.
   */
  private async recordFailure(contact: Contact, error: unknown): Promise<DeliveryOutcome> {
    let failure = asDeliveryError(error);
    const now = this.clock.now();
    const firstAttempt = contact.firstAttemptAt ?? now;
    if (failure.kind === 'temporary' && now.getTime() - firstAttempt.getTime() >= RETRY_FOR_MS) {
      failure = new DeliveryError('permanent', failure.code, `Still failing after 24 hours: ${failure.message}`);
    }
    if (failure.kind === 'temporary') {
      const retryAt = new Date(now.getTime() + retryDelayMs(contact.attempts + 1));
      await this.contacts.transition(contact.id, 'scheduled', { reason: failure.message, dueAt: retryAt, detail: { code: failure.code, retryAt } }, this.db.manager);
      return 'retry';
    }
    this.logger.warn({ contactId: contact.id, code: failure.code }, 'Contact failed');
    await this.db.transaction((db) => this.contacts.transition(contact.id, 'failed', { reason: failure.message, failureCode: failure.code }, db));
    return 'failed';
  }

  private transportOf(contact: Contact): string {
    return contact.channel === 'sms' ? this.sms.name : contact.channel === 'email' ? this.email.name : contact.channel;
  }
}
