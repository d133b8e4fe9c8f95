import { join } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { readBankHolidayChanges } from '../calendar/bank-holiday-changes.js';
import type { BankHolidayChanges } from '../calendar/working-days.js';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => Number(value);

/** Environment variables the service reads. Every one is documented in `.env.example`. */
class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT = 3000;

  @IsOptional() @IsString()
  HOST = '127.0.0.1';

  @IsOptional() @IsIn(['training', 'live'])
  MODE?: 'training' | 'live';

  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsOptional() @IsString()
  VAR_DIR = 'var';

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_DATABASE_PORT = 54329;

  @IsOptional() @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be 32 random bytes in base64 (openssl rand -base64 32)' })
  DATA_ENCRYPTION_KEY?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL?: string;

  @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time of day as HH:mm, e.g. 17:00' })
  CLOSE_OF_BUSINESS = '17:00';

  /** One-off bank holidays the installed date-holidays does not know: `2022-09-19,2023-05-08=Coronation`. */
  @IsOptional() @IsString()
  EXTRA_BANK_HOLIDAYS = '';

  /** Bank holidays date-holidays lists that are not (a day moved): `2020-05-04`. */
  @IsOptional() @IsString()
  REMOVED_BANK_HOLIDAYS = '';

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(30)
  SLA_HIGH_RISK_WORKING_DAYS = 1;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(30)
  SLA_STANDARD_WORKING_DAYS = 5;

  @IsOptional() @Transform(toInt) @IsInt() @Min(2) @Max(50)
  REPEAT_VICTIM_REPORTS = 3;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(60)
  REPEAT_VICTIM_WINDOW_MONTHS = 12;

  @IsOptional() @IsString()
  RISK_QUESTIONNAIRE_FILE = 'config/risk-questionnaire.json';

  @IsOptional() @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'must be a Twilio Account SID (AC followed by 32 hex digits)' })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional() @IsString()
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional() @Matches(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{3,11}$|^\+[1-9]\d{7,14}$/, {
    message: 'must be an alphanumeric sender ID (3-11 characters) or a number in +44... form',
  })
  TWILIO_FROM = 'CSP';

  @IsOptional() @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional() @IsString()
  SMTP_FROM = 'Community Safety Partnership <no-reply@csp.example>';

  @IsOptional() @IsString()
  SMTP_DISCREET_FROM = 'no-reply@mail.example';

  @IsOptional() @IsString()
  OUTBOX_DIR?: string;

  @IsOptional() @Matches(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{3,11}$|^\+[1-9]\d{7,14}$/, {
    message: 'must be an alphanumeric sender ID (3-11 characters) or a number in +44... form',
  })
  DISCREET_SMS_FROM = 'Info';

  @IsOptional() @IsString()
  DISCREET_SENDER_NAME = 'Customer Services';

  @IsOptional() @Matches(/^[^,]+(,[^,]+){1,6}$/, { message: 'must be 2-7 address lines separated by commas, postcode last' })
  DISCREET_RETURN_ADDRESS = 'PO Box 2140, Northampton, NN1 9ZX';

  @IsOptional() @Matches(/^[^,]+(,[^,]+)*$/, { message: 'must be words or phrases separated by commas' })
  DISCREET_FORBIDDEN_WORDS = 'police,council,housing,anti-social,antisocial,anti social,ASB,case,reference,crime,PC,PCSO,DC,DS,DI,DCI,Sgt,Insp,Ch Insp,Supt,Ch Supt,constable,sergeant,inspector';

  @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time of day as HH:mm, e.g. 15:30' })
  PRINT_BATCH_TIME = '15:30';

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10000)
  TWILIO_MAX_PER_SECOND = 0;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10000)
  SMTP_MAX_PER_SECOND = 0;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64)
  DISPATCH_CONCURRENCY = 8;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(60)
  EVIDENCE_REVIEW_WORKING_DAYS = 10;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(90)
  EVIDENCE_REVIEW_HIGH_RISK_DAYS = 14;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(365)
  MID_CASE_SURVEY_DAYS = 28;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(180)
  SURVEY_EXPIRY_DAYS = 30;

  /**
   * The feedback line surveys give for answering by phone: not the officer being rated. Unset, the
   * lead organisation's main number is given instead (never the SPOC's).
   */
  @IsOptional() @IsString() @Matches(/^\+?[\d ()]{7,20}$/, { message: 'SURVEY_FEEDBACK_PHONE must be a phone number, e.g. 01632 960998' })
  SURVEY_FEEDBACK_PHONE?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(20)
  CASE_REVIEW_COMPLAINTS = 3;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(20)
  CASE_REVIEW_HATE_COMPLAINTS = 1;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(24)
  CASE_REVIEW_WINDOW_MONTHS = 6;

  @IsOptional() @IsString()
  CASE_REVIEW_CONTACT_NAME = 'the ASB Case Review coordinator';

  @IsOptional() @IsString()
  CASE_REVIEW_PHONE = '01632 960999';

  @IsOptional() @IsString()
  CASE_REVIEW_EMAIL = 'asb.casereview@csp.example';

  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  CASE_REVIEW_URL?: string;

  @IsOptional() @IsString()
  CASE_REVIEW_HOW_TO_ASK = 'Call or email the ASB Case Review coordinator. Tell them your name, how to contact you, and the reference numbers of your reports if you have them.';

  /** Working days from receiving an ASB Case Review request to telling the victim the threshold decision. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(60)
  CASE_REVIEW_DECISION_WORKING_DAYS = 5;

  /** A case closed within this many months may be reopened; after that a new case is logged, linked to it. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(72)
  CASE_REOPEN_WINDOW_MONTHS = 12;

  @IsOptional() @IsEmail()
  WITNESS_SERVICE_EMAIL = 'referrals@witness-service.example';

  @IsOptional() @IsString()
  WITNESS_SERVICE_PHONE = '0300 332 1000';

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  RETENTION_CLOSED_CASE_YEARS = 6;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  RETENTION_MESSAGE_BODY_YEARS = 2;

  /** Requests per hour from one client address to all public pages (`/p/…`) together. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  PUBLIC_REQUESTS_PER_ADDRESS_HOUR = 300;

  /** Subscription requests (`POST /p/subscribe`) per hour from one client address. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  SUBSCRIBE_PER_ADDRESS_HOUR = 10;

  /** Subscription requests per hour from everyone together. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  SUBSCRIBE_PER_HOUR = 300;

  /** Confirmation texts to new subscribers per day (London); beyond it residents confirm by email. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000)
  SUBSCRIBE_SMS_DAILY_CAP = 200;

  /** Proxies in front of the service whose X-Forwarded-For is believed (Express `trust proxy`); 0 for none. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10)
  TRUST_PROXY_HOPS = 0;
}

export type Mode = 'training' | 'live';

/** The validated configuration, injected wherever a setting is needed (one config). */
export class Settings {
  port!: number;
  host!: string;
  mode!: Mode;
  databaseUrl?: string;
  varDir!: string;
  embeddedDatabasePort!: number;
  dataEncryptionKey?: string;
  logLevel!: string;
  publicBaseUrl!: string;
  closeOfBusiness!: string;
  /** Changes to date-holidays' bank holidays for England and Wales, applied to every working-day count. */
  bankHolidays!: BankHolidayChanges;
  slaHighRiskWorkingDays!: number;
  slaStandardWorkingDays!: number;
  repeatVictimReports!: number;
  repeatVictimWindowMonths!: number;
  riskQuestionnaireFile!: string;
  twilio?: { accountSid: string; authToken: string };
  twilioFrom!: string;
  smtpUrl?: string;
  smtpFrom!: string;
  smtpDiscreetFrom!: string;
  /** What discreet messages may show of their sender, and the words they must never contain. */
  discreet!: { smsFrom: string; senderName: string; returnAddress: string[]; forbiddenWords: string[] };
  outboxDir!: string;
  printBatchTime!: string;
  twilioMaxPerSecond!: number;
  smtpMaxPerSecond!: number;
  dispatchConcurrency!: number;
  /** Evidence reviews: every N working days, or every N calendar days for high-risk cases. */
  evidenceReview!: { workingDays: number; highRiskDays: number };
  midCaseSurveyDays!: number;
  surveyExpiryDays!: number;
  /** SURVEY_FEEDBACK_PHONE: the independent number surveys give, if set. */
  surveyFeedbackPhone?: string;
  caseReview!: {
    complaints: number;
    hateComplaints: number;
    windowMonths: number;
    contactName: string;
    phone: string;
    email: string;
    url?: string;
    howToAsk: string;
    decisionWorkingDays: number;
  };
  reopenWindowMonths!: number;
  witnessService!: { email: string; phone: string };
  retention!: { closedCaseYears: number; messageBodyYears: number };
  /** Limits on the public pages (`/p/…`); counts are kept in the database, shared by every instance. */
  publicLimits!: { perAddressHour: number; subscribePerAddressHour: number; subscribePerHour: number; subscribeSmsDailyCap: number };
  /** Express `trust proxy`: how many proxies' X-Forwarded-For entries to believe (0: none). */
  trustProxyHops!: number;
}

