// Lifecycle benchmark: two server processes on one PostgreSQL refresh 1,000 integrations whose tokens
// expire over two minutes, with no browser anywhere. Counts, per integration (one refresh window
// each), how many tokens were refreshed once, twice or missed (expired before a refresh was stored),
// and how often a refresh token was presented to the provider twice. Then the same with one of the
// processes killed (SIGKILL) mid-run.
//
//   npm run bench -- lifecycle                       # 1,000 integrations, both runs
//   node --import tsx bench/refresh-lifecycle.mjs --integrations 200 --spread 60
//
// PostgreSQL: a throwaway cluster from scripts/throwaway-postgres.sh (or DATABASE_URL, whose role
// may create databases). The provider is a small OAuth token endpoint in this process that rotates
// refresh tokens and counts every use; like the dev provider (DEV_REFRESH_TOKEN_REUSE_SECONDS) it
// accepts a rotated-away token again for `--reuse-seconds` (0 = strict), so a process killed after
// the provider answered but before it stored the answer does not break the integration.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TokenCipher, parseKey } from '../server/crypto.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'lifecycle'),
  options: {
    integrations: { type: 'string', default: '1000' },
    // Expiries spread over this many seconds.
    spread: { type: 'string', default: '120' },
    'reuse-seconds': { type: 'string', default: '120' },
    'kill-after': { type: 'string', default: '60' },
  },
});
const COUNT = Number(args.integrations);
const SPREAD_S = Number(args.spread);
const REUSE_S = Number(args['reuse-seconds']);
const KILL_AFTER_S = Number(args['kill-after']);
const LIFETIME_S = 120; // the seeded tokens' lifetime: due 30 s before expiry (the last quarter)
const FIRST_EXPIRY_S = 40;

// ---------------------------------------------------------------------------------------------
// The provider: discovery + a rotating refresh_token grant that counts every use.

function startProvider() {
  /** refresh token → { integration, spentAt } */
  const tokens = new Map();
  const stats = { issued: new Map(), reused: new Map(), refused: 0 };
  const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
  const http = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const json = (status, body) =>
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/me`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (url.pathname !== '/token' || req.method !== 'POST') return json(404, { error: 'not_found' });
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const presented = form.get('refresh_token');
      const known = presented ? tokens.get(presented) : undefined;
      if (form.get('grant_type') !== 'refresh_token' || !known) {
        stats.refused += 1;
        return json(400, { error: 'invalid_grant', error_description: 'refresh token not found' });
      }
      if (known.spentAt !== null) {
        bump(stats.reused, known.integration);
        if (Date.now() - known.spentAt > REUSE_S * 1000) {
          stats.refused += 1;
          return json(400, { error: 'invalid_grant', error_description: 'refresh token already used' });
        }
      } else known.spentAt = Date.now();
      bump(stats.issued, known.integration);
      const next = `rt_${randomBytes(16).toString('hex')}`;
      tokens.set(next, { integration: known.integration, spentAt: null });
      json(200, {
        access_token: `at_${randomBytes(16).toString('hex')}`,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: next,
        scope: 'openid offline_access storage.read',
      });
    });
  });
  let issuer;
  return new Promise((resolveStarted) =>
    http.listen(0, '127.0.0.1', () => {
      issuer = `http://127.0.0.1:${http.address().port}`;
      resolveStarted({
        issuer,
        stats,
        /** A refresh token the provider knows, for a seeded integration. */
        mint(integration) {
          const token = `rt_${randomBytes(16).toString('hex')}`;
          tokens.set(token, { integration, spentAt: null });
          return token;
        },
        close: () => new Promise((done) => (http.close(done), http.closeAllConnections())),
      });
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

function startPostgres() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop() {} };
  let output;
  try {
    output = execFileSync('bash', [join(ROOT, 'scripts/throwaway-postgres.sh'), 'start'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (error) {
    if (error.status === 3) {
      console.log('PostgreSQL is not installed: this benchmark needs it (two processes on one database).');
      process.exit(0);
    }
    throw error;
  }
  const url = /DATABASE_URL=(\S+)/.exec(output)[1];
  const work = /PG_WORK=(\S+)/.exec(output)[1];
  return { url, stop: () => execFileSync('bash', [join(ROOT, 'scripts/throwaway-postgres.sh'), 'stop', work], { stdio: 'inherit' }) };
}

async function freshDatabase(adminUrl) {
  const admin = await openDatabase({ databaseUrl: adminUrl, dataDir: tmpdir() });
  const name = `mwap_lifecycle_${randomBytes(5).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

// ---------------------------------------------------------------------------------------------
// One run

async function seed(db, cipher, provider, startedAt) {
  await migrate(db);
  const ids = [];
  for (let i = 0; i < COUNT; i += 100) {
    const values = [];
    const params = [];
    for (let j = i; j < Math.min(COUNT, i + 100); j++) {
      const id = `int_bench_${String(j).padStart(5, '0')}`;
      ids.push(id);
      const expiresAt = new Date(startedAt + FIRST_EXPIRY_S * 1000 + (j * SPREAD_S * 1000) / COUNT);
      const obtainedAt = new Date(expiresAt.getTime() - LIFETIME_S * 1000);
      const expiringAt = new Date(expiresAt.getTime() - Math.min(5 * 60_000, (LIFETIME_S * 1000) / 4));
      params.push(
        id,
        `tenant-${j % 50}`,
        cipher.encrypt(`at_seed_${j}`, id),
        cipher.encrypt(provider.mint(id), id),
        expiresAt,
        expiringAt,
        obtainedAt,
      );
      const n = params.length;
      values.push(`($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`);
    }
    await db.query(
      `WITH seeded (id, tenant_id, access_enc, refresh_enc, expires_at, expiring_at, obtained_at) AS (VALUES ${values.join(', ')}),
       made AS (
         INSERT INTO integrations (id, tenant_id, cloud_provider_id, name, status, settings, created_at, updated_at)
         SELECT id, tenant_id, 'bench-cloud', 'Bench ' || id, 'active', '{}'::jsonb, now(), now() FROM seeded RETURNING id
       )
       INSERT INTO integration_tokens (integration_id, access_token_enc, refresh_token_enc, scopes, expires_at, expiring_at, obtained_at)
       SELECT s.id, s.access_enc, s.refresh_enc, 'openid offline_access storage.read',
         s.expires_at::timestamptz, s.expiring_at::timestamptz, s.obtained_at::timestamptz
       FROM seeded s JOIN made m ON m.id = s.id`,
      params,
    );
  }
  return ids;
}

function startServerProcess(env, name) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const started = new Promise((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      if (/API base URL/.test(output)) {
        clearTimeout(timer);
        resolveStarted();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}):\n${output}`));
    });
  });
  return { child, started, output: () => output };
}

