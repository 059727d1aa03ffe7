// Runs `npm run build` when dist/ is missing, incomplete, or older than the sources it is built
// from, so `npm start` and `npm test` work on a fresh clone and never run against a stale build.
// `node scripts/ensure-dist.mjs` does it from the command line (npm test runs it first).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const needed = [
  'dist/mwap-integrations.iife.js',
  // The files the script tag loads from beside itself (build/script-files.ts).
  'dist/mwap-integrations.charts.js',
  'dist/mwap-integrations.de.js',
  'dist/oauth-callback.html',
  'dist/oauth-callback.js',
  'dist/custom-elements.json',
  'dist/index.js',
];
const inputs = [
  'src',
  'build',
  'oauth-callback.html',
  'vite.config.ts',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
  'custom-elements-manifest.config.mjs',
];

/** The newest modification time at or under `path` (0 when it does not exist). */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Why dist/ must be (re)built, or undefined when it is current. */
export function staleReason() {
  const missing = needed.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) return `dist/ is missing ${missing.join(', ')}`;
  const built = Math.min(...needed.map((file) => statSync(join(root, file)).mtimeMs));
  const changed = inputs.find((input) => newest(join(root, input)) > built);
  return changed ? `${changed} changed since dist/ was built` : undefined;
}

export function ensureDist(command) {
  const reason = staleReason();
  if (!reason) return;
  console.log(`${reason}: running \`npm run build\` first…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(`The build failed; fix it and run \`${command}\` again.`);
    process.exit(build.status ?? 1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureDist('npm test');
