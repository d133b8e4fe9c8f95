import { existsSync } from 'node:fs';
import { stopOnSignals } from './lifecycle/shutdown.js';
import { startService } from './service.js';

if (existsSync('.env')) process.loadEnvFile('.env');

/** One clear line, no stack: configuration and database problems are for an operator to fix. */
function fail(error: unknown): void {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
}

try {
  const service = await startService(process.env, process.stdout);
  stopOnSignals(() => service.stop(), fail);
} catch (error) {
  fail(error);
  process.exit(1);
}
