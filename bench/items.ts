// `npm run bench -- items`: <integration-list> with 1,000, 10,000 and 50,000 integrations on the
// server, against the minimal window (bench/minimal-window.ts) over the same cards, in the same
// page, runs alternating (ABAB). The list pages 100 at a time, as it always does.
//
// - first cards: mounting to the first screenful painted. The baseline reads the same first page
//   (text + JSON.parse) and draws it; neither counts the mock's work (bodies are encoded before
//   the clock starts).
// - select all matching: "Select all N matching" in the bulk bar until every page is in and
//   selected; the baseline reads the same pages and draws after each.
// - a status-filter change with 10,000 loaded: the toolbar's select changed to the first painted
//   card of the new filter; the baseline reads the filtered first page and draws it.
// A span ends in a task after the frame that shows its cards (once that frame is drawn).
import { createClient, type Integration, type IntegrationsClient } from '../src/core/index.js';
import '../src/elements/integration-list/define.js';
import type { IntegrationListElement } from '../src/elements/integration-list/define.js';
import { makeIntegrations, makeProviders } from '../tests/support/fixtures.js';
import { minimalWindow, scroller } from './minimal-window.js';
import { frame, task } from './page-timing.js';

type Figures = Record<string, number | string>;
const params = new URLSearchParams(location.search);
const SIZES = (params.get('sizes') ?? '1000,10000,50000').split(',').map(Number);
const PAIRS = Number(params.get('pairs') ?? 5);
const PAGE = 100;
const STATUSES = ['error', 'disabled', 'pending'] as const;

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const median = (values: number[]) => quantile(values, 0.5);
const round = (value: number, digits = 2) => +value.toFixed(digits);
const ratioText = (ours: number[], base: number[]) => {
  const ratios = ours.map((value, i) => value / base[i]!);
  return `${round(median(ratios))} (${round(Math.min(...ratios))}–${round(Math.max(...ratios))}), ${ratios.length} pairs`;
};
const msText = (values: number[]) => `${round(median(values), 1)} (${round(Math.min(...values), 1)}–${round(Math.max(...values), 1)})`;

/** Integrations with a mix of statuses, so a status filter has something to find. */
function integrations(count: number): Integration[] {
  return makeIntegrations(count).map((item: Integration, i: number) => ({
    ...item,
    status: i % 10 === 3 ? 'error' : i % 10 === 5 || i % 10 === 8 ? 'disabled' : i % 10 === 7 ? 'pending' : 'active',
  }));
}

/** The server's pages of `all` (and of each status), encoded before any clock starts. */
function pagesOf(all: Integration[]) {
  const encoder = new TextEncoder();
  const bodies = new Map<string, Uint8Array>();
  const encode = (items: Integration[], status: string) => {
    for (let start = 0; start < items.length || start === 0; start += PAGE) {
      const next = start + PAGE < items.length ? String(start + PAGE) : null;
      bodies.set(
        `${status}:${start}`,
        encoder.encode(JSON.stringify({ items: items.slice(start, start + PAGE), nextCursor: next, total: items.length })),
      );
    }
  };
  encode(all, '');
  for (const status of STATUSES)
    encode(
      all.filter((item) => item.status === status),
      status,
    );
  return (status: string, start: number) => bodies.get(`${status}:${start}`)!;
}

function apiClient(page: (status: string, start: number) => Uint8Array): IntegrationsClient {
  const providers = new TextEncoder().encode(JSON.stringify(makeProviders()));
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/cloud-providers')) return new Response(providers);
    if (url.pathname.endsWith('/me')) return new Response('{}', { status: 404 });
    return new Response(page(url.searchParams.get('status') ?? '', Number(url.searchParams.get('cursor') ?? 0)));
  };
  return createClient({ apiBaseUrl: 'https://bench.example/api', fetch, autoRefresh: false });
}

/** Resolves in a task after the first frame at whose start `ready()` holds (that frame drawn). */
async function painted(ready: () => boolean): Promise<void> {
  do await frame();
  while (!ready());
  await task();
}

const cardsOf = (list: IntegrationListElement) => list.shadowRoot?.querySelectorAll('integration-card') ?? [];

function mountList(box: HTMLElement, client: IntegrationsClient): IntegrationListElement {
  box.style.display = 'block';
  const list = document.createElement('integration-list') as IntegrationListElement;
  list.client = client;
  list.pageSize = PAGE;
  box.append(list);
  return list;
}

async function readPage(bytes: Uint8Array): Promise<{ items: Integration[]; nextCursor: string | null }> {
  return JSON.parse(await new Response(bytes).text());
}

