// `npm run bench -- scroll`: the main-thread work of each scroll frame of <integration-list>
// (10,000 integrations, all loaded) against a minimal absolutely-positioned window over the same
// cards, in the same page, runs alternating (ABAB), bench/run.mjs bundles this file with esbuild.
//
// Work per frame: from the frame's first scroll event (a capturing listener on window, before any
// other) to a message posted from an animation-frame callback, which runs once the frame's
// rendering (callbacks, element updates, style, layout, resize observers, paint) is done. Unlike
// rAF deltas it can go below 16.7 ms. The lists' loading and first render are not counted.
import { createClient, type Integration, type IntegrationsClient } from '../src/core/index.js';
import '../src/elements/integration-list/define.js';
import type { IntegrationListElement } from '../src/elements/integration-list/define.js';
import { makeIntegrations, makeProviders } from '../tests/support/fixtures.js';
import { minimalWindow, scroller } from './minimal-window.js';

const COUNT = 10_000;
const PAIRS = Number(new URLSearchParams(location.search).get('pairs') ?? 7);
/** Each run scrolls this far a frame, down then back up. */
const STEP = 150;
const STEPS = 60;

type Figures = Record<string, number | string>;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const median = (values: number[]) => quantile(values, 0.5);
const round = (value: number, digits = 2) => +value.toFixed(digits);
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

function apiClient(all: Integration[]): IntegrationsClient {
  const providers = makeProviders();
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/cloud-providers')) return new Response(JSON.stringify(providers));
    if (url.pathname.endsWith('/me')) return new Response(JSON.stringify({ me: null }), { status: 404 });
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const next = start + limit < all.length ? String(start + limit) : null;
    return new Response(JSON.stringify({ items: all.slice(start, start + limit), nextCursor: next, total: all.length }));
  };
  return createClient({ apiBaseUrl: 'https://bench.example/api', fetch, autoRefresh: false });
}

/** Per-frame work while `box` scrolls STEPS frames down and back up from `from`. */
async function scrollRun(box: HTMLElement, from: number): Promise<{ work: number[]; raf: number[] }> {
  box.scrollTop = from;
  for (let i = 0; i < 10; i++) await nextFrame();
  const work: number[] = [];
  const raf: number[] = [];
  let last = performance.now();
  for (let step = 0; step < 2 * STEPS; step++) {
    const done = new Promise<void>((resolve) => {
      let start = 0;
      const onScroll = () => {
        if (start) return;
        start = performance.now();
        requestAnimationFrame((now) => {
          raf.push(now - last);
          last = now;
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            work.push(performance.now() - start);
            window.removeEventListener('scroll', onScroll, true);
            resolve();
          };
          channel.port2.postMessage(null);
        });
      };
      window.addEventListener('scroll', onScroll, true);
    });
    box.scrollTop += step < STEPS ? STEP : -STEP;
    await done;
  }
  return { work, raf };
}

/** Cards overlapping the scroller's viewport, to check both render what is in view. */
function cardsInView(root: ParentNode, box: HTMLElement): number {
  const port = box.getBoundingClientRect();
  return [...root.querySelectorAll('integration-card')].filter((card) => {
    const rect = card.getBoundingClientRect();
    return rect.bottom > port.top && rect.top < port.bottom && (card as HTMLElement & { integration?: unknown }).integration;
  }).length;
}

async function run(): Promise<Figures> {
  const all = makeIntegrations(COUNT);
  const client = apiClient(all);
  const providers = makeProviders();

  const oursBox = scroller();
  oursBox.style.display = 'block';
  const list = document.createElement('integration-list') as IntegrationListElement;
  list.client = client;
  list.pageSize = 100;
  list.setAttribute('no-select', '');
  oursBox.append(list);
  // Expansion (not measured): every page loaded, as a user scrolling to the end would.
  while (list.items.length < COUNT) {
    oursBox.scrollTop = oursBox.scrollHeight;
    await nextFrame();
  }
  oursBox.style.display = 'none';

  const baseBox = scroller();
  const baseline = minimalWindow(baseBox, list.items.slice(), providers, client);

  const ours = { p50: [] as number[], p95: [] as number[], raf95: [] as number[], inView: 0 };
  const base = { p50: [] as number[], p95: [] as number[], raf95: [] as number[], inView: 0 };
  // Somewhere in the middle of the list, a new place each pair (nothing is warm from the last run).
  for (let pair = 0; pair < PAIRS + 1; pair++) {
    const from = 20_000 + pair * 2 * STEPS * STEP;
    for (const [name, box, show] of [
      ['ours', oursBox, () => (oursBox.style.display = 'block')],
      ['base', baseBox, () => baseline.show()],
    ] as const) {
      oursBox.style.display = baseBox.style.display = 'none';
      show();
      const { work, raf } = await scrollRun(box, from);
      const figures = name === 'ours' ? ours : base;
      figures.inView = cardsInView(name === 'ours' ? list.shadowRoot! : baseBox, box);
      if (pair === 0) continue; // warm-up pair: JIT, style sharing, first cards
      figures.p50.push(median(work));
      figures.p95.push(quantile(work, 0.95));
      figures.raf95.push(quantile(raf, 0.95));
    }
  }
  const ratios = (a: number[], b: number[]) => a.map((value, i) => value / b[i]!);
  const summary = (values: number[]) => `${round(median(values))} (${round(Math.min(...values))}–${round(Math.max(...values))})`;
  client.destroy();
  return {
    'pairs (ABAB, after one warm-up pair)': PAIRS,
    'frames per run (150 px a frame, down then up)': 2 * STEPS,
    'ours: frame work p50, ms (median of runs)': round(median(ours.p50)),
    'ours: frame work p95, ms': round(median(ours.p95)),
    'minimal window: frame work p50, ms': round(median(base.p50)),
    'minimal window: frame work p95, ms': round(median(base.p95)),
    'ratio ours/minimal, p50: median (range)': summary(ratios(ours.p50, base.p50)),
    'ratio ours/minimal, p95: median (range)': summary(ratios(ours.p95, base.p95)),
    'ratio ours/minimal, rAF delta p95: median (range)': summary(ratios(ours.raf95, base.raf95)),
    'cards in view after a run: ours / minimal': `${ours.inView} / ${base.inView}`,
  };
}

(window as unknown as { __bench: Promise<Figures> }).__bench = run();
