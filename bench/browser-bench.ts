// Figures measured in Chromium by `npm run bench` (bench/run.mjs bundles this file with esbuild).
// Each figure is the median of several runs; the page reports them on window.__bench.
import { TokenScheduler, type Integration, type TokenSource } from '../src/core/index.js';
import { createClient } from '../src/core/index.js';
import '../src/elements/integration-list/define.js';
import type { IntegrationListElement } from '../src/elements/integration-list/define.js';
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

async function listFigures(figures: Figures) {
  const all = makeIntegrations(10_000);
  // Bodies are made before the clock starts: the figure times the list, not its mock server.
  const bodies = new Map<string, string>();
  const body = (start: number, limit: number) => {
    const key = `${start}:${limit}`;
    if (!bodies.has(key)) {
      const next = start + limit < all.length ? String(start + limit) : null;
      bodies.set(key, JSON.stringify({ items: all.slice(start, start + limit), nextCursor: next, total: all.length }));
    }
    return bodies.get(key)!;
  };
  body(0, 10_000);
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/cloud-providers')) return new Response('[]');
    return new Response(body(Number(url.searchParams.get('cursor') ?? 0), Number(url.searchParams.get('limit') ?? 50)));
  };
  const client = createClient({ apiBaseUrl: 'https://bench.example/api', fetch, autoRefresh: false });
  const list = document.createElement('integration-list') as IntegrationListElement;
  list.client = client;
  list.pageSize = 10_000;
  const t0 = performance.now();
  document.body.append(list);
  while (list.shadowRoot?.querySelectorAll('integration-card').length === 0 || !list.shadowRoot)
    await new Promise((r) => requestAnimationFrame(r));
  // The cards are in the DOM in this frame: stop in a task after it, once it has been drawn.
  await new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
  figures['integration-list: 10,000 items to first cards, ms'] = Math.round(performance.now() - t0);
  figures['integration-list: cards in the DOM'] = list.shadowRoot!.querySelectorAll('integration-card').length;
  // The list may go on filling its window after the first cards: scroll only once that settled.
  for (let still = 0, count = -1; still < 10;) {
    await new Promise((r) => requestAnimationFrame(r));
    const now = list.shadowRoot!.querySelectorAll('integration-card').length;
    still = now === count ? still + 1 : 0;
    count = now;
  }
  const frames: number[] = [];
  let last = performance.now();
  for (let i = 0; i < 60; i++) {
    window.scrollBy(0, 400);
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    frames.push(now - last);
    last = now;
  }
  figures['integration-list: scroll frame, median ms'] = +median(frames).toFixed(1);
  figures['integration-list: scroll frame, worst ms'] = +Math.max(...frames).toFixed(1);
  figures['integration-list: cards in the DOM after scrolling'] = list.shadowRoot!.querySelectorAll('integration-card').length;
  list.remove();
  client.destroy();
}

const figures: Figures = {};
(window as unknown as { __bench: Promise<Figures> }).__bench = (async () => {
  await schedulerFigures(figures);
  await listFigures(figures);
  return figures;
})();
