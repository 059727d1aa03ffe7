// The data path and the token badges, measured in Chromium by `npm run bench` (or only this part:
// `npm run bench -- data`). Each figure is a ratio against a baseline run side by side in the same
// page, alternating (A B A B …), with the median and range of the paired ratios.
import { createClient, queryKeys, type Integration } from '../src/core/index.js';
import { IntegrationPageSchema, parseResponse } from '../src/core/schemas.js';
import '../src/elements/token-status-badge/define.js';
import type { TokenStatusBadgeElement } from '../src/elements/token-status-badge/define.js';
import { onTick } from '../src/internal/ticker.js';
import { makeIntegrations } from '../tests/support/fixtures.js';
import { frame, task } from './page-timing.js';

type Figures = Record<string, number | string>;
const PAIRS = 9;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 2) => +value.toFixed(digits);
/** "median (min–max)" of paired ratios. */
const ratioText = (ratios: number[]) =>
  `${round(median(ratios))} (${round(Math.min(...ratios))}–${round(Math.max(...ratios))}), ${ratios.length} pairs`;

/** Integrations whose tokens expire within minutes, so every badge's countdown shows seconds. */
function integrations(count: number, prefix: string): Integration[] {
  return makeIntegrations(count, prefix).map((item: Integration, i: number) => ({
    ...item,
    tokenExpiresAt: new Date(Date.now() + 6 * 60_000 + (i % 120) * 1000).toISOString(),
  }));
}

/** One tick of 1,000 live badges vs writing the same 1,000 strings into 1,000 text nodes. */
async function tickFigures(figures: Figures) {
  const host = document.createElement('div');
  document.body.append(host);
  let tickStart = 0;
  const ticks: number[] = [];
  // The shared clock calls its listeners in order: one before the badges and one after bracket them.
  const stopBefore = onTick(() => (tickStart = performance.now()));
  const badges = integrations(1_000, 'tick').map((integration) => {
    const badge = document.createElement('token-status-badge') as TokenStatusBadgeElement;
    badge.integration = integration;
    return badge;
  });
  host.append(...badges);
  await Promise.all(badges.map((badge) => badge.updateComplete));
  const stopAfter = onTick(() => ticks.push(performance.now() - tickStart));
  const strings = badges.map((badge) => badge.shadowRoot!.querySelector('.detail')!.textContent!);
  const baseline = document.createElement('div');
  const nodes = strings.map(() => document.createTextNode(''));
  for (const node of nodes) baseline.append(document.createElement('span'), node);
  document.body.append(baseline);
  const ratios: number[] = [];
  const tickMs: number[] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    const seen = ticks.length;
    while (ticks.length === seen) await frame(); // A: the next tick of the badges
    const a = ticks.at(-1)!;
    await frame();
    const t0 = performance.now(); // B: the same strings written into text nodes
    for (let i = 0; i < nodes.length; i++) nodes[i]!.data = `${strings[i]}${pair % 2 ? '' : ' '}`;
    const b = Math.max(performance.now() - t0, 0.005);
    ratios.push(a / b);
    tickMs.push(a);
  }
  stopBefore();
  stopAfter();
  figures['badge tick (1,000 badges counting seconds), ms'] =
    `${round(median(tickMs))} (${round(Math.min(...tickMs))}–${round(Math.max(...tickMs))})`;
  figures['badge tick ÷ writing the same 1,000 strings into text nodes'] = ratioText(ratios);
  host.remove();
  baseline.remove();
}

/** A 10,000-item page parsed, validated and cached vs a bare JSON.parse of the same body. */
async function parseFigures(figures: Figures) {
  const body = JSON.stringify({ items: makeIntegrations(10_000), nextCursor: null, total: 10_000 });
  figures['list page body, MiB'] = round(body.length / 2 ** 20, 1);
  const client = createClient({
    apiBaseUrl: 'https://bench.example/api',
    fetch: () => Promise.reject(new Error('unused')),
    autoRefresh: false,
  });
  const full: number[] = [];
  const bare: number[] = [];
  const ratios: number[] = [];
  for (let pair = 0; pair < PAIRS + 2; pair++) {
    await task();
    let t0 = performance.now();
    const page = parseResponse(IntegrationPageSchema, JSON.parse(body), 'integration list');
    client.cache.set(queryKeys.list({ q: String(pair) }), page);
    const a = performance.now() - t0;
    client.cache.remove(queryKeys.list({ q: String(pair) }));
    await task();
    t0 = performance.now();
    const parsed = JSON.parse(body) as unknown;
    const b = performance.now() - t0;
    if (!parsed) throw new Error('unreachable');
    if (pair < 2) continue; // warm-up
    full.push(a);
    bare.push(b);
    ratios.push(a / b);
  }
  client.destroy();
  figures['10,000 items: JSON.parse + validate + cache, ms'] = round(median(full), 1);
  figures['10,000 items: bare JSON.parse, ms'] = round(median(bare), 1);
  figures['parse + validate + cache ÷ bare JSON.parse'] = ratioText(ratios);
}

/** Badges by `integration-id` (each loads its integration) mounted at 1,000, 3,000 and 10,000. */
async function mountFigures(figures: Figures) {
  // `?mount=1000,3000` measures fewer sizes (10,000 takes minutes on a busy machine).
  const asked = new URLSearchParams(location.search).get('mount');
  const sizes = asked ? asked.split(',').map(Number) : [1_000, 3_000, 10_000];
  const perBadge = new Map<number, number[]>(sizes.map((size) => [size, []]));
  for (let run = 0; run < 3; run++) {
    for (const size of run % 2 ? [...sizes].reverse() : sizes) {
      const bodies = new Map(integrations(size, `m${run}-${size}`).map((item) => [item.id, JSON.stringify(item)]));
      let served = 0;
      const fetch: typeof globalThis.fetch = async (input) => {
        const id = decodeURIComponent(new URL(String(input)).pathname.split('/').pop()!);
        served++;
        return new Response(bodies.get(id)!, { headers: { 'Content-Type': 'application/json' } });
      };
      const client = createClient({ apiBaseUrl: 'https://bench.example/api', fetch });
      const host = document.createElement('div');
      host.style.cssText = 'block-size: 600px; overflow: auto';
      const badges = [...bodies.keys()].map((id) => {
        const badge = document.createElement('token-status-badge') as TokenStatusBadgeElement;
        badge.client = client;
        badge.integrationId = id;
        return badge;
      });
      await task();
      const t0 = performance.now();
      host.append(...badges);
      document.body.append(host);
      while (served < size || badges.some((badge) => badge.state === 'none')) await frame();
      await client.tokens.settled();
      await frame();
      await task();
      perBadge.get(size)!.push((performance.now() - t0) / size);
      host.remove();
      client.destroy();
      await frame();
    }
  }
  const base = median(perBadge.get(sizes[0]!)!);
  for (const size of sizes) {
    const values = perBadge.get(size)!;
    figures[`mount ${size.toLocaleString('en')} badges by integration-id, ms`] = Math.round(median(values) * size);
    figures[`mount ${size.toLocaleString('en')}: ms per badge ÷ that at ${sizes[0]!.toLocaleString('en')}`] =
      `${round(median(values) / base)} (${round(Math.min(...values) / base)}–${round(Math.max(...values) / base)}), ${values.length} runs`;
  }
}

const figures: Figures = {};
(window as unknown as { __bench: Promise<Figures> }).__bench = (async () => {
  await tickFigures(figures);
  await parseFigures(figures);
  await mountFigures(figures);
  return figures;
})();
