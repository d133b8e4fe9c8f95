// Compiles what tsconfig.bench.json compiles (src/, bench/, test/support/; no specs) into
// dist-bench/ with swc, the compiler Jest runs all the other tests with and with the same
// settings (jest.config.js): about a second, where tsc takes ten, for tests that fork a service
// in its own process (test/support/dispatch-child.ts). No type check: `npm run typecheck` and
// `tsc -p tsconfig.bench.json --noEmit` do that (.ci/run runs both).
// Usage: node test/support/compile-child.mjs
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from '@swc/core';
import { swcOptions } from './swc-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist-bench');
const options = { ...swcOptions, sourceMaps: false, swcrc: false };

async function sources(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

const files = (await Promise.all(['src', 'bench', join('test', 'support')].map((d) => sources(join(root, d))))).flat();
await Promise.all(files.map(async (file) => {
  const { code } = await swc.transformFile(file, options);
  const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, code);
}));
