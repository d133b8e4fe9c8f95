import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { startService } from '../service.js';
import { AdminKeys } from './admin-keys.js';

/**
 * npm run admin -- new-key         a new administrator key, printed once (audited)
 * npm run admin -- training-keys   training mode: fresh keys for every training person
 * npm run admin -- password-link EMAIL   a one-time link (24 hours) for that officer to set their console password
 *
 * Works on the configured database: DATABASE_URL, or the embedded one (also while the
 * service is running).
 */
const USAGE = 'Usage: npm run admin -- new-key | training-keys | password-link EMAIL';

if (existsSync('.env')) process.loadEnvFile('.env');
const script = process.argv.findIndex((arg) => arg.endsWith('cli.js'));
const command = process.argv[script + 1];

async function main(): Promise<void> {
  if (command !== 'new-key' && command !== 'training-keys' && command !== 'password-link') throw new Error(USAGE);
  const email = process.argv[script + 2];
  if (command === 'password-link' && !email) throw new Error(USAGE);
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const service = await startService({ ...process.env, LOG_LEVEL: 'silent' }, quiet, { listen: false, schedule: false, shared: true });
  try {
    const keys = new AdminKeys(service.app);
    if (command === 'password-link') {
      const link = await keys.passwordLink(email);
      process.stdout.write(`One-time link for ${email} to set a console password (until ${link.expiresAt.toISOString()}): ${link.url}\n`);
    } else if (command === 'new-key') {
      const issued = await keys.newAdminKey();
      process.stdout.write(`Admin API key for ${issued.name} (shown once, store it safely): ${issued.apiKey}\n`);
    } else {
      if (service.settings.mode !== 'training') throw new Error('training-keys is for training mode only (MODE=training)');
      for (const issued of await keys.newTrainingKeys()) {
        process.stdout.write(`Training officer key: ${issued.organisation} ${issued.role} ${issued.name}: ${issued.apiKey}\n`);
      }
      process.stdout.write('Earlier training keys no longer work.\n');
    }
  } finally {
    await service.stop();
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
