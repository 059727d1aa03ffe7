// Forked by bench/load.mjs: every `everyMs` it opens a fresh TCP connection to each target and
// measures the time from opening it to the first byte of the answer. A process of its own, so the
// load generator's busy event loop does not inflate what it measures. Probes are not paced by one
// another: a stalled server shows up as many slow probes, not as few.
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

const TIMEOUT_MS = 60_000;

/** One probe: resolves with the milliseconds to the first byte, or an error name. */
function probe(target) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(target.url, { agent: false, headers: { Connection: 'close', ...target.headers }, timeout: TIMEOUT_MS });
    req.on('response', (res) => {
      resolve({ ms: performance.now() - started, status: res.statusCode });
      res.resume();
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ ms: performance.now() - started, error: error.message }));
    req.end();
  });
}

process.once('message', ({ targets, everyMs }) => {
  const samples = Object.fromEntries(targets.map((t) => [t.name, []]));
  const pending = new Set();
  const timer = setInterval(() => {
    for (const target of targets) {
      const run = probe(target).then((result) => {
        samples[target.name].push(result);
        pending.delete(run);
      });
      pending.add(run);
    }
  }, everyMs);
  process.once('message', async () => {
    clearInterval(timer);
    await Promise.all(pending);
    process.send({ samples });
    process.disconnect();
  });
});
