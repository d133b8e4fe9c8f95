import { Global, Module } from '@nestjs/common';
import { ContactLog } from './contact-log.js';
import { ContactLogListeners } from './contact-log-listeners.js';
import { DeliveryReports } from './delivery-reports.js';

/** The contact log is written by channels, tasks and the dispatcher alike. */
@Global()
@Module({ providers: [ContactLog, DeliveryReports, ContactLogListeners], exports: [ContactLog, DeliveryReports] })
export class ContactLogModule {}
