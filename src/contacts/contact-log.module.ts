import { Global, Module } from '@nestjs/common';
import { ContactLog } from './contact-log.js';
import { DeliveryReports } from './delivery-reports.js';
import { ScheduledWork } from './scheduled-work.js';

/** The contact log is written by channels, tasks and the dispatcher alike; scheduled work hangs off the tick. */
@Global()
@Module({ providers: [ContactLog, ScheduledWork, DeliveryReports], exports: [ContactLog, ScheduledWork, DeliveryReports] })
export class ContactLogModule {}
