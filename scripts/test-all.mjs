/**
 * `npm test`: every suite, in two lanes side by side, so a 2-core CI machine finishes in time. The
 * browser engines spend most of their run waiting (popups, timers, round trips), and each has
 * the focus to itself in its own browser: Chromium and Firefox run headless and WebKit on its own
 * xvfb display, so no popup in one lane can take another lane's focus. (Within one engine, files
 * still run one at a time: tests/support/wtr-base.mjs.)
 *
 * The first lane's output streams as it comes; each step of the second lane prints its output in
 * one block when it ends, so the two never interleave. Every step runs even after one fails, and
 * the run fails when any step did, with a table of steps, results and times at the end.
 *
 *   npm test                      both lanes
 *   TEST_LANES=serial npm test    every step one after another (to time a step on its own)
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';

/**
 * The server suite runs a second time on a real PostgreSQL where Debian's is installed (CI installs
 * it: .ci/run), in a throwaway cluster (scripts/ci-postgres.sh); elsewhere the run says it left it out.
 */
const hasPostgres = (() => {
  try {
    return readdirSync('/usr/lib/postgresql').length > 0;
  } catch {
    return false;
  }
})();

/**
 * Each lane's steps, in order: [name, command, extra environment]. Balanced by the steps' times
 * on an idle 2-core machine; every step's time is in the table at the end of a run.
 */
const LANES = [
  [
    ['test:browser (Chromium)', 'npm run test:browser', { BROWSERS: 'chromium' }],
    ['test:browser (WebKit)', 'npm run test:browser', { BROWSERS: 'webkit' }],
    ['test:e2e', 'npm run test:e2e'],
  ],
  [
    ['test:tools', 'npm run test:tools'],
    ['test:server', 'npm run test:server'],
    ['test:security', 'npm run test:security'],
    ['test:browser (Firefox ESR)', 'npm run test:browser', { BROWSERS: 'firefox' }],
    ['test:ways-in', 'npm run test:ways-in'],
  ],
];
if (hasPostgres || process.env.CI) LANES[0].push(['test:server (PostgreSQL)', 'bash scripts/ci-postgres.sh']);
else console.log('== test:server (PostgreSQL) left out: PostgreSQL is not installed (apt-get install -y postgresql).');

const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // Each step leads a process group of its own: end it with everything it started.
    for (const child of running) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    }
    process.exit(1);
  });
}

/** Runs one step; its output goes to this terminal (`live`) or is printed when it ends. */
function runStep([name, command, env = {}], live) {
  return new Promise((resolve) => {
    const started = Date.now();
    if (live) console.log(`\n== ${name}: ${command}`);
    const child = spawn(command, {
      shell: true,
      detached: true,
      env: { ...process.env, ...env },
      stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      running.delete(child);
      const seconds = Math.round((Date.now() - started) / 1000);
      const status = code === 0 ? 'passed' : 'failed';
      if (!live) {
        console.log(`\n== ${name}: ${command} (${status} in ${seconds} s; its output, from the other lane:)`);
        process.stdout.write(Buffer.concat(output));
      }
      console.log(`\n== ${name}: ${status} in ${seconds} s${signal ? ` (${signal})` : ''}`);
      resolve({ name, status, seconds });
    });
  });
}

async function runLane(steps, live) {
  const results = [];
  for (const step of steps) results.push(await runStep(step, live));
  return results;
}

const started = Date.now();
const serial = process.env.TEST_LANES === 'serial';
const results = serial
  ? await runLane(LANES.flat(), true)
  : (await Promise.all(LANES.map((steps, index) => runLane(steps, index === 0)))).flat();

console.log(`\n== npm test: ${serial ? 'one step at a time' : `${LANES.length} lanes`}, ${Math.round((Date.now() - started) / 1000)} s`);
for (const { name, status, seconds } of results) console.log(`   ${name.padEnd(28)} ${status} in ${seconds} s`);
process.exit(results.every((r) => r.status === 'passed') ? 0 : 1);
