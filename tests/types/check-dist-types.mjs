// The same host check as host.ts, but against the declarations the package ships (dist/types),
// as a host's compiler sees them after `npm install`. Run after `npm run build`.
//   node tests/types/check-dist-types.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const types = join(root, 'dist/types');
if (!existsSync(join(types, 'index.d.ts'))) {
  console.error('dist/types is missing: run `npm run build` first.');
  process.exit(1);
}
// Inside node_modules so that `lit`, `react` … resolve as they would for a host.
const work = join(root, 'node_modules/.cache/mwap-dist-types-check');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
// The package as a host installs it: imported by name, so package.json's exports map (and each
// entry's "types") is what resolves, not a path into dist/.
mkdirSync(join(work, 'node_modules/@mwap'), { recursive: true });
symlinkSync(root, join(work, 'node_modules/@mwap/integrations'), 'dir');
const host = readFileSync(join(import.meta.dirname, 'host.ts'), 'utf8')
  .replaceAll("'../../src/index.js'", "'@mwap/integrations'")
  .replaceAll("'../../src/react/index.js'", "'@mwap/integrations/react'");
if (host.includes("'../../src/")) throw new Error('host.ts imports a module this check does not map to a package entry.');
writeFileSync(join(work, 'host.ts'), host);
const config = JSON.parse(readFileSync(join(import.meta.dirname, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
// Our shipped declarations are checked too (the tests' own tsconfig skips library files).
config.compilerOptions.skipLibCheck = false;
writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(config, null, 2));
let failed = false;
try {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', work], { stdio: 'inherit' });
  console.log('dist/types: HTMLElementTagNameMap, event maps and React wrapper types check out.');
} catch {
  failed = true;
} finally {
  // The link points back at the package root: leave nothing that walks of node_modules could loop on.
  rmSync(work, { recursive: true, force: true });
}
if (failed) process.exit(1);
