import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOptions } from './app.module.js';
import { checkDatabaseReachable, safeLocation } from './database/database.js';
import { EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded-database.js';
import { Readiness } from './health/readiness.js';
import { useContainer } from 'class-validator';
import { PHONE_RULES } from './contact-details/validators.js';
import { ConsoleWeb } from './console/console-web.js';
import { DiscreetCheck } from './discreet/discreet-check.service.js';
import { announce } from './lifecycle/banner.js';
import { portClashMessage } from './http/ports.js';
import { stopGracefully } from './lifecycle/shutdown.js';
import { type FirstRunResult, FirstRunService } from './partnership/first-run.service.js';
import { resolveEncryptionKey } from './privacy/encryption-key.js';
import { loadSettings, Settings } from './settings/settings.js';

export interface RunningService {
  app: INestApplication;
  settings: Settings;
  firstRun: FirstRunResult | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Listen on the configured port; tests use the HTTP server without listening. */
  listen?: boolean;
  schedule?: boolean;
  logStream?: NodeJS.WritableStream;
  twilioHttpClient?: AppOptions['twilioHttpClient'];
  /** Use an embedded database that a running service owns, instead of refusing (the admin command). */
  shared?: boolean;
}

/**
 * Validates configuration, brings up the database (embedded unless DATABASE_URL is set),
 * runs migrations, starts the API and, on first start, prints the admin key.
 */
export async function startService(
  env: Record<string, string | undefined>,
  out: Writable,
  options: StartOptions = {},
): Promise<RunningService> {
  const settings = loadSettings(env);
  // Short, readable logs for a person at a terminal; JSON lines for everything else.
  const terminal = (out as Partial<NodeJS.WriteStream>).isTTY === true && env.NODE_ENV !== 'production' && !options.logStream;
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = settings.databaseUrl;
  let encryptionKey: Buffer;
  if (databaseUrl) {
    await checkDatabaseReachable(databaseUrl);
    encryptionKey = resolveEncryptionKey(settings.dataEncryptionKey, settings.varDir);
  } else {
    const dataDir = join(settings.varDir, 'postgres');
    const keyFile = join(settings.varDir, 'data-encryption.key');
    if (!settings.dataEncryptionKey && existsSync(dataDir) && !existsSync(keyFile)) {
      throw new Error(`${keyFile} is missing: the personal data in ${dataDir} cannot be read without it`);
    }
    encryptionKey = resolveEncryptionKey(settings.dataEncryptionKey, settings.varDir);
    embedded = await startEmbeddedDatabase({ dataDir, port: settings.embeddedDatabasePort, database: 'asb', shared: options.shared });
    databaseUrl = embedded.url;
  }

  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(
      AppModule.register({ settings, databaseUrl, encryptionKey, prettyLogs: terminal, ...options }),
      { bufferLogs: true, abortOnError: false },
    );
    app.useLogger(app.get(Logger));
    // The client address that limits on public routes count by: X-Forwarded-For is believed for this many proxies only.
    app.getHttpAdapter().getInstance().set('trust proxy', settings.trustProxyHops);
    // Validation rules that need the settings (the mode, for phone numbers) are built by Nest.
    // Only the phone rules come from Nest: asking Nest for anything else logs an error line.
    const rules = new Map<unknown, unknown>(PHONE_RULES.map((rule) => [rule, app!.get(rule)]));
    useContainer({ get: <T>(someClass: unknown) => rules.get(someClass) as T }, { fallback: true });
    app.get(ConsoleWeb).mount(app);
    publishApiDocs(app);
    if (options.listen === false) await app.init();
    else await listen(app, settings);

    const firstRun = await app.get(FirstRunService).setUp({ training: settings.mode === 'training' });
    // Refuses to start if any discreet message, for any partner, would give a victim away.
    await app.get(DiscreetCheck).assertSafe();
    app.get(Readiness).ready = true;
    announce(out, settings, firstRun, embedded ? `embedded PostgreSQL in ${join(settings.varDir, 'postgres')}` : safeLocation(databaseUrl), terminal);
    const running = app;
    let stopped: Promise<void> | undefined;
    return {
      app: running,
      settings,
      firstRun,
      stop: () => (stopped ??= stopGracefully(running, async () => embedded?.stop())),
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}

function publishApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('ASB victim contact orchestrator')
    .setDescription('Cases, risk, SLA deadlines and contact with victims of anti-social behaviour')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An officer API key' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs/openapi.json' });
}

/** A port already taken is one clear line that names a free one. */
async function listen(app: INestApplication, settings: Settings): Promise<void> {
  try {
    await app.listen(settings.port, settings.host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(await portClashMessage(settings.port, 'PORT', 'the service', settings.host));
  }
}
