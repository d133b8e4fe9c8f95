import { Global, Module } from '@nestjs/common';
import { ContactLog } from './contact-log.js';
import { ContactLogRepository } from './contact-log.repository.js';
import { DeliveryReports } from './delivery-reports.js';
import { DeliveryReportsRepository } from './delivery-reports.repository.js';

/** The contact log is written by channels, tasks and the dispatcher alike. */
@Global()
@Module({ providers: [ContactLog, ContactLogRepository, DeliveryReports, DeliveryReportsRepository], exports: [ContactLog, ContactLogRepository, DeliveryReports, DeliveryReportsRepository] })
export class ContactLogModule {}