async function run(adminUrl, { kill }) {
  const provider = await startProvider();
  const databaseUrl = await freshDatabase(adminUrl);
  const db = await openDatabase({ databaseUrl, dataDir: tmpdir() });
  const key = randomBytes(32).toString('base64');
  const cipher = new TokenCipher(parseKey(key));
  const work = mkdtempSync(join(tmpdir(), 'mwap-lifecycle-bench-'));
  const providersFile = join(work, 'providers.json');
  writeFileSync(
    providersFile,
    JSON.stringify([
      {
        id: 'bench-cloud',
        name: 'Bench Cloud',
        description: 'Benchmark provider',
        iconUrl: null,
        scopes: ['openid', 'offline_access', 'storage.read'],
        settingsSchema: [],
        issuer: provider.issuer,
        clientId: 'bench-client',
        clientSecretEnv: 'BENCH_CLIENT_SECRET',
      },
    ]),
  );
  const startedAt = Date.now();
  const ids = await seed(db, cipher, provider, startedAt);
  const env = (n) => ({
    ...process.env,
    NODE_ENV: 'development',
    PORT: '0',
    DATA_DIR: join(work, `server-${n}`),
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    TOKEN_ENCRYPTION_KEY: key,
    PROVIDERS_FILE: providersFile,
    BENCH_CLIENT_SECRET: 'bench-secret',
    SERVE_DEMO: '0',
    LOG_LEVEL: 'warn',
    SERVER_REFRESH: '1',
    LIFECYCLE_TICK_SECONDS: '1',
    HEALTH_CHECK_INTERVAL_SECONDS: '0',
    RATE_LIMIT_MAX: '100000',
  });
  const servers = [startServerProcess(env(1), 'process 1'), startServerProcess(env(2), 'process 2')];
  await Promise.all(servers.map((s) => s.started));
  let killedAt;
  const killTimer = kill
    ? setTimeout(
        () => {
          killedAt = Date.now() - startedAt;
          servers[1].child.kill('SIGKILL');
        },
        Math.max(0, startedAt + KILL_AFTER_S * 1000 - Date.now()),
      )
    : undefined;
  const deadline = startedAt + (FIRST_EXPIRY_S + SPREAD_S + 15) * 1000;
  for (;;) {
    const [{ done }] = await db.query(`SELECT count(DISTINCT integration_id)::int AS done FROM token_refresh_events WHERE ok`);
    if (done >= COUNT || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  clearTimeout(killTimer);
  const rows = await db.query(
    `SELECT t.integration_id AS id, t.expires_at, t.refresh_stopped_reason,
       (SELECT count(*)::int FROM token_refresh_events e WHERE e.integration_id = t.integration_id AND e.ok) AS stored,
       (SELECT min(e.at) FROM token_refresh_events e WHERE e.integration_id = t.integration_id AND e.ok) AS first_at,
       (SELECT count(*)::int FROM token_refresh_events e WHERE e.integration_id = t.integration_id AND NOT e.ok) AS failed
     FROM integration_tokens t`,
  );
  const seededExpiry = new Map(ids.map((id, j) => [id, startedAt + FIRST_EXPIRY_S * 1000 + (j * SPREAD_S * 1000) / COUNT]));
  const result = {
    once: 0,
    twice: 0,
    missed: 0,
    late: 0,
    failedAttempts: 0,
    spentTwiceAtProvider: 0,
    refusedByProvider: provider.stats.refused,
  };
  const leadMs = [];
  for (const row of rows) {
    result.failedAttempts += row.failed;
    if (row.stored === 0) result.missed += 1;
    else if (row.stored === 1) result.once += 1;
    else result.twice += 1;
    if (row.first_at) {
      const lead = seededExpiry.get(row.id) - new Date(row.first_at).getTime();
      leadMs.push(lead);
      if (lead <= 0) result.late += 1;
    }
  }
  for (const n of provider.stats.reused.values()) result.spentTwiceAtProvider += n;
  leadMs.sort((a, b) => a - b);
  result.leadSecondsBeforeExpiry = leadMs.length
    ? {
        min: +(leadMs[0] / 1000).toFixed(1),
        median: +(leadMs[leadMs.length >> 1] / 1000).toFixed(1),
        max: +(leadMs.at(-1) / 1000).toFixed(1),
      }
    : null;
  if (kill) result.killedProcess2AtSeconds = +(killedAt / 1000).toFixed(1);

  for (const server of servers) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      const exited = new Promise((done) => server.child.once('exit', done));
      server.child.kill('SIGTERM');
      await exited;
    }
  }
  await db.close();
  await provider.close();
  rmSync(work, { recursive: true, force: true });
  return result;
}

