import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps every message it is given, parsed. */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  /** Recipients the server refuses permanently (550). */
  readonly rejectRecipients = new Set<string>();
  /** Recipients the server refuses for now (451): the client should try again later. */
  readonly deferRecipients = new Set<string>();
  private server?: SMTPServer;
  port = 0;
  /** SMTP sessions opened so far: a pooling client opens few. */
  connections = 0;
  /** Benchmarks switch this off: parsing every message back would measure the sink. */
  keepMessages = true;

  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect: (_session, done) => {
        this.connections += 1;
        done();
      },
      onRcptTo: (address, _session, done) => {
        if (this.rejectRecipients.has(address.address)) {
          const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          return done(error);
        }
        if (this.deferRecipients.has(address.address)) {
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          return done(error);
        }
        done();
      },
      onData: (stream, _session, done) => {
        if (!this.keepMessages) {
          stream.on('end', () => done()).resume();
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            this.messages.push(mail);
            done();
          })
          .catch(done);
      },
    });
    // Without TCP_NODELAY every reply waits out the peer's delayed ACK (~40 ms) on loopback.
    this.server.server.on('connection', (socket: import('node:net').Socket) => socket.setNoDelay(true));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
