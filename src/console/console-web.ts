import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnModuleDestroy, type INestApplication } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import connectPgSimple from 'connect-pg-simple';
import { csrfSync } from 'csrf-sync';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import pg from 'pg';
import { InputError } from '../http/input-error.js';
import { findUnsafeValue } from '../http/request-values.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { GOVUK_DIR, isConsolePath, MOJ_DIR, PROJECT_ROOT, VIEWS_DIR } from './console-paths.js';
import { errorPage, loadCaller, requireSignIn } from './console-gate.js';
import { registerPages } from './pages/register.js';
import { csvUpload } from './comms/csv-upload.js';
import { createViews } from './views.js';

/** Minutes without a request after which an officer must sign in again. */
export const IDLE_TIMEOUT_MINUTES = 30;

/**
 * The case officer's console, served by the same service: Nunjucks pages with GOV.UK Frontend
 * and MoJ Frontend, sessions in PostgreSQL, CSRF tokens on every form and a Content-Security-
 * Policy. Only console paths get these; /v1 (API keys), /docs and the public pages are untouched.
 */
@Injectable()
export class ConsoleWeb implements OnModuleDestroy {
  private readonly logger = new Logger('Console');
  private pool?: pg.Pool;
  private store?: { close(): void };

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(Settings) private readonly settings: Settings,
    private readonly cipher: PersonalDataCipher,
    @Inject('DISPATCH_OPTIONS') private readonly options: { databaseUrl: string },
  ) {}

  /** Adds the console to the HTTP server; call before the app initialises its own routes. */
  mount(app: INestApplication): void {
    this.pool = new pg.Pool({ connectionString: this.options.databaseUrl, max: 4, application_name: 'asb-console-sessions' });
    // An idle connection the server closed (a restart, a failover) is dropped by the pool; the next request opens another.
    this.pool.on('error', (error) => this.logger.warn({ code: (error as { code?: string }).code }, 'A console session connection was closed'));
    const PgStore = connectPgSimple(session);
    const store = new PgStore({ pool: this.pool, tableName: 'console_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
    this.store = store;
    const { csrfSynchronisedProtection, generateToken } = csrfSync({
      getTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined),
    });
    const views = createViews();
    const chain = [
      (_req: Request, res: Response, next: NextFunction) => {
        res.locals.cspNonce = randomBytes(16).toString('base64');
        next();
      },
      helmet({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            fontSrc: ["'self'"],
            connectSrc: ["'self'"],
            objectSrc: ["'none'"],
            frameSrc: ["'self'"],
            frameAncestors: ["'none'"],
            formAction: ["'self'"],
            baseUri: ["'self'"],
          },
        },
        strictTransportSecurity: false, // set by the TLS front end, which knows its own domain
      }),
      (_req: Request, res: Response, next: NextFunction) => {
        res.setHeader('Cache-Control', 'no-store'); // pages hold victim data: never kept by the browser
        next();
      },
      express.urlencoded({ extended: false, limit: '200kb' }),
      // The API's input edge, for forms and queries too: no NUL, lone surrogate or prototype key reaches a page.
      (req: Request, _res: Response, next: NextFunction) => {
        const problem = findUnsafeValue(req.body, 'the form', true) ?? findUnsafeValue(req.query, 'the query string', true);
        next(problem ? new InputError([problem]) : undefined);
      },
      session({
        name: 'asb.console',
        store,
        secret: this.cipher.matchHash('console-session-secret'),
        resave: false,
        saveUninitialized: false,
        rolling: true,
        proxy: true, // "Secure" when a TLS front end says X-Forwarded-Proto: https
        cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: IDLE_TIMEOUT_MINUTES * 60_000, path: '/' },
      }),
      loadCaller(this.moduleRef),
      requireSignIn(this.moduleRef),
      csvUpload, // the comms CSV import form (multipart), read before its CSRF token is checked
      (req: Request, res: Response, next: NextFunction) => {
        res.locals.csrfToken = generateToken(req);
        next();
      },
      csrfSynchronisedProtection,
    ] as RequestHandler[];

    const router = express.Router();
    const asset = (path: string, file: string) => router.get(path, (_req, res) => res.sendFile(file, { maxAge: '1h' }));
    asset('/assets/govuk-frontend.min.css', join(GOVUK_DIR, 'govuk', 'govuk-frontend.min.css'));
    asset('/assets/govuk-frontend.min.js', join(GOVUK_DIR, 'govuk', 'govuk-frontend.min.js'));
    asset('/assets/moj-frontend.min.css', join(MOJ_DIR, 'moj', 'moj-frontend.min.css'));
    asset('/assets/moj-frontend.min.js', join(MOJ_DIR, 'moj', 'moj-frontend.min.js'));
    asset('/assets/console.css', join(VIEWS_DIR, 'assets', 'console.css'));
    asset('/assets/console.js', join(VIEWS_DIR, 'assets', 'console.js'));
    asset('/assets/chart.umd.min.js', join(PROJECT_ROOT, 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'));
    asset('/assets/dashboard.js', join(VIEWS_DIR, 'assets', 'dashboard.js'));
    asset('/assets/comms.js', join(VIEWS_DIR, 'assets', 'comms.js'));
    asset('/assets/comms.css', join(VIEWS_DIR, 'assets', 'comms.css'));
    router.use('/assets', express.static(join(GOVUK_DIR, 'govuk', 'assets'), { maxAge: '1h', index: false }));
    router.use('/assets', express.static(join(MOJ_DIR, 'moj', 'assets'), { maxAge: '1h', index: false }));

    const pages = express.Router();
    pages.use(chain);
    registerPages(pages, { views, moduleRef: this.moduleRef, settings: this.settings });
    pages.use(errorPage(views, this.logger));
    router.use((req, res, next) => (isConsolePath(req.path) ? pages(req, res, next) : next()));
    app.use(router);
  }

  async onModuleDestroy(): Promise<void> {
    this.store?.close(); // stops pruning expired sessions
    await this.pool?.end().catch(() => undefined);
  }
}