async function sizeFigures(count: number, figures: Figures): Promise<void> {
  const label = count.toLocaleString('en');
  const page = pagesOf(integrations(count));
  const providers = makeProviders();
  const first = { ours: [] as number[], base: [] as number[] };
  for (let pair = 0; pair <= PAIRS; pair++) {
    const box = scroller();
    const client = apiClient(page);
    let t0 = performance.now();
    const list = mountList(box, client);
    await painted(() => cardsOf(list).length > 0);
    const ours = performance.now() - t0;
    box.remove();
    client.destroy();

    const baseBox = scroller();
    t0 = performance.now();
    const { items } = await readPage(page('', 0));
    minimalWindow(baseBox, items, providers, client).show();
    await painted(() => baseBox.querySelector('integration-card') !== null);
    const base = performance.now() - t0;
    baseBox.remove();
    if (pair === 0) continue; // warm-up
    first.ours.push(ours);
    first.base.push(base);
  }
  figures[`${label}: first cards, ours ms`] = msText(first.ours);
  figures[`${label}: first cards, minimal window ms`] = msText(first.base);
  figures[`${label}: first cards, ours ÷ minimal`] = ratioText(first.ours, first.base);

  // Select all matching: one pair per size beyond 10,000 (a run of 50,000 takes long).
  const pairs = count > 10_000 ? 1 : Math.min(PAIRS, 3);
  const all = { ours: [] as number[], base: [] as number[] };
  let loaded: { list: IntegrationListElement; box: HTMLElement; client: IntegrationsClient } | undefined;
  for (let pair = 0; pair < pairs; pair++) {
    loaded?.box.remove();
    loaded?.client.destroy();
    const box = scroller();
    const client = apiClient(page);
    const list = mountList(box, client);
    await painted(() => cardsOf(list).length > 0);
    list.select([list.items[0]!.id]);
    await list.updateComplete;
    const button = [...list.shadowRoot!.querySelectorAll<HTMLButtonElement>('.bulk-bar button.link')].find((b) =>
      /matching/.test(b.textContent ?? ''),
    );
    if (!button) throw new Error('no "Select all matching" button in the bulk bar');
    let t0 = performance.now();
    button.click();
    await painted(() => list.selectedIds.length === count);
    all.ours.push(performance.now() - t0);
    loaded = { list, box, client };
    box.style.display = 'none';

    const baseBox = scroller();
    const window = minimalWindow(baseBox, [], providers, client);
    window.show();
    t0 = performance.now();
    const items: Integration[] = [];
    for (let start: string | null = '0'; start !== null;) {
      const body = await readPage(page('', Number(start)));
      items.push(...body.items);
      window.setItems(items);
      start = body.nextCursor;
    }
    await painted(() => baseBox.querySelector('integration-card') !== null);
    all.base.push(performance.now() - t0);
    baseBox.remove();
    box.style.display = 'block';
  }
  figures[`${label}: select all matching (${count / PAGE} pages), ours ms`] = msText(all.ours);
  figures[`${label}: select all matching, minimal window ms`] = msText(all.base);
  figures[`${label}: select all matching, ours ÷ minimal`] = ratioText(all.ours, all.base);

  if (count === 10_000 && loaded) {
    const { list, client } = loaded;
    const filter = { ours: [] as number[], base: [] as number[] };
    for (const status of STATUSES) {
      const select = list.shadowRoot!.querySelector<HTMLSelectElement>('select')!;
      let t0 = performance.now();
      select.value = status;
      select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      await painted(() => {
        const card = cardsOf(list)[0] as (Element & { integration?: Integration }) | undefined;
        return card?.integration?.status === status;
      });
      filter.ours.push(performance.now() - t0);

      const baseBox = scroller();
      const window = minimalWindow(baseBox, integrations(0), providers, client);
      window.show();
      t0 = performance.now();
      window.setItems((await readPage(page(status, 0))).items);
      await painted(() => baseBox.querySelector('integration-card') !== null);
      filter.base.push(performance.now() - t0);
      baseBox.remove();
    }
    figures['10,000 loaded: status-filter change, ours ms'] = msText(filter.ours);
    figures['10,000 loaded: status-filter change, minimal window ms'] = msText(filter.base);
    figures['10,000 loaded: status-filter change, ours ÷ minimal'] = ratioText(filter.ours, filter.base);
  }
  loaded?.box.remove();
  loaded?.client.destroy();
}

async function run(): Promise<Figures> {
  const figures: Figures = { 'pairs (ABAB, after a warm-up pair), page size': `${PAIRS}, ${PAGE}` };
  for (const count of SIZES) await sizeFigures(count, figures);
  return figures;
}

(window as unknown as { __bench: Promise<Figures> }).__bench = run();
