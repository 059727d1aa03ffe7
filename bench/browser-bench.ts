// Figures measured in Chromium by `npm run bench` (bench/run.mjs bundles this file with esbuild).
// Each figure is the median of several runs; the page reports them on window.__bench. The list's
// figures are bench/items.ts's and bench/scroll.ts's, each against a minimal window.
import { TokenScheduler, type Integration, type TokenSource } from '../src/core/index.js';
import { makeIntegrations } from '../tests/support/fixtures.js';

type Figures = Record<string, number | string>;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function source(items: Integration[]): TokenSource {
  return {
    scope: `bench-${Math.random()}`,
    integrations: () => items,
    subscribe: () => () => undefined,
    refresh: async (id) => items.find((i) => i.id === id)!,
    load: async (id) => items.find((i) => i.id === id)!,
    health: async () => {
      throw new Error('unused');
    },
    store: () => undefined,
  };
}

async function schedulerFigures(figures: Figures) {
  for (const count of [1_000, 10_000]) {
    const items = makeIntegrations(count).map((item, i) => ({
      ...item,
      tokenExpiresAt: new Date(Date.now() + 600_000 + i * 1000).toISOString(),
    }));
    const starts: number[] = [];
    for (let run = 0; run < 7; run++) {
      const scheduler = new TokenScheduler(source(items));
      const t0 = performance.now();
      scheduler.start();
      starts.push(performance.now() - t0);
      scheduler.stop();
    }
    figures[`scheduler.start (${count} integrations), ms`] = +median(starts).toFixed(2);
  }
}

const figures: Figures = {};
(window as unknown as { __bench: Promise<Figures> }).__bench = (async () => {
  await schedulerFigures(figures);
  return figures;
})();
