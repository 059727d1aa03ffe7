/** Production mode, start-up configuration checks, and per-tenant rate limiting. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT, importPKCS8 } from 'jose';
import { ConfigError, configFromEnv } from '../config.js';
import { migrate } from '../db/migrate.js';
import { expectError, expectShape, schemas } from './support/contract.js';
import { startTestServer, testConfig, type TestServer } from './support/harness.js';
import { DEV_JWT_KEY_FILE } from '../auth/tokens.js';
import { startServer } from '../start-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const secret = randomBytes(32).toString('base64url');
const encryptionKey = randomBytes(32).toString('base64');

let production: TestServer;

before(async () => {
  production = await startTestServer({
    production: true,
    jwt: { algorithm: 'HS256', secret, issuer: 'https://host.example', audience: 'mwap' },
    tokenEncryptionKey: encryptionKey,
  });
});
after(() => production.dispose());

const hostToken = (claims: Record<string, unknown>, options: { issuer?: string; key?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-1')
    .setIssuer(options.issuer ?? 'https://host.example')
    .setAudience('mwap')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(options.key ?? secret));

describe('production mode', () => {
  it('has no /dev/token route', async () => {
    const answer = await production.request('/dev/token', { method: 'POST', body: { tenantId: 't', role: 'owner' } });
    assert.equal(answer.status, 404);
  });

  it("accepts the host's tokens signed with JWT_SECRET (issuer and audience checked) and refuses others", async () => {
    const good = await hostToken({ tenantId: 'prod-tenant', role: 'owner' });
    expectShape(await production.request('/api/integrations', { token: good }), 200, schemas.page);
    expectError(
      await production.request('/api/integrations', {
        token: await hostToken({ tenantId: 'prod-tenant', role: 'owner' }, { issuer: 'https://evil.example' }),
      }),
      401,
      'unauthenticated',
    );
    expectError(
      await production.request('/api/integrations', {
        token: await hostToken({ tenantId: 'prod-tenant', role: 'owner' }, { key: randomBytes(32).toString('hex') }),
      }),
      401,
      'unauthenticated',
    );
    expectError(await production.request('/api/integrations', { token: await hostToken({ role: 'owner' }) }), 401, 'unauthenticated');
  });

  it('verifies ES256 tokens with JWT_PUBLIC_KEY', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const server = await startTestServer(
      {
        production: true,
        jwt: {
          algorithm: 'ES256',
          publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          issuer: 'https://idp.example',
          audience: 'mwap',
        },
        tokenEncryptionKey: encryptionKey,
      },
      { shareDatabaseOf: production },
    );
    try {
      const key = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'ES256');
      const token = await new SignJWT({ tenantId: 'es-tenant', role: 'member' })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer('https://idp.example')
        .setAudience('mwap')
        .setSubject('u')
        .setExpirationTime('5m')
        .sign(key);
      expectShape(await server.request('/api/cloud-providers', { token }), 200, schemas.providers);
      assert.equal((await server.request('/dev/token', { method: 'POST', body: { tenantId: 't', role: 'owner' } })).status, 404);
    } finally {
      await server.dispose();
    }
  });
});

describe('dev tokens', () => {
  it('are not handed out by a dev server published under a public URL', async () => {
    const published = await startTestServer({ publicUrl: 'https://integrations.example.com' }, { shareDatabaseOf: production });
    try {
      // Its URL is the public one, which does not resolve here: ask the app directly.
      const init = {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenantId: 't', role: 'owner' }),
      };
      assert.equal((await published.app.request('/dev/token', init)).status, 404);
      assert.equal((await production.app.request('/dev/token', init)).status, 404, 'nor in production');
    } finally {
      await published.dispose();
    }
  });
});

describe('the dev signing key', () => {
  it("is kept in the data folder (0600), so two starts on one folder accept each other's tokens and another folder does not", async () => {
    const first = await startTestServer({}, { shareDatabaseOf: production });
    const other = await startTestServer({}, { shareDatabaseOf: production });
    try {
      const file = join(first.dataDir, DEV_JWT_KEY_FILE);
      if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
      const fromFirst = await first.token('tenant-a', 'owner');
      // The restart: a second server on the same data folder (the first could as well be stopped).
      const second = await startServer(testConfig(first.dataDir), {
        db: first.db,
        devProvider: { provider: first.devProvider!, clientSecrets: first.devClientSecrets },
      });
      try {
        const mint = await second.app.request('/dev/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ tenantId: 'tenant-a', role: 'owner' }),
        });
        const { accessToken: fromSecond } = (await mint.json()) as { accessToken: string };
        const me = (app: { request: TestServer['app']['request'] }, token: string) =>
          app.request('/api/me', { headers: { Authorization: `Bearer ${token}` } });
        assert.equal((await me(second.app, fromFirst)).status, 200);
        assert.equal((await me(first.app, fromSecond)).status, 200);
        assert.equal((await me(other.app, fromFirst)).status, 401, 'another data folder has another key');
      } finally {
        await second.close();
      }
    } finally {
      await first.dispose();
      await other.dispose();
    }
  });
});

describe('start-up configuration', () => {
  it('refuses production without a JWT key or without TOKEN_ENCRYPTION_KEY, saying what to set', () => {
    assert.throws(
      () => configFromEnv({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: encryptionKey }),
      (error: Error) => error instanceof ConfigError && /JWT_SECRET/.test(error.message) && /JWT_PUBLIC_KEY/.test(error.message),
    );
    assert.throws(
      () => configFromEnv({ NODE_ENV: 'production', JWT_SECRET: secret }),
      (error: Error) => error instanceof ConfigError && /TOKEN_ENCRYPTION_KEY/.test(error.message),
    );
    assert.throws(
      () => configFromEnv({ NODE_ENV: 'production', JWT_SECRET: secret, TOKEN_ENCRYPTION_KEY: encryptionKey }),
      (error: Error) => error instanceof ConfigError && /JWT_ISSUER and JWT_AUDIENCE/.test(error.message),
    );
    assert.throws(
      () =>
        configFromEnv({
          NODE_ENV: 'production',
          JWT_SECRET: secret,
          TOKEN_ENCRYPTION_KEY: encryptionKey,
          JWT_ISSUER: 'https://idp.example',
        }),
      ConfigError,
    );
    assert.doesNotThrow(() =>
      configFromEnv({
        NODE_ENV: 'production',
        JWT_SECRET: secret,
        TOKEN_ENCRYPTION_KEY: encryptionKey,
        JWT_ISSUER: 'https://idp.example',
        JWT_AUDIENCE: 'mwap',
      }),
    );
    assert.throws(() => configFromEnv({ JWT_SECRET: 'short' }), ConfigError);
    assert.throws(() => configFromEnv({ PORT: 'abc' }), ConfigError);
    const dev = configFromEnv({ PORT: '6100' });
    assert.equal(dev.port, 6100);
    assert.equal(dev.providerPort, 6101);
    assert.equal(dev.host, '127.0.0.1');
  });

  it('`npm run server` exits with a clear message when production keys are missing', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', JWT_SECRET: '', JWT_PUBLIC_KEY: '', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /Cannot start the reference server: NODE_ENV=production needs the key that verifies bearer tokens/);
  });

  it('migrations are recorded and not applied twice', async () => {
    assert.deepEqual(await migrate(production.db), []);
    const applied = await production.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    assert.deepEqual(
      applied.map((row) => row.name),
      ['001_initial', '002_dev_provider_store', '003_housekeeping_indexes', '004_events_activity', '005_lifecycle_webhooks'],
    );
  });
});

describe('rate limiting', () => {
  // The limiter reads the test's clock: which window a request falls in never depends on when the
  // machine gets round to sending it. The start of a minute, so every window below starts there.
  const WINDOW_START = Date.UTC(2030, 0, 1);

  it('answers 429 rate_limited with Retry-After once a tenant spends its window; other tenants are unaffected', async () => {
    const now = () => WINDOW_START + 20_000;
    const limited = await startTestServer({ rateLimit: { max: 5, windowSeconds: 60, now } }, { shareDatabaseOf: production });
    try {
      const busy = await limited.token('busy-tenant', 'member');
      const calm = await limited.token('calm-tenant', 'member');
      for (let i = 0; i < 5; i++) {
        const ok = await limited.request('/api/integrations', { token: busy });
        assert.equal(ok.status, 200);
        assert.equal(ok.headers.get('RateLimit-Remaining'), String(4 - i));
      }
      const refused = await limited.request('/api/integrations', { token: busy });
      expectError(refused, 429, 'rate_limited');
      // 20 s into a 60 s window.
      assert.equal(refused.headers.get('Retry-After'), '40');
      assert.equal(refused.headers.get('RateLimit-Reset'), '40');
      assert.equal((await limited.request('/api/integrations', { token: calm })).status, 200);
    } finally {
      await limited.dispose();
    }
  });

  it('a window that has passed lets the tenant in again', async () => {
    let time = WINDOW_START + 400;
    const limited = await startTestServer({ rateLimit: { max: 2, windowSeconds: 1, now: () => time } }, { shareDatabaseOf: production });
    try {
      const token = await limited.token('bursty-tenant', 'member');
      assert.equal((await limited.request('/api/integrations', { token })).status, 200);
      time += 500;
      assert.equal((await limited.request('/api/integrations', { token })).status, 200);
      time += 99; // 999 ms into the window: still the same one
      const refused = await limited.request('/api/integrations', { token });
      expectError(refused, 429, 'rate_limited');
      assert.equal(refused.headers.get('Retry-After'), '1');
      time += 1; // the next window
      const again = await limited.request('/api/integrations', { token });
      assert.equal(again.status, 200);
      assert.equal(again.headers.get('RateLimit-Remaining'), '1');
    } finally {
      await limited.dispose();
    }
  });
});

describe('CORS for hosts on another origin', () => {
  it('answers the preflight for allowed origins only, before authentication', async () => {
    const server = await startTestServer({ corsOrigins: ['https://portal.example'] }, { shareDatabaseOf: production });
    try {
      const preflight = (origin: string) =>
        fetch(`${server.apiBaseUrl}/integrations`, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'authorization,if-match' },
        });
      const allowed = await preflight('https://portal.example');
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'https://portal.example');
      assert.match(allowed.headers.get('Access-Control-Allow-Headers') ?? '', /If-Match/i);
      const other = await preflight('https://evil.example');
      assert.equal(other.headers.get('Access-Control-Allow-Origin'), null);
      const token = await server.token('cors-tenant', 'member');
      const answer = await fetch(`${server.apiBaseUrl}/integrations`, {
        headers: { Origin: 'https://portal.example', Authorization: `Bearer ${token}` },
      });
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('Access-Control-Expose-Headers') ?? '', /ETag/);
    } finally {
      await server.dispose();
    }
  });
});
