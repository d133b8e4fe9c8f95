import { join } from 'node:path';
import { writeOutboxFile } from '../outbox-file.js';
import { prepareSms } from './sms-text.js';
import type { Accepted, SmsMessage, SmsTransport } from '../channel.js';

/** Training mode: each SMS becomes `<outbox>/sms/<contact id>.json`; nothing leaves the machine. `writtenAt` is the service clock's time. */
export class OutboxSmsTransport implements SmsTransport {
  readonly name = 'outbox';

  constructor(
    private readonly outboxDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: SmsMessage): Promise<Accepted> {
    const { encoding, characters, fragments } = prepareSms(message.body);
    const file = { ...message, encoding, characters, fragments, writtenAt: this.now().toISOString() };
    await writeOutboxFile(join(this.outboxDir, 'sms'), `${message.contactId}.json`, JSON.stringify(file, null, 2) + '\n');
    return { providerMessageId: `outbox-sms-${message.contactId}` };
  }
}
