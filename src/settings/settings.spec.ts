import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { loadSettings } from './settings.js';

describe('settings', () => {
  it('starts on the embedded defaults in training mode with nothing set', () => {
    const settings = loadSettings({});
    expect(settings).toMatchObject({
      port: 3000,
      mode: 'training',
      databaseUrl: undefined,
      closeOfBusiness: '17:00',
      slaHighRiskWorkingDays: 1,
      slaStandardWorkingDays: 5,
      publicBaseUrl: 'http://localhost:3000',
    });
  });

  it('treats an empty value as "use the default"', () => {
    expect(loadSettings({ PORT: '', MODE: '', CLOSE_OF_BUSINESS: '' })).toEqual(loadSettings({}));
  });

  it('accepts .env.example as it is', () => {
    const example = parseEnv(readFileSync('.env.example', 'utf8'));
    expect(loadSettings(example)).toEqual(loadSettings({}));
  });

  it('documents every variable it reads in .env.example', () => {
    const documented = Object.keys(parseEnv(readFileSync('.env.example', 'utf8'))).sort();
    const read = readFileSync('src/settings/settings.ts', 'utf8').match(/^ {2}([A-Z][A-Z0-9_]+)[?]?[ :=;]/gm)!.map((m) => m.trim().replace(/[?:= ;]+$/, ''));
    expect(documented).toEqual([...new Set(read)].sort());
  });

  it('goes live when a provider is configured, unless told otherwise', () => {
    expect(loadSettings({ SMTP_URL: 'smtp://localhost:2525' }).mode).toBe('live');
    expect(loadSettings({ SMTP_URL: 'smtp://localhost:2525', MODE: 'training' }).mode).toBe('training');
  });

  it.each([
    [{ PORT: '0' }, /^Configuration error: PORT /],
    [{ PORT: '3000x' }, /^Configuration error: PORT /],
    [{ MODE: 'production' }, /^Configuration error: MODE /],
    [{ DATABASE_URL: 'mysql://x' }, /^Configuration error: DATABASE_URL must be a postgres:\/\/ connection URL$/],
    [{ DATA_ENCRYPTION_KEY: 'short' }, /^Configuration error: DATA_ENCRYPTION_KEY must be 32 random bytes/],
    [{ SLA_STANDARD_WORKING_DAYS: 'five' }, /^Configuration error: SLA_STANDARD_WORKING_DAYS /],
    [{ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32) }, /TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together/],
    [{ PUBLIC_BASE_URL: 'not a url' }, /^Configuration error: PUBLIC_BASE_URL /],
    [{ PUBLIC_REQUESTS_PER_ADDRESS_HOUR: '0' }, /^Configuration error: PUBLIC_REQUESTS_PER_ADDRESS_HOUR must not be less than 1$/],
    [{ SUBSCRIBE_SMS_DAILY_CAP: '-1' }, /^Configuration error: SUBSCRIBE_SMS_DAILY_CAP must not be less than 0$/],
    [{ TRUST_PROXY_HOPS: 'all' }, /^Configuration error: TRUST_PROXY_HOPS /],
  ])('refuses %o in one line naming the variable', (env, message) => {
    expect(() => loadSettings(env)).toThrow(message);
  });

  describe('one-off bank holidays (issue 12 item 13)', () => {
    it('reads extra days, with or without a name, and removed days', () => {
      const settings = loadSettings({ EXTRA_BANK_HOLIDAYS: '2026-06-15=Partnership day, 2027-01-04', REMOVED_BANK_HOLIDAYS: '2026-08-31' });
      expect(settings.bankHolidays).toEqual({
        extra: [{ date: '2026-06-15', name: 'Partnership day' }, { date: '2027-01-04', name: 'Extra bank holiday' }],
        removed: ['2026-08-31'],
      });
      expect(loadSettings({}).bankHolidays).toEqual({ extra: [], removed: [] });
    });

    it.each([
      [{ EXTRA_BANK_HOLIDAYS: '2026-02-30' }, 'Configuration error: EXTRA_BANK_HOLIDAYS must be dates as YYYY-MM-DD separated by commas; "2026-02-30" is not one'],
      [{ EXTRA_BANK_HOLIDAYS: '2026-06-15,15/06/2026' }, 'Configuration error: EXTRA_BANK_HOLIDAYS must be dates as YYYY-MM-DD separated by commas; "15/06/2026" is not one'],
      [{ EXTRA_BANK_HOLIDAYS: '2026-06-13' }, 'Configuration error: EXTRA_BANK_HOLIDAYS has 2026-06-13, a weekend day, which is never a working day'],
      [{ REMOVED_BANK_HOLIDAYS: 'tomorrow' }, 'Configuration error: REMOVED_BANK_HOLIDAYS must be dates as YYYY-MM-DD separated by commas; "tomorrow" is not one'],
      [{ REMOVED_BANK_HOLIDAYS: '2026-06-15' }, 'Configuration error: REMOVED_BANK_HOLIDAYS has 2026-06-15, which is not a bank holiday in date-holidays (give dates only)'],
      [{ EXTRA_BANK_HOLIDAYS: '2026-08-31', REMOVED_BANK_HOLIDAYS: '2026-08-31' }, 'Configuration error: 2026-08-31 is in both EXTRA_BANK_HOLIDAYS and REMOVED_BANK_HOLIDAYS'],
    ])('refuses %o in one line naming the variable', (env, message) => {
      expect(() => loadSettings(env)).toThrow(new Error(message));
    });
  });
});
