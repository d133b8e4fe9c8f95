import nunjucks from 'nunjucks';
import { DateTime } from 'luxon';
import { GOVUK_DIR, MOJ_DIR, VIEWS_DIR } from './console-paths.js';

const LONDON = 'Europe/London';

/** The console's Nunjucks: our views, then GOV.UK Frontend's and MoJ Frontend's macros. Autoescaped. */
export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIR, MOJ_DIR], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('dateTime', (value: Date | string | null) => (value ? DateTime.fromJSDate(new Date(value)).setZone(LONDON).toFormat("d LLL yyyy, HH:mm") : ''));
  env.addFilter('date', (value: Date | string | null) => (value ? DateTime.fromJSDate(new Date(value)).setZone(LONDON).toFormat('d LLLL yyyy') : ''));
  env.addFilter('words', (value: string | null) => (value ? value.replace(/_/g, ' ') : ''));
  env.addFilter('capitalise', (value: string | null) => (value ? value.charAt(0).toUpperCase() + value.slice(1) : ''));
  return env;
}
