// `npm start`: the whole product on 127.0.0.1 — the reference API, the dev OAuth provider and the
// demo page — with one command. Builds dist/ first when it is missing or stale. PORT moves it; Ctrl-C stops it.
import { register } from 'tsx/esm/api';
import { ensureDist } from './ensure-dist.mjs';

ensureDist('npm start');

process.env.SERVE_DEMO ??= '1';
// The server is TypeScript run as is (no build step of its own), in this same process so that
// Ctrl-C reaches one process and it closes every port it opened.
register();
await import('../server/main.ts');
