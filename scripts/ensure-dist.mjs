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

/**
 * The files the script tag loads from beside itself, named `mwap-integrations.<name>.<hash>.js`
 * (build/loader-chunks.ts): one of each must be there.
 */
const onDemand = ['integration-details', 'integration-wizard', 'provider-selector', 'oauth-button', 'charts', 'de'];

/** dist/ paths of the on-demand files that are there, and the names of those that are not. */
function onDemandFiles() {
  const files = existsSync(join(root, 'dist')) ? readdirSync(join(root, 'dist')) : [];
  const found = onDemand.map((name) => [name, files.find((file) => new RegExp(`^mwap-integrations\\.${name}\\.[\\w-]+\\.js$`).test(file))]);
  return {
    present: found.filter(([, file]) => file).map(([, file]) => `dist/${file}`),
    missing: found.filter(([, file]) => !file).map(([name]) => `dist/mwap-integrations.${name}.<hash>.js`),
  };
}

/** Why dist/ must be (re)built, or undefined when it is current. */
export function staleReason() {
  const files = onDemandFiles();
  const missing = [...needed.filter((file) => !existsSync(join(root, file))), ...files.missing];
  if (missing.length > 0) return `dist/ is missing ${missing.join(', ')}`;
  const built = Math.min(...[...needed, ...files.present].map((file) => statSync(join(root, file)).mtimeMs));
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
