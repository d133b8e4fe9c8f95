import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeliveryError, EMAIL_TRANSPORT, SMS_TRANSPORT, type EmailTransport, type SmsTransport } from '../../channels/channel.js';
import { MailMerge } from '../../channels/email/mail-merge.js';
import { ClockService } from '../../clock/clock.service.js';
import type { DispatchOptions } from '../../contacts/dispatcher.js';
import { JobQueue } from '../../contacts/job-queue.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import { Settings } from '../../settings/settings.js';
import { BulletinRenderer, SMS_TOKEN_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER } from '../bulletin-content/bulletin-renderer.js';
import { unsubscribeUrl } from '../subscriber-links.js';
import { lockDeliveryReports } from '../../contacts/delivery-reports.js';
import { BulletinsRepository, type ClaimedDelivery, type DeliveryOutcome } from './bulletins.repository.js';
import { BulletinsService } from './bulletins.service.js';

export const BULLETIN_QUEUE = 'bulletins';
/** Deliveries per job: small enough that a crash repeats little, large enough to keep round trips rare. */
const CHUNK = 500;
/** Outcomes are written back this often, so a crash leaves few with an unknown outcome. */
const FLUSH_EVERY = 50;
const MAX_ATTEMPTS = 3;
const IN_FLIGHT = 8;
const CONTACT_PLACEHOLDER = '%%CONTACT_ID%%';
/** Bulletins take at most this share of a provider's per-second limit; victims' messages keep the rest. */
const PROVIDER_SHARE = 0.8;

interface Chunk { bulletinId: string; fromId: string; toId: string }
interface Words { email: { subject: string; html: string; text: string }; merge: MailMerge; sms: string }

/**
 * Sending a bulletin: one INSERT … SELECT turns the neighbourhoods' confirmed subscribers into
 * delivery rows (the list is never held in memory), and jobs of 500 rows go on the dispatch
 * engine's queue in the same transaction. Workers on every instance render once per bulletin,
 * add each recipient's unsubscribe link, and send within the providers' limits.
 */
