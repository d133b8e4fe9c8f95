import type { Writable } from 'node:stream';
import type { FirstRunResult } from '../partnership/first-run.service.js';
import type { Settings } from '../settings/settings.js';

/**
 * What an operator needs after start-up: where the service, console and docs are, the mode,
 * the database, and the keys (shown once, on the first start). On a terminal it is framed
 * and bold so it stands out from the log lines; otherwise plain lines.
 */
export function announce(out: Writable, settings: Settings, firstRun: FirstRunResult | null, database: string, terminal: boolean): void {
  const base = settings.publicBaseUrl;
  const lines = [
    `ASB contact orchestrator: ${settings.mode} mode, database ${database}`,
    `Service: ${base}`,
    `Console: ${base}/`,
    `API docs: ${base}/docs`,
  ];
  if (firstRun) {
    lines.push('Keys: printed below, this once. A new admin key later: npm run admin -- new-key');
    lines.push(`Admin API key (shown once, store it safely): ${firstRun.adminKey}`);
    for (const officer of firstRun.demoOfficers) {
      lines.push(`Training officer key: ${officer.organisation} ${officer.role} ${officer.name}: ${officer.apiKey}`);
    }
  } else {
    const training = settings.mode === 'training' ? '; training keys: npm run admin -- training-keys' : '';
    lines.push(`Keys: shown at the first start only. A new admin key: npm run admin -- new-key${training}`);
  }
  if (!terminal) {
    out.write(lines.join('\n') + '\n');
    return;
  }
  const rule = '─'.repeat(Math.min(100, Math.max(...lines.map((line) => line.length)) + 2));
  const [title, ...rest] = lines;
  out.write(['', rule, ` \x1b[1m${title}\x1b[0m`, ...rest.map((line) => ` ${line}`), rule, ''].join('\n') + '\n');
}