export class SettingsError extends Error {}

/** Validates the environment; the first problem is reported as one line naming the variable. */
export function loadSettings(env: Record<string, string | undefined>): Settings {
  const vars = plainToInstance(EnvironmentVariables, stripUnknown(env));
  const errors = validateSync(vars, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const first = errors[0];
    const rule = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new SettingsError(`Configuration error: ${first.property} ${rule.replace(`${first.property} `, '')}`);
  }
  if (Boolean(vars.TWILIO_ACCOUNT_SID) !== Boolean(vars.TWILIO_AUTH_TOKEN)) {
    throw new SettingsError('Configuration error: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together');
  }
  if (vars.DATABASE_URL && !vars.DATA_ENCRYPTION_KEY) {
    throw new SettingsError(
      'Configuration error: DATA_ENCRYPTION_KEY must be set when DATABASE_URL is set (openssl rand -base64 32)',
    );
  }
  let bankHolidays: BankHolidayChanges;
  try {
    bankHolidays = readBankHolidayChanges(vars.EXTRA_BANK_HOLIDAYS, vars.REMOVED_BANK_HOLIDAYS);
  } catch (error) {
    throw new SettingsError(`Configuration error: ${(error as Error).message}`);
  }
  const hasProviders = Boolean(vars.TWILIO_ACCOUNT_SID || vars.SMTP_URL);
  return Object.assign(new Settings(), {
    port: vars.PORT,
    host: vars.HOST,
    mode: vars.MODE ?? (hasProviders ? 'live' : 'training'),
    databaseUrl: vars.DATABASE_URL,
    varDir: vars.VAR_DIR,
    embeddedDatabasePort: vars.EMBEDDED_DATABASE_PORT,
    dataEncryptionKey: vars.DATA_ENCRYPTION_KEY,
    logLevel: vars.LOG_LEVEL,
    publicBaseUrl: (vars.PUBLIC_BASE_URL ?? `http://localhost:${vars.PORT}`).replace(/\/$/, ''),
    closeOfBusiness: vars.CLOSE_OF_BUSINESS,
    bankHolidays,
    slaHighRiskWorkingDays: vars.SLA_HIGH_RISK_WORKING_DAYS,
    slaStandardWorkingDays: vars.SLA_STANDARD_WORKING_DAYS,
    repeatVictimReports: vars.REPEAT_VICTIM_REPORTS,
    repeatVictimWindowMonths: vars.REPEAT_VICTIM_WINDOW_MONTHS,
    riskQuestionnaireFile: vars.RISK_QUESTIONNAIRE_FILE,
    twilio: vars.TWILIO_ACCOUNT_SID ? { accountSid: vars.TWILIO_ACCOUNT_SID, authToken: vars.TWILIO_AUTH_TOKEN! } : undefined,
    twilioFrom: vars.TWILIO_FROM,
    smtpUrl: vars.SMTP_URL,
    smtpFrom: vars.SMTP_FROM,
    smtpDiscreetFrom: vars.SMTP_DISCREET_FROM,
    discreet: {
      smsFrom: vars.DISCREET_SMS_FROM,
      senderName: vars.DISCREET_SENDER_NAME.trim(),
      returnAddress: commaList(vars.DISCREET_RETURN_ADDRESS),
      forbiddenWords: commaList(vars.DISCREET_FORBIDDEN_WORDS),
    },
    outboxDir: vars.OUTBOX_DIR ?? join(vars.VAR_DIR, 'outbox'),
    printBatchTime: vars.PRINT_BATCH_TIME,
    twilioMaxPerSecond: vars.TWILIO_MAX_PER_SECOND,
    smtpMaxPerSecond: vars.SMTP_MAX_PER_SECOND,
    dispatchConcurrency: vars.DISPATCH_CONCURRENCY,
    evidenceReview: { workingDays: vars.EVIDENCE_REVIEW_WORKING_DAYS, highRiskDays: vars.EVIDENCE_REVIEW_HIGH_RISK_DAYS },
    midCaseSurveyDays: vars.MID_CASE_SURVEY_DAYS,
    surveyExpiryDays: vars.SURVEY_EXPIRY_DAYS,
    surveyFeedbackPhone: vars.SURVEY_FEEDBACK_PHONE?.trim() || undefined,
    caseReview: {
      complaints: vars.CASE_REVIEW_COMPLAINTS,
      hateComplaints: vars.CASE_REVIEW_HATE_COMPLAINTS,
      windowMonths: vars.CASE_REVIEW_WINDOW_MONTHS,
      contactName: vars.CASE_REVIEW_CONTACT_NAME,
      phone: vars.CASE_REVIEW_PHONE,
      email: vars.CASE_REVIEW_EMAIL,
      url: vars.CASE_REVIEW_URL,
      howToAsk: vars.CASE_REVIEW_HOW_TO_ASK,
      decisionWorkingDays: vars.CASE_REVIEW_DECISION_WORKING_DAYS,
    },
    reopenWindowMonths: vars.CASE_REOPEN_WINDOW_MONTHS,
    witnessService: { email: vars.WITNESS_SERVICE_EMAIL, phone: vars.WITNESS_SERVICE_PHONE },
    retention: { closedCaseYears: vars.RETENTION_CLOSED_CASE_YEARS, messageBodyYears: vars.RETENTION_MESSAGE_BODY_YEARS },
    publicLimits: {
      perAddressHour: vars.PUBLIC_REQUESTS_PER_ADDRESS_HOUR,
      subscribePerAddressHour: vars.SUBSCRIBE_PER_ADDRESS_HOUR,
      subscribePerHour: vars.SUBSCRIBE_PER_HOUR,
      subscribeSmsDailyCap: vars.SUBSCRIBE_SMS_DAILY_CAP,
    },
    trustProxyHops: vars.TRUST_PROXY_HOPS,
  });
}

const KNOWN = new Set(Object.keys(new EnvironmentVariables()).concat(['MODE', 'DATABASE_URL', 'PUBLIC_BASE_URL', 'DATA_ENCRYPTION_KEY', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'SMTP_URL', 'OUTBOX_DIR', 'CASE_REVIEW_URL', 'SURVEY_FEEDBACK_PHONE']));

const commaList = (value: string): string[] => value.split(',').map((part) => part.trim()).filter(Boolean);

/** Only our variables; an empty value (`PORT=` in .env) means "use the default". */
function stripUnknown(env: Record<string, string | undefined>): Record<string, string> {
  const known: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (KNOWN.has(name) && value) known[name] = value;
  return known;
}