@Injectable()
export class BulletinFanOut implements OnApplicationBootstrap {
  private readonly logger = new Logger(BulletinFanOut.name);
  private readonly rendered = new Map<string, Promise<Words>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: BulletinsRepository,
    private readonly queue: JobQueue,
    private readonly bulletins: BulletinsService,
    private readonly renderer: BulletinRenderer,
    private readonly clock: ClockService,
    private readonly cipher: PersonalDataCipher,
    @Inject(Settings) private readonly settings: Settings,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport,
    @Inject(EMAIL_TRANSPORT) private readonly email: EmailTransport,
    @Inject('DISPATCH_OPTIONS') private readonly options: DispatchOptions,
  ) {}

  /** The bare address of SMTP_FROM, for the SMTP envelope. */
  private get envelopeFrom(): string {
    return /<([^>]+)>/.exec(this.settings.smtpFrom)?.[1] ?? this.settings.smtpFrom.trim();
  }

  /** Where the instance dispatches, it works the bulletin queue too: one chunk per call; a throw retries it with backoff. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.enabled) return;
    await this.queue.start();
    await this.queue.work<Chunk>(
      BULLETIN_QUEUE,
      { retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 300, heartbeatSeconds: 10 },
      { batchSize: 1, localConcurrency: Math.max(1, Math.ceil(this.settings.dispatchConcurrency / 2)), pollingIntervalSeconds: 0.5, burstWhenBatchFull: true },
      async (chunks) => {
        for (const chunk of chunks) await this.sendChunk(chunk);
      },
    );
  }

  /** Bulletins whose time has come are fanned out; finished ones are marked sent. */
  async fanOutDue(): Promise<number> {
    if (!this.queue.running) return 0;
    const due = await this.repository.dueIds(this.clock.now());
    let recipients = 0;
    for (const { id } of due) {
      // One bulletin that cannot be fanned out is logged by id and tried again; the others go.
      try {
        recipients += await this.fanOut(id);
      } catch (error) {
        this.logger.error({ err: error, bulletinId: id }, 'Bulletin could not be fanned out');
      }
    }
    await this.repository.markFinishedSent(this.clock.now(), this.db.manager);
    return recipients;
  }

  /** Returns the number of deliveries queued; 0 if another instance got there first. */
  async fanOut(bulletinId: string): Promise<number> {
    return this.db.transaction(async (db) => {
      const now = this.clock.now();
      const bulletin = await this.repository.lockDue(bulletinId, now, db);
      if (!bulletin) return 0;
      await this.repository.insertDeliveries(bulletinId, now, bulletin.neighbourhood_ids, db);
      const range = await this.repository.deliveryRange(bulletinId, db);
      const jobs: Chunk[] = [];
      if (range.n > 0) {
        for (let from = BigInt(range.first!); from <= BigInt(range.last!); from += BigInt(CHUNK)) {
          jobs.push({ bulletinId, fromId: String(from), toId: String(from + BigInt(CHUNK - 1)) });
        }
      }
      await this.queue.insert(BULLETIN_QUEUE, jobs, db);
      await this.repository.markSending(bulletinId, now, range.n, db);
      this.logger.log({ bulletinId, recipients: range.n, jobs: jobs.length }, 'Bulletin fanned out');
      return range.n;
    });
  }

  /** One job: claims its rows, sends each, writes outcomes back in batches. A temporary failure retries the job. */
  async sendChunk(chunk: Chunk): Promise<void> {
    const status = await this.repository.status(chunk.bulletinId);
    if (!status || status === 'cancelled') return;
    const claimed = await this.repository.claimDeliveries(chunk.bulletinId, chunk.fromId, chunk.toId, this.clock.now(), this.db.manager);
    if (claimed.length === 0) return;
    const words = await this.words(chunk.bulletinId);
    const outcomes: DeliveryOutcome[] = [];
    let retry = false;
    let next = 0;
    // A few sends in flight per job keep the event loop busy while files are written or providers answer.
    const sender = async () => {
      while (next < claimed.length) {
        const outcome = await this.sendOne(claimed[next++], words);
        if (outcome.status === 'queued') retry = true;
        outcomes.push(outcome);
        if (outcomes.length >= FLUSH_EVERY) await this.record(outcomes.splice(0));
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    await this.record(outcomes);
    if (retry) throw new Error('Some bulletin messages failed for now; the job is retried with backoff');
  }

  private async sendOne(d: ClaimedDelivery, words: Words): Promise<DeliveryOutcome> {
    const done = (status: DeliveryOutcome['status'], providerMessageId: string | null = null, reason: string | null = null): DeliveryOutcome => ({ id: d.id, status, providerMessageId, reason });
    // Unsubscribed since the fan-out, or too many tries.
    if (d.state !== 'confirmed') return done('skipped', null, 'unsubscribed before it was sent');
    if (d.attempts > MAX_ATTEMPTS) return done('failed', null, `interrupted or failing ${MAX_ATTEMPTS} times`);
    const contactId = `bulletin-${d.id}`;
    try {
      let accepted;
      if (d.channel === 'email') {
        if (!d.email_enc) return done('skipped', null, 'no email address');
        const link = unsubscribeUrl(this.settings.publicBaseUrl, this.cipher, d.subscriber_id);
        const to = this.cipher.open(d.email_enc);
        if (MailMerge.accepts(to)) {
          const { raw, messageId } = words.merge.build({ to, values: { [UNSUBSCRIBE_PLACEHOLDER]: link, [CONTACT_PLACEHOLDER]: contactId } }, this.clock.now());
          accepted = await this.email.sendRaw({ contactId, envelope: { from: this.envelopeFrom, to }, raw, messageId }, { share: PROVIDER_SHARE });
        } else {
          accepted = await this.email.send({
            contactId, to, from: this.settings.smtpFrom,
            subject: words.email.subject, html: words.email.html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, link), text: words.email.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, link),
            headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          }, { share: PROVIDER_SHARE });
        }
      } else {
        if (!d.phone_enc) return done('skipped', null, 'no mobile number');
        const body = words.sms.replace(`/p/unsubscribe/${SMS_TOKEN_PLACEHOLDER}`, unsubscribeUrl('', this.cipher, d.subscriber_id));
        accepted = await this.sms.send({ contactId, to: this.cipher.open(d.phone_enc), from: this.settings.twilioFrom, body }, { share: PROVIDER_SHARE });
      }
      const transport = d.channel === 'email' ? this.email.name : this.sms.name;
      return done(transport === 'outbox' ? 'delivered' : 'sent', accepted.providerMessageId);
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError('temporary', 'internal', (error as Error).message);
      // The code only: providers' words can quote the address or number, and this column is not sealed.
      if (failure.kind === 'temporary' && d.attempts < MAX_ATTEMPTS) return done('queued', null, failure.code);
      return done('failed', null, failure.code);
    }
  }

  /** Records the outcomes; a delivery report that beat a message id (kept by the status webhook) is applied at once. */
  private async record(outcomes: DeliveryOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const sids = outcomes.flatMap((o) => (o.providerMessageId ? [o.providerMessageId] : []));
    await this.db.transaction(async (db) => {
      await lockDeliveryReports(db, sids);
      await this.repository.recordOutcomes(outcomes, this.clock.now(), db);
      if (sids.length === 0) return;
      // The code only, as for any bulletin failure.
      await this.repository.applyEarlyReports(sids, this.clock.now(), db);
    });
  }

  /** Rendered once per bulletin per instance; only the unsubscribe link differs per recipient. */
  private words(bulletinId: string) {
    let cached = this.rendered.get(bulletinId);
    if (!cached) {
      if (this.rendered.size > 20) this.rendered.clear();
      cached = this.bulletins.renderable(bulletinId).then((b) => {
        const email = this.renderer.email(b);
        const merge = new MailMerge({
          from: this.settings.smtpFrom, subject: email.subject, html: email.html, text: email.text,
          headers: { 'X-Contact-Id': CONTACT_PLACEHOLDER, 'List-Unsubscribe': `<${UNSUBSCRIBE_PLACEHOLDER}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
        return { email, merge, sms: this.renderer.sms(b) };
      });
      cached.catch(() => this.rendered.delete(bulletinId));
      this.rendered.set(bulletinId, cached);
    }
    return cached;
  }
}
