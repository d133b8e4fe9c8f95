import { DateTime } from 'luxon';
import type { ClockService } from '../clock/clock.service.js';
import type { PostgresThrottlerStorage } from './request-counters.js';

const NAME = 'subscribe-sms-daily-cap';

/**
 * The daily cap on confirmation texts to new subscribers (SUBSCRIBE_SMS_DAILY_CAP), so the
 * public form cannot be used to text any number of phones: a text costs money and reaches
 * someone who may not have asked. The day is London's; counts are shared by every instance.
 */
export class SmsConfirmationCap {
  constructor(
    private readonly storage: PostgresThrottlerStorage,
    private readonly clock: Pick<ClockService, 'now'>,
    private readonly cap: number,
  ) {}

  /** Seconds until the cap lifts (London midnight) if today's texts are used up, else null. Counts nothing. */
  async reached(): Promise<number | null> {
    const { key, secondsLeft } = this.today();
    return (await this.storage.hits(key, NAME)) >= this.cap ? secondsLeft : null;
  }

  /** Counts one confirmation text; false (and nothing to send) once today's are used up. */
  async take(): Promise<boolean> {
    const { key, secondsLeft } = this.today();
    if (this.cap === 0) return false;
    const ms = secondsLeft * 1000;
    return !(await this.storage.increment(key, ms, this.cap, ms, NAME)).isBlocked;
  }

  private today(): { key: string; secondsLeft: number } {
    const now = DateTime.fromJSDate(this.clock.now(), { zone: 'Europe/London' });
    const midnight = now.plus({ days: 1 }).startOf('day');
    return { key: now.toISODate()!, secondsLeft: Math.max(1, Math.ceil(midnight.diff(now).as('seconds'))) };
  }
}
