// `npm start`: the whole product on 127.0.0.1 — the reference API, the dev OAuth provider and the
// demo page — with one command. Builds dist/ first when it is missing. PORT moves it; Ctrl-C stops it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { register } from 'tsx/esm/api';

const root = resolve(import.meta.dirname, '..');
const needed = ['dist/mwap-integrations.iife.js', 'dist/oauth-callback.html'];

if (needed.some((file) => !existsSync(join(root, file)))) {
  console.log('dist/ is missing or incomplete: running `npm run build` first…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The build failed; fix it and run `npm start` again.');
    process.exit(build.status ?? 1);
  }
}

process.env.SERVE_DEMO ??= '1';
// The server is TypeScript run as is (no build step of its own), in this same process so that
// Ctrl-C reaches one process and it closes every port it opened.
register();
await import('../server/main.ts');
