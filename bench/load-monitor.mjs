// Preloaded into the server process by bench/load.mjs (`--import ./bench/load-monitor.mjs`), so the
// server's own code needs no diagnostics route: measures the event-loop delay of the server's main
// thread (monitorEventLoopDelay) and samples its RSS (worker threads included), and answers the
// load generator over the IPC channel. Inert without an IPC channel and in worker threads.
import { isMainThread } from 'node:worker_threads';
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (isMainThread && process.send) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 200);
  sampler.unref();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on('message', (message) => {
    if (message?.type === 'load-monitor:reset') {
      delay.reset();
      peakRss = process.memoryUsage.rss();
      return;
    }
    if (message?.type !== 'load-monitor:read') return;
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    process.send({
      type: 'load-monitor:figures',
      eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      rss,
      peakRss,
    });
  });
  // The channel must not keep a server alive that was asked to stop.
  process.channel?.unref();
}
