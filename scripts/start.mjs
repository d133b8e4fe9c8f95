// `npm start` and `npm run admin`: build only when the compiled sources changed since the
// last build, then run from dist/. Templates and config/ are read at run time, never built.
//   node scripts/start.mjs [entry in dist/, default main.js] [arguments…]
//   node scripts/start.mjs --build-only
import { execFileSync } from 'node:child_process';
import module from 'node:module';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];

/** The latest modification time under `path` (a file or a folder), in ms. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function buildIfNeeded() {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  if (built && existsSync(join(root, 'dist', 'main.js')) && INPUTS.every((input) => newest(join(root, input)) <= built)) return;
  const started = new Date();
  process.stderr.write('Building (sources changed since the last build)…\n');
  execFileSync(process.execPath, [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'], { cwd: root, stdio: 'inherit' });
  // Stamped with the time the build began: a file saved during the build triggers the next one.
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
}

buildIfNeeded();
// Node 22.1 and later keep compiled code between starts (a no-op on older Node).
module.enableCompileCache?.();
const entry = process.argv[2];
if (entry !== '--build-only') {
  await import(pathToFileURL(join(root, 'dist', entry ?? 'main.js')).href);
}
