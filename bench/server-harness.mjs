// What the server benches share (bench/load.mjs, bench/rows.mjs): HTTP calls on kept-alive
// connections, the reference server in a child process of its own (as `npm start` runs it), a
// PostgreSQL for the run, and percentiles.
import { execFileSync, fork } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(import.meta.dirname, '..');

export const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** One request on a kept-alive connection: status, headers and parsed JSON body (or an error). */
export function call(base, method, path, { token, body, headers = {} } = {}) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${base}${path}`, {
      method,
      agent,
      timeout: 120_000,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        ...headers,
      },
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolvePromise({ status: res.statusCode, headers: res.headers, json, ms: performance.now() - started });
      });
      res.on('error', (error) => resolvePromise({ status: 0, error: error.message, ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolvePromise({ status: 0, error: error.message, ms: performance.now() - started }));
    req.end(payload);
  });
}

/**
 * Starts `server/main.ts` in a child process on a data folder of its own and resolves once it prints
 * its API address. The first start (PGlite's initdb, the migrations) is its own process: `npm start`
 * usually opens an existing database, and initdb's memory would otherwise count as the server's.
 */
export async function startServer(name, databaseUrl, { serverRoot = ROOT, env = {} } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `mwap-load-${name}-`));
  const first = await launch(name, databaseUrl, dataDir, serverRoot, env);
  await first.stop();
  return launch(name, databaseUrl, dataDir, serverRoot, env);
}

async function launch(name, databaseUrl, dataDir, serverRoot, extraEnv) {
  const logFile = join(dataDir, 'server.log');
  const out = openSync(logFile, 'w');
  const env = { ...process.env, PORT: '0', PROVIDER_PORT: '0', SERVE_DEMO: '1', DATA_DIR: dataDir, ...extraEnv };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = fork(join(serverRoot, 'server/main.ts'), [], {
    cwd: serverRoot,
    env,
    execArgv: ['--import', 'tsx', '--import', join(ROOT, 'bench/load-monitor.mjs')],
    stdio: ['ignore', out, out, 'ipc'],
  });
  closeSync(out);
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const deadline = Date.now() + 180_000;
  let base;
  while (!base) {
    const text = readFileSync(logFile, 'utf8');
    base = /API base URL:\s+(\S+)\/api/.exec(text)?.[1];
    if (base) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the ${name} server did not start:\n${text.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const monitor = (type) =>
    new Promise((resolveFigures) => {
      if (type === 'load-monitor:reset') return resolveFigures(child.send({ type }));
      child.once('message', resolveFigures);
      child.send({ type });
    });
  return {
    base,
    monitor,
    async stop({ remove = false } = {}) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await exited;
      clearTimeout(timer);
      const log = readFileSync(logFile, 'utf8');
      if (remove) rmSync(dataDir, { recursive: true, force: true });
      return {
        ...result,
        errorLines: log
          .split('\n')
          .filter((line) => /"level":"error"/.test(line))
          .slice(0, 5),
      };
    },
  };
}

/** A PostgreSQL for the run: DATABASE_URL (a database of the run's own when allowed), or a throwaway cluster. */
export async function postgresForRun() {
  if (process.env.DATABASE_URL) {
    const pg = (await import('pg')).default;
    const name = `mwap_load_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } catch {
      await admin.end();
      return { url: process.env.DATABASE_URL, source: 'DATABASE_URL', release: async () => {} };
    }
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      url: url.href,
      source: 'DATABASE_URL (a database of its own)',
      release: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
        await admin.end();
      },
    };
  }
  let output;
  try {
    output = execFileSync(join(ROOT, 'scripts/throwaway-postgres.sh'), ['start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return { unavailable: `${error.stderr || error.message}`.trim() };
  }
  const url = /^DATABASE_URL=(.+)$/m.exec(output)[1];
  const work = /^PG_WORK=(.+)$/m.exec(output)[1];
  return {
    url,
    source: 'throwaway cluster (scripts/throwaway-postgres.sh)',
    release: async () => execFileSync(join(ROOT, 'scripts/throwaway-postgres.sh'), ['stop', work], { stdio: 'ignore' }),
  };
}

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
