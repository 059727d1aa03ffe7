// The token refresh scheduler with 10,000 watched integrations: the in-page half of
// `node bench/scheduler.mjs` (that file bundles this one, serves it, and reads the figures).
// The page does one part, named in its query string, and puts what it saw on `window.__bench`:
//
// - `?part=timers&mix=objects|ids|half&n=…`: badges for n integrations, given `.integration` objects
//   (taken from a watched list: a host that lists integrations and shows a badge per item, so the
//   scheduler knows them through the cache), given `integration-id` (each loads through the
//   client), or half each. The API is a fake `fetch` answering at once from a Map of JSON bodies.
//   Timers are counted by the runner's init script, which wraps the timer functions before this
//   bundle runs; the page only says when everything settled.
// - `?part=cpu&scheduler=on|off&n=…`: n integrations whose tokens expire hours away, in the cache
//   through a watched list, and nothing else on the page. `off` is the same page with
//   `autoRefresh: false`: the baseline, so the difference is the scheduler's own idle cost. The
//   list refetch interval is off in both (a 10,000-item refetch would swamp an idle minute and is
//   the cache's cost, not the scheduler's).
// - `?part=refresh&tab=…&lead=…`: a real client of the runner's API on this origin, watching its
//   list; the runner counts the refresh requests. `window.__benchState()` tells the runner how
//   each integration ended up in this tab.
import { createClient, INTEGRATION_ACTIONS, type Integration, type IntegrationsClient, type Me } from '../src/core/index.js';
import '../src/elements/token-status-badge/define.js';
import type { TokenStatusBadgeElement } from '../src/elements/token-status-badge/define.js';
import { makeIntegrations } from '../tests/support/fixtures.js';
import { frame, task } from './page-timing.js';

type Figures = Record<string, number | string>;

const params = new URLSearchParams(location.search);
const HOUR = 3_600_000;
/** An owner, who may refresh; no event stream and no server-side refresh, so the browser refreshes. */
const OWNER: Me = {
  tenant: { id: 'tenant-a' },
  user: { id: 'user-1' },
  role: 'owner',
  permissions: [...INTEGRATION_ACTIONS],
  features: { events: false, serverRefresh: false },
};

const round = (value: number, digits = 1) => +value.toFixed(digits);

/** Integrations whose tokens expire 2 to 5 hours from now (nothing comes due during a run). */
function farIntegrations(count: number, prefix: string): Integration[] {
  return makeIntegrations(count, prefix).map((item: Integration, i: number) => ({
    ...item,
    tokenExpiresAt: new Date(Date.now() + 2 * HOUR + ((i * 1_000) % (3 * HOUR))).toISOString(),
  }));
}

const listBody = (items: Integration[]) => JSON.stringify({ items, nextCursor: null, total: items.length });
const jsonResponse = (body: string, status = 200) => new Response(body, { status, headers: { 'Content-Type': 'application/json' } });

/** A fake API answering at once: `/me`, the list, and each integration by id. */
function fakeFetch(list: Integration[], byId: Integration[]) {
  const bodies = new Map(byId.map((item) => [item.id, JSON.stringify(item)]));
  const listed = listBody(list);
  const me = JSON.stringify(OWNER);
  const counts = { me: 0, list: 0, detail: 0 };
  const fetch: typeof globalThis.fetch = async (input) => {
    const path = new URL(String(input)).pathname;
    if (path.endsWith('/me')) {
      counts.me++;
      return jsonResponse(me);
    }
    if (path.endsWith('/integrations')) {
      counts.list++;
      return jsonResponse(listed);
    }
    counts.detail++;
    const body = bodies.get(decodeURIComponent(path.split('/').pop()!));
    return body ? jsonResponse(body) : jsonResponse('{"code":"not_found","message":"No such integration."}', 404);
  };
  return { fetch, counts };
}

/** Watches the client's list query until it has data; the watch stays (it is what a list view holds). */
function watchedList(client: IntegrationsClient): Promise<Integration[]> {
  return new Promise((resolve, reject) => {
    client.watch(client.queries.list(), (state) => {
      if (state.data) resolve(state.data.items);
      else if (state.error) reject(state.error);
    });
  });
}

/** A scrolled box, as a host's list would be: most badges are off screen. */
function scroller(): HTMLElement {
  const host = document.createElement('div');
  host.style.cssText = 'block-size: 600px; overflow: auto';
  document.body.append(host);
  return host;
}

function badge(client: IntegrationsClient, show: { integration: Integration } | { id: string }): TokenStatusBadgeElement {
  const element = document.createElement('token-status-badge');
  element.client = client;
  if ('integration' in show) element.integration = show.integration;
  else element.integrationId = show.id;
  return element;
}

