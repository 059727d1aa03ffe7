// The same host check as host.ts, but against the declarations the package ships (dist/types),
// as a host's compiler sees them after `npm install`. Run after `npm run build`.
//   node tests/types/check-dist-types.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const host = readFileSync(join(import.meta.dirname, 'host.ts'), 'utf8').replaceAll("'../../src/", `'${types}/`);
writeFileSync(join(work, 'host.ts'), host);
const config = JSON.parse(readFileSync(join(import.meta.dirname, 'tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
writeFileSync(join(work, 'tsconfig.json'), JSON.stringify(config, null, 2));
try {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', work], { stdio: 'inherit' });
  console.log('dist/types: HTMLElementTagNameMap, event maps and React wrapper types check out.');
} catch {
  process.exit(1);
}
