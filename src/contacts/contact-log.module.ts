import { Global, Module } from '@nestjs/common';
import { ContactLog } from './contact-log.js';

/** The contact log is written by channels, tasks and the dispatcher alike. */
@Global()
@Module({ providers: [ContactLog], exports: [ContactLog] })
export class ContactLogModule {}
