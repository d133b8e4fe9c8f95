import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeliveryError, EMAIL_TRANSPORT, type EmailTransport } from '../../channels/channel.js';
import { Settings } from '../../settings/settings.js';
import { compileNow, createEnv } from '../../templates/handlebars-env.js';
import { htmlToText } from '../../templates/text-output.js';

/** An email to members of staff: a subject and plain paragraphs (escaped), never a victim's details. */
export interface StaffNotice {
  /** Names the outbox file with the officer's id: `bulletin-approval-<bulletin id>`. */
  key: string;
  subject: string;
  paragraphs: string[];
}

const BODY = compileNow(createEnv('html'), 'html', '<p>Dear {{name}},</p>\n{{#each paragraphs}}<p>{{this}}</p>\n{{/each}}');

/**
 * Tells staff by email (the service's email transport: SMTP in live mode, the training outbox in
 * training), one message each. A failure is logged with its code and the officer's id only and
 * does not stop the others: the task in their console says the same.
 */
@Injectable()
export class StaffNotices {
  private readonly logger = new Logger(StaffNotices.name);

  constructor(
    @Inject(Settings) private readonly settings: Settings,
    @Inject(EMAIL_TRANSPORT) private readonly email: EmailTransport,
  ) {}

  /** Sends to each officer; returns how many were accepted. */
  async send(to: { id: string; name: string; email: string }[], notice: StaffNotice): Promise<number> {
    let sent = 0;
    for (const officer of to) {
      const fragment = BODY({ name: officer.name, paragraphs: notice.paragraphs });
      try {
        await this.email.send({
          contactId: `${notice.key}-${officer.id}`, to: officer.email, from: this.settings.smtpFrom, subject: notice.subject,
          html: `<!DOCTYPE html>\n<html lang="en-GB">\n<head><meta charset="utf-8"></head>\n<body style="font-family: Arial, Helvetica, sans-serif;">\n${fragment}</body>\n</html>`,
          text: htmlToText(fragment),
        });
        sent++;
      } catch (error) {
        const code = error instanceof DeliveryError ? `${error.kind}: ${error.code}` : 'internal';
        this.logger.warn({ officerId: officer.id, key: notice.key, code }, 'A notice to staff could not be sent');
      }
    }
    return sent;
  }
}
