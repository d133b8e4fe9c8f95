import { Global, Module } from '@nestjs/common';
import { ContactLog } from './contact-log.js';
import { ScheduledWork } from './scheduled-work.js';

/** The contact log is written by channels, tasks and the dispatcher alike; scheduled work hangs off the tick. */
@Global()
@Module({ providers: [ContactLog, ScheduledWork], exports: [ContactLog, ScheduledWork] })
export class ContactLogModule {}
