import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { getStorageToken, ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { ClockService } from '../clock/clock.service.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { isPublicRoute, isSubscribeRoute, LIMITS, PublicLimitsGuard } from './public-limits.guard.js';
import { PostgresThrottlerStorage } from './request-counters.js';
import { SmsConfirmationCap } from './sms-confirmation-cap.js';
import { TooManyRequestsFilter } from './too-many-requests.filter.js';

const HOUR_MS = 60 * 60_000;

/**
 * Limits on the public routes (`/p/…`), with @nestjs/throttler and counts in PostgreSQL:
 * - every public route: PUBLIC_REQUESTS_PER_ADDRESS_HOUR per client address;
 * - `POST /p/subscribe`: SUBSCRIBE_PER_ADDRESS_HOUR per client address and SUBSCRIBE_PER_HOUR
 *   from everyone, since each can send a text or an email to any number or address;
 * - confirmation texts: SUBSCRIBE_SMS_DAILY_CAP a day, then residents confirm by email.
 * The client address is Express's `req.ip` (TRUST_PROXY_HOPS sets how many proxies are
 * believed); IPv6 addresses count by /64, as the library does. Counters are keyed by a keyed
 * hash of the address, never the address, and deleted once expired (a job in src/scheduling/schedule.ts).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [Settings, PersonalDataCipher, DataSource, ClockService],
      useFactory: (settings: Settings, cipher: PersonalDataCipher, db: DataSource, clock: ClockService) => ({
        storage: new PostgresThrottlerStorage(db, clock),
        setHeaders: false, // Retry-After is set with the 429; no X-RateLimit headers
        generateKey: (_context, tracker, name) => (name === LIMITS.subscribeOverall ? 'everyone' : cipher.matchHash(`client:${tracker}`)),
        throttlers: [
          { name: LIMITS.publicPerAddress, limit: settings.publicLimits.perAddressHour, ttl: HOUR_MS, skipIf: (context) => !isPublicRoute(context) },
          { name: LIMITS.subscribePerAddress, limit: settings.publicLimits.subscribePerAddressHour, ttl: HOUR_MS, skipIf: (context) => !isSubscribeRoute(context) },
          { name: LIMITS.subscribeOverall, limit: settings.publicLimits.subscribePerHour, ttl: HOUR_MS, skipIf: (context) => !isSubscribeRoute(context) },
        ],
      }),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: PublicLimitsGuard },
    { provide: APP_FILTER, useClass: TooManyRequestsFilter },
    {
      provide: SmsConfirmationCap,
      inject: [getStorageToken(), ClockService, Settings],
      useFactory: (storage: PostgresThrottlerStorage, clock: ClockService, settings: Settings) => new SmsConfirmationCap(storage, clock, settings.publicLimits.subscribeSmsDailyCap),
    },
  ],
  // The throttler's storage (the request counters) goes with it, for the job that deletes expired ones.
  exports: [SmsConfirmationCap, ThrottlerModule],
})
export class PublicLimitsModule {}
