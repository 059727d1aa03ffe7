/**
 * Test harness: a real server and dev OAuth provider on ephemeral loopback ports with a temporary
 * data folder (PGlite), or a fresh PostgreSQL database when DATABASE_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ServerConfig } from '../../config.js';
import { openDatabase, type Database } from '../../db/database.js';
import { startServer, type RunningServer, type StartOptions } from '../../start-server.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * PGlite's first start runs initdb (~5–10 s on two cores); later starts on an existing folder take
 * about a second. So one empty cluster is made once and copied for each test server.
 */
async function pgliteTemplate(): Promise<string> {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  const template = join(tmpdir(), `mwap-pglite-template-${version}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = mkdtempSync(join(tmpdir(), 'mwap-pglite-building-'));
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(building);
  await db.close();
  try {
    renameSync(building, template);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another test process won the race
  }
  return template;
}

/** A database of its own for one test server: a PGlite copy, or a new PostgreSQL database. */
async function freshDatabase(dataDir: string): Promise<{ db: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    cpSync(await pgliteTemplate(), join(dataDir, 'pgdata'), { recursive: true });
    const db = await openDatabase({ dataDir: join(dataDir, 'pgdata') });
    return { db, drop: () => db.close() };
  }
  const name = `mwap_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: url, dataDir });
  await admin.query(`CREATE DATABASE ${name}`);
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: testUrl.href, dataDir });
  return {
    db,
    drop: async () => {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export function testConfig(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    production: false,
    host: '127.0.0.1',
    port: 0,
    providerPort: 0,
    dataDir,
    jwt: { algorithm: 'HS256' },
    rateLimit: { max: 10_000, windowSeconds: 60 },
    dailyCallQuota: 1000,
    devAccessTokenTtl: 120,
    serveDemo: false,
    rootDir: ROOT,
    logLevel: 'silent',
    ...overrides,
  };
}

export interface TestServer extends RunningServer {
  dataDir: string;
  token(tenantId: string, role: string): Promise<string>;
  request(path: string, init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiAnswer>;
  /** Stops the server and removes its database and data folder. */
  dispose(): Promise<void>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  // Tests read the JSON freely; the client's own schemas check the shapes where it matters.
  body: any;
}

export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  options: StartOptions & { shareDatabaseOf?: TestServer } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mwap-server-test-'));
  const own = options.shareDatabaseOf || options.db ? undefined : await freshDatabase(dataDir);
  const db = options.db ?? options.shareDatabaseOf?.db ?? own!.db;
  const server = await startServer(testConfig(dataDir, overrides), { ...options, db });
  const request: TestServer['request'] = async (path, init = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['Content-Type'] ??= 'application/json';
    const response = await fetch(new URL(path, server.url), {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? null : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      redirect: 'manual',
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: response.status, headers: response.headers, body };
  };
  return {
    ...server,
    dataDir,
    request,
    async token(tenantId, role) {
      const answer = await request('/dev/token', { method: 'POST', body: { tenantId, role } });
      if (answer.status !== 200) throw new Error(`dev token: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.accessToken as string;
    },
    async dispose() {
      await server.close();
      await own?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