const postgres = startPostgres();
const lines = [];
const say = (line) => {
  console.log(line);
  lines.push(line);
};
try {
  say(
    `Lifecycle: ${COUNT} integrations, expiries over ${SPREAD_S} s, two server processes on one PostgreSQL, refresh-token reuse window ${REUSE_S} s`,
  );
  for (const kill of [false, true]) {
    const result = await run(postgres.url, { kill });
    say(`\n${kill ? `One process killed (SIGKILL) at ${result.killedProcess2AtSeconds} s` : 'Both processes throughout'}:`);
    say(`  refreshed once            ${result.once}`);
    say(`  refreshed twice           ${result.twice}`);
    say(`  missed (none stored)      ${result.missed}`);
    say(`  stored after expiry       ${result.late}`);
    say(`  failed attempts           ${result.failedAttempts}`);
    say(`  refresh token spent twice at the provider ${result.spentTwiceAtProvider} (refused: ${result.refusedByProvider})`);
    say(
      `  first refresh, s before expiry: min ${result.leadSecondsBeforeExpiry?.min} median ${result.leadSecondsBeforeExpiry?.median} max ${result.leadSecondsBeforeExpiry?.max}`,
    );
  }
} finally {
  postgres.stop();
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const file = join(ROOT, 'bench/results', `refresh-lifecycle-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.txt`);
writeFileSync(
  file,
  `$ npm run bench -- lifecycle ${process.argv
    .slice(2)
    .filter((a) => a !== 'lifecycle')
    .join(' ')}\n\n${lines.join('\n')}\n`,
);
console.log(`\nwritten to ${file}`);
