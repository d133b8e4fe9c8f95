import { Global, Module } from '@nestjs/common';
import { ContactLog } from './contact-log.js';
import { ContactRecipients } from './contact-recipients.js';
import { DeliveryReports } from './delivery-reports.js';

/** The contact log is written by channels, tasks and the dispatcher alike. */
@Global()
@Module({ providers: [ContactLog, DeliveryReports, ContactRecipients], exports: [ContactLog, DeliveryReports, ContactRecipients] })
export class ContactLogModule {}
