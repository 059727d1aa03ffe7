/**
 * Two real server processes on one PostgreSQL: the pending OAuth state, the tokens (encrypted with
 * the shared key) and the "used once" mark live in the database, so a sign-in started on one
 * process completes on the other. The first server runs in this process; the second is a child
 * process, `node --import tsx server/main.ts`, configured only through its environment, as a host
 * would run it. It reaches the first one's dev provider through PROVIDERS_FILE.
 *
 * Needs DATABASE_URL (a role with CREATEDB); skipped without it. `scripts/ci-postgres.sh` runs it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../db/database.js';
import { startTestServer, type ApiAnswer, type TestServer } from './support/harness.js';
import { authorize, completeCallback } from './support/oauth-helpers.js';

const DATABASE_URL = process.env.DATABASE_URL;
const ROOT = resolve(import.meta.dirname, '../..');

describe(
  'two server processes on one PostgreSQL',
  { skip: DATABASE_URL ? false : 'DATABASE_URL is not set: this test needs a real PostgreSQL (scripts/ci-postgres.sh provides one)' },
  () => {
    const jwtSecret = randomBytes(32).toString('base64url');
    const tokenEncryptionKey = randomBytes(32).toString('base64');
    const dbName = `mwap_procs_${randomBytes(6).toString('hex')}`;
    const workDir = mkdtempSync(join(tmpdir(), 'mwap-two-processes-'));
    let admin: Database;
    let db: Database;
    let first: TestServer;
    let child: ChildProcess | undefined;
    let childOutput = '';
    let secondUrl: string;
    let owner: string;

    before(async () => {
      admin = await openDatabase({ databaseUrl: DATABASE_URL, dataDir: workDir });
      await admin.query(`CREATE DATABASE ${dbName}`);
      const url = new URL(DATABASE_URL!);
      url.pathname = `/${dbName}`;
      db = await openDatabase({ databaseUrl: url.href, dataDir: workDir });
      first = await startTestServer({ jwt: { algorithm: 'HS256', secret: jwtSecret }, tokenEncryptionKey }, { db });
      owner = await first.token('tenant-two-processes', 'owner');

      const providersFile = join(workDir, 'providers.json');
      writeFileSync(
        providersFile,
        JSON.stringify([
          {
            id: 'dev-cloud',
            name: 'Dev Cloud',
            scopes: ['openid', 'profile', 'offline_access', 'storage.read', 'storage.write'],
            settingsSchema: [{ key: 'region', label: 'Region', type: 'select', required: true, options: ['eu-west-1', 'us-east-1'] }],
            issuer: first.providerIssuer,
            clientId: 'dev-cloud-client',
            clientSecretEnv: 'DEV_CLOUD_CLIENT_SECRET',
            authorizationParams: { prompt: 'consent' },
          },
        ]),
      );
      child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          PORT: '0',
          DATA_DIR: join(workDir, 'second'),
          DATABASE_URL: url.href,
          JWT_SECRET: jwtSecret,
          TOKEN_ENCRYPTION_KEY: tokenEncryptionKey,
          PROVIDERS_FILE: providersFile,
          DEV_CLOUD_CLIENT_SECRET: first.devClientSecrets['dev-cloud'],
          ALLOWED_REDIRECT_URIS: first.redirectUri,
          SERVE_DEMO: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      secondUrl = await new Promise<string>((resolveUrl, reject) => {
        const timer = setTimeout(() => reject(new Error(`the second process did not start in 30 s:\n${childOutput}`)), 30_000);
        const read = (chunk: Buffer) => {
          childOutput += chunk.toString();
          const match = /API base URL:\s+(http:\/\/127\.0\.0\.1:\d+)\/api/.exec(childOutput);
          if (match) {
            clearTimeout(timer);
            resolveUrl(match[1]!);
          }
        };
        child!.stdout!.on('data', read);
        child!.stderr!.on('data', read);
        child!.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the second process exited with ${code}:\n${childOutput}`));
        });
      });
    });

    after(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((done) => child!.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      await first?.dispose();
      await db?.close();
      await admin?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin?.close();
      rmSync(workDir, { recursive: true, force: true });
    });

    /** A request to the child process. */
    async function second(path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiAnswer> {
      const response = await fetch(new URL(path, secondUrl), {
        method: init.method ?? 'GET',
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${owner}`,
          ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: init.body === undefined ? null : JSON.stringify(init.body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    }

    async function createOn(where: 'first' | 'second', name: string): Promise<string> {
      const body = { name, cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1' } };
      const answer =
        where === 'first'
          ? await first.request('/api/integrations', { method: 'POST', token: owner, body })
          : await second('/api/integrations', { method: 'POST', body });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return answer.body.id as string;
    }

    it('is a separate OS process on the same database', async () => {
      assert.notEqual(child?.pid, process.pid);
      assert.notEqual(new URL(secondUrl).port, new URL(first.url).port);
      const id = await createOn('first', 'Seen by both');
      const fromSecond = await second(`/api/integrations/${id}`);
      assert.equal(fromSecond.status, 200);
      assert.equal(fromSecond.body.name, 'Seen by both');
    });

    it('initiate on the first process, callback on the second; the first then refreshes with the stored tokens', async () => {
      const id = await createOn('first', 'Started on the first');
      const flow = await authorize(first, owner, id);
      const answer = await second('/api/oauth/callback', {
        method: 'POST',
        body: {
          state: flow.state,
          code: flow.callback.get('code'),
          codeVerifier: flow.codeVerifier,
          redirectUri: first.redirectUri,
          iss: flow.callback.get('iss'),
        },
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.status, 'active');
      // The tokens the second process encrypted and stored are usable by the first.
      const refreshed = await first.request(`/api/integrations/${id}/tokens/refresh`, { method: 'POST', token: owner });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      // And the state is spent for both: replaying the callback on the first is refused.
      const replay = await completeCallback(first, owner, flow);
      assert.equal(replay.status, 400);
      assert.equal(replay.body.error.code, 'invalid_state');
    });

    it('initiate on the second process, callback on the first; the second then tests the connection', async () => {
      const id = await createOn('second', 'Started on the second');
      const flow = await authorize(
        // The helper only needs request() and the redirect URI: point it at the child process.
        {
          ...first,
          request: (path: string, init: { method?: string; body?: unknown } = {}) => second(path, init),
        } as unknown as TestServer,
        owner,
        id,
        { redirectUri: first.redirectUri },
      );
      const answer = await completeCallback(first, owner, flow);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const tested = await second(`/api/integrations/${id}/test`, { method: 'POST' });
      assert.equal(tested.status, 200, JSON.stringify(tested.body));
      assert.equal(tested.body.ok, true, JSON.stringify(tested.body.checks));
    });
  },
);