/** Frames until every badge shows a state (throws after `limitMs`: a load that never ends). */
async function allShowing(badges: TokenStatusBadgeElement[], limitMs: number): Promise<void> {
  const deadline = performance.now() + limitMs;
  let waiting = badges;
  while ((waiting = waiting.filter((element) => element.state === 'none')).length > 0) {
    if (performance.now() > deadline) throw new Error(`${waiting.length} badges still show no state`);
    await frame();
  }
}

/** How many of `ids` the scheduler tracks (it knows their expiry). */
const scheduledCount = (client: IntegrationsClient, ids: string[]) => ids.filter((id) => client.tokens.expiresAt(id) !== undefined).length;

async function timersPart(figures: Figures): Promise<void> {
  const count = Number(params.get('n') ?? 10_000);
  const mix = params.get('mix') ?? 'objects';
  const byObject = mix === 'objects' ? count : mix === 'ids' ? 0 : Math.floor(count / 2);
  const listed = farIntegrations(byObject, 'obj');
  const loaded = farIntegrations(count - byObject, 'id');
  const api = fakeFetch(listed, loaded);
  const client = createClient({ apiBaseUrl: 'https://bench.example/api', fetch: api.fetch });
  const host = scroller();
  const t0 = performance.now();
  const objects = byObject > 0 ? await watchedList(client) : [];
  const badges = [...objects.map((integration) => badge(client, { integration })), ...loaded.map((item) => badge(client, { id: item.id }))];
  host.append(...badges);
  await allShowing(badges, 10 * 60_000);
  await client.tokens.settled();
  await frame();
  await task();
  figures['badges by .integration'] = byObject;
  figures['badges by integration-id'] = count - byObject;
  figures['mount until every badge shows a state, ms'] = Math.round(performance.now() - t0);
  figures['integrations the scheduler tracks'] = scheduledCount(
    client,
    [...listed, ...loaded].map((item) => item.id),
  );
  figures['requests: /me, list, by id'] = `${api.counts.me}, ${api.counts.list}, ${api.counts.detail}`;
}

async function cpuPart(figures: Figures): Promise<void> {
  const count = Number(params.get('n') ?? 10_000);
  const scheduler = params.get('scheduler') !== 'off';
  const items = farIntegrations(count, 'cpu');
  const api = fakeFetch(items, []);
  const client = createClient({
    apiBaseUrl: 'https://bench.example/api',
    fetch: api.fetch,
    autoRefresh: scheduler,
    refetchIntervalMs: 0,
  });
  await watchedList(client);
  await client.tokens.settled();
  await frame();
  await task();
  figures['scheduler'] = scheduler ? 'on' : 'off';
  figures['integrations in the cache'] = client.cachedIntegrations().length;
  figures['integrations the scheduler tracks'] = scheduledCount(
    client,
    items.map((item) => item.id),
  );
}

async function refreshPart(figures: Figures): Promise<void> {
  const tab = params.get('tab') ?? '1';
  const client = createClient({
    apiBaseUrl: '/api',
    getAccessToken: () => 'bench-token',
    // Only so the runner can tell which tab sent each refresh.
    headers: { 'X-Bench-Tab': tab },
    tokenRefresh: { leadTimeMs: Number(params.get('lead') ?? 50_000) },
  });
  const t0 = performance.now();
  const items = await watchedList(client);
  await client.tokens.settled();
  figures['tab'] = tab;
  figures['integrations listed'] = items.length;
  figures['integrations the scheduler tracks'] = scheduledCount(
    client,
    items.map((item) => item.id),
  );
  figures['list load + first look, ms'] = Math.round(performance.now() - t0);
  (window as unknown as { __benchState: () => Figures }).__benchState = () => tokenStates(client, items);
}

/** How this tab's integrations ended up: badge states, and the codes of refresh failures. */
function tokenStates(client: IntegrationsClient, items: Integration[]): Figures {
  const tally: Figures = {};
  for (const { id } of items) {
    const state = client.tokens.stateOf(id);
    const error = client.tokens.lastError(id);
    const name = error ? `${state} (${error.code})` : state;
    tally[name] = Number(tally[name] ?? 0) + 1;
  }
  tally['earliest expiry now, min from now'] = round(
    Math.min(...items.map(({ id }) => client.tokens.expiresAt(id) ?? Infinity)) / 60_000 - Date.now() / 60_000,
  );
  return tally;
}

const parts: Record<string, (figures: Figures) => Promise<void>> = { timers: timersPart, cpu: cpuPart, refresh: refreshPart };
const figures: Figures = {};
(window as unknown as { __bench: Promise<Figures> }).__bench = (async () => {
  await parts[params.get('part') ?? 'timers']!(figures);
  return figures;
})();
