import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryError, EMAIL_TRANSPORT, SMS_TRANSPORT, type EmailTransport, type SmsTransport } from '../../channels/channel.js';
import { senderCanReceiveReplies } from '../../channels/sms/sms-sender.js';
import { ClockService } from '../../clock/clock.service.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { SmsConfirmationCap } from '../../public-limits/sms-confirmation-cap.js';
import { Settings } from '../../settings/settings.js';
import { confirmUrl } from '../subscriber-links.js';
import { SubscriberPages } from './subscriber-pages.js';
import { SubscribersRepository } from './subscribers.repository.js';

export interface Confirmation {
  subscriberId: string;
  channel: 'email' | 'sms';
  /** The address or E.164 number, in the clear only in memory until it is sent. */
  to: string;
  neighbourhoods: string[];
}

/**
 * Double opt-in: an email with a link to confirm, or a text asking for a YES reply. Sent
 * straight to the provider once the subscription is committed; a failure is recorded (its code
 * only) and the resident can ask again through the form.
 */
@Injectable()
export class SubscriberConfirmations {
  private readonly logger = new Logger(SubscriberConfirmations.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: SubscribersRepository,
    private readonly pages: SubscriberPages,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
    private readonly smsCap: SmsConfirmationCap,
    @Inject(Settings) private readonly settings: Settings,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport,
    @Inject(EMAIL_TRANSPORT) private readonly email: EmailTransport,
  ) {}

  /** `capped`: today's confirmation texts are used up (SUBSCRIBE_SMS_DAILY_CAP), so none was sent. */
  async send(confirmation: Confirmation): Promise<'sent' | 'failed' | 'capped'> {
    const { subscriberId, channel, to } = confirmation;
    const contactId = `subscriber-confirm-${subscriberId}`;
    if (channel === 'sms' && !(await this.smsCap.take())) {
      await this.repository.markConfirmationFailed(subscriberId, 'sms daily cap', this.db.manager);
      return 'capped';
    }
    try {
      if (channel === 'email') {
        const words = this.pages.confirmationEmail({ link: confirmUrl(this.settings.publicBaseUrl, this.cipher, subscriberId), neighbourhoods: confirmation.neighbourhoods });
        await this.email.send({ contactId, to, from: this.settings.smtpFrom, ...words });
      } else {
        const body = this.pages.confirmationSms({
          neighbourhoods: listed(confirmation.neighbourhoods),
          canReply: senderCanReceiveReplies(this.settings.twilioFrom),
          link: confirmUrl(this.settings.publicBaseUrl, this.cipher, subscriberId),
        });
        await this.sms.send({ contactId, to, from: this.settings.twilioFrom, body });
      }
      await this.repository.markConfirmationSent(subscriberId, channel, this.clock.now(), this.db.manager);
      return 'sent';
    } catch (error) {
      // Provider messages can quote the address, so only the code is kept.
      const code = error instanceof DeliveryError ? `${error.kind}: ${error.code}` : 'internal';
      this.logger.warn({ subscriberId, channel, code }, 'A subscription confirmation could not be sent');
      await this.repository.markConfirmationFailed(subscriberId, `${channel} ${code}`, this.db.manager).catch(() => undefined);
      return 'failed';
    }
  }
}

/** `A`, `A and B`, `A, B and C`. */
function listed(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? 'your area') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
