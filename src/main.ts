import { existsSync } from 'node:fs';
import { startService } from './service.js';

if (existsSync('.env')) process.loadEnvFile('.env');

try {
  await startService(process.env, process.stdout);
} catch (error) {
  // One clear line, no stack: configuration and database problems are for an operator to fix.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
