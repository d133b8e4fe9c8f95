import { DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AgreementsModule } from './contacts/agreements.module.js';
import { AuditModule } from './audit/audit.module.js';
import { BulletinsModule } from './community/bulletins/bulletins.module.js';
import { CaseJourneyModule } from './case-journey/case-journey.module.js';
import { CaseReviewModule } from './case-review/case-review.module.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { AuthRepository } from './auth/auth.repository.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CasesModule } from './cases/cases.module.js';
import { ChannelsModule, type ChannelOptions } from './channels/channels.module.js';
import { NeighbourhoodsModule } from './community/neighbourhoods/neighbourhoods.module.js';
import { SubscribersModule } from './community/subscribers/subscribers.module.js';
import { CourtModule } from './court/court.module.js';
import { DataRightsModule } from './data-rights/data-rights.module.js';
import { ContactLogModule } from './contacts/contact-log.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { InboundSmsModule } from './inbound-sms/inbound-sms.module.js';
import { PHONE_RULES } from './contact-details/validators.js';
import { PreviewsModule } from './previews/previews.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { TrainingController } from './training/training.controller.js';
import { TrainingInboundSmsController } from './training/training-inbound-sms.controller.js';
import { TrainingRepository } from './training/training.repository.js';
import { ConsoleModule } from './console/console.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ClockService } from './clock/clock.service.js';
import { loadTrainingClockOffset } from './clock/training-clock.repository.js';
import { openDatabase, typeOrmOptions } from './database/database.js';
import { HealthController } from './health/health.controller.js';
import { Readiness } from './health/readiness.js';
import { prettyLogStream, quietStartupLines } from './lifecycle/terminal-logs.js';
import { ContentTypeCheck } from './http/content-type.js';
import { ErrorFilter } from './http/error-filter.js';
import { createValidationPipe } from './http/input-pipe.js';
import { loggedPath } from './http/logged-path.js';
import { RequestEdge } from './http/request-edge.js';
import { PartnershipModule } from './partnership/partnership.module.js';
import { PersonalDataCipher } from './privacy/personal-data-cipher.js';
import { PublicLimitsModule } from './public-limits/public-limits.module.js';
import { RiskModule } from './risk/risk.module.js';
import { Settings } from './settings/settings.js';
import { SchedulingModule } from './scheduling/scheduling.module.js';
import { SurveysModule } from './surveys/surveys.module.js';

export interface AppOptions {
  settings: Settings;
  databaseUrl: string;
  encryptionKey: Buffer;
  /** Cron jobs off, for tests that drive jobs themselves. */
  schedule?: boolean;
  /** Where JSON logs go (stdout unless given). */
  logStream?: NodeJS.WritableStream;
  /** Short coloured lines for a person at a terminal instead of JSON. */
  prettyLogs?: boolean;
  /** Tests only: the twilio SDK's HTTP client, pointed at a local Twilio-compatible API. */
  twilioHttpClient?: ChannelOptions['twilioHttpClient'];
}

/** One config, one clock, one cipher, shared by every module. */
@Global()
@Module({})
class CoreModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: Settings, useValue: options.settings },
        { provide: PersonalDataCipher, useValue: new PersonalDataCipher(options.encryptionKey) },
        { provide: 'DISPATCH_OPTIONS', useValue: { enabled: options.schedule !== false, databaseUrl: options.databaseUrl } },
        {
          provide: ClockService,
          // The training clock carries on where it was moved to, across restarts.
          useFactory: async (db: DataSource) => {
            const clock = new ClockService();
            if (options.settings.mode === 'training') clock.restore(await loadTrainingClockOffset(db.manager));
            return clock;
          },
          inject: [DataSource],
        },
        ...PHONE_RULES,
      ],
      exports: [Settings, PersonalDataCipher, ClockService, 'DISPATCH_OPTIONS', ...PHONE_RULES],
    };
  }
}

/** Requests are logged by method, path and status only: no bodies, no query strings, no keys. */
function logOptions(settings: Settings, pretty = false) {
  return {
    level: settings.logLevel,
    ...(pretty ? { hooks: { logMethod: quietStartupLines } } : {}),
    // Health probes come every few seconds and say nothing new (503 while starting or stopping).
    autoLogging: { ignore: (req: { url?: string }) => req.url === '/health' },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: loggedPath(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

@Module({})
export class AppModule implements NestModule {
  /** Every request, public ones included, meets RequestEdge before authentication. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestEdge).forRoutes({ path: '*splat', method: RequestMethod.ALL });
  }

  static register(options: AppOptions): DynamicModule {
    const { settings } = options;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, ignoreEnvVars: true, load: [() => ({ ...settings })] }),
        LoggerModule.forRoot({
          pinoHttp: options.logStream ? [logOptions(settings), options.logStream] : options.prettyLogs ? [logOptions(settings, true), prettyLogStream()] : logOptions(settings),
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => typeOrmOptions(options.databaseUrl),
          dataSourceFactory: (dataSourceOptions) => openDatabase(dataSourceOptions!),
        }),
        // Always there (the Scheduler registers its jobs only when scheduling is on).
        ScheduleModule.forRoot(),
        // Typed events (ContactFailed, RiskLevelChanged): a reaction you can find by the event's class.
        EventEmitterModule.forRoot(),
        TerminusModule,
        CoreModule.register(options),
        CalendarModule.register({
          closeOfBusiness: settings.closeOfBusiness,
          bankHolidays: settings.bankHolidays,
          highRiskWorkingDays: settings.slaHighRiskWorkingDays,
          standardWorkingDays: settings.slaStandardWorkingDays,
        }),
        RiskModule.register(settings.riskQuestionnaireFile),
        AuditModule,
        PartnershipModule,
        CasesModule,
        ContactLogModule,
        PreviewsModule,
        ChannelsModule.register({ twilioHttpClient: options.twilioHttpClient }),
        TasksModule,
        AgreementsModule,
        ContactsModule,
        InboundSmsModule,
        CourtModule,
        SurveysModule,
        CaseJourneyModule,
        CaseReviewModule,
        DataRightsModule,
        NeighbourhoodsModule,
        SubscribersModule,
        BulletinsModule,
        PublicLimitsModule,
        SchedulingModule,
        ReportsModule,
        ConsoleModule,
      ],
      controllers: [HealthController, TrainingController, TrainingInboundSmsController],
      providers: [
        AuthRepository,
        TrainingRepository,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        // The input edge, shared by the service and the tests: see src/http/.
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: ContentTypeCheck },
        { provide: APP_FILTER, useClass: ErrorFilter },
        Readiness,
      ],
    };
  }
}
