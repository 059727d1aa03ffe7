import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import {
  createClient,
  IntegrationError,
  QueryCache,
  TokenScheduler,
  type Integration,
  type TokenSource,
  type TokenState,
} from '../../src/core/index.js';
import { makeIntegration } from '../support/fixtures.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';

// Captured before any fake clock: Web Locks and BroadcastChannel deliver on the real event loop.
const realSetTimeout = window.setTimeout.bind(window);
const pause = () => new Promise((resolve) => realSetTimeout(resolve, 5));
/** Waits (in real time) until `condition` holds, for work that crosses the real event loop. */
async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await pause();
  }
}

/**
 * Resolves once no refresh in `scope` holds or waits for its (exclusive) Web Lock; the shared
 * locks a tab keeps after refreshing say which token it replaced and do not count. A refresh that a timer of
 * the fake clock starts has asked for the lock before the clock call returns, and runs once the
 * lock manager grants it on the real event loop; when the lock manager reports the scope idle,
 * every such refresh has run and settled. So "no refresh happened" is checked, not a guessed wait.
 */
async function refreshesSettled(scope: string): Promise<void> {
  await eventually(async () => {
    const { held = [], pending = [] } = await navigator.locks.query();
    return ![...held, ...pending].some((lock) => lock.mode === 'exclusive' && lock.name?.includes(`:${scope}:`));
  }, `the refreshes in ${scope} to settle`);
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Holds the server's refreshes until a second tab is queued for the refresh lock of `scope`. */
async function refreshWhileAnotherTabWaits(server: FakeTokenServer, scope: string, tick: () => Promise<unknown>): Promise<void> {
  let open!: () => void;
  server.gate = new Promise<void>((resolve) => (open = resolve));
  await tick();
  await eventually(
    async () => ((await navigator.locks.query()).pending ?? []).some((lock) => lock.name?.includes(scope)),
    'the second tab to queue for the lock',
  );
  open();
}

/** The server side of refreshing, shared by every "tab" of a test. */
class FakeTokenServer {
  calls: Array<{ id: string; at: number }> = [];
  failWith: IntegrationError | undefined;
  lifetimeMs = HOUR;

  /** What the server holds after its last refresh of each integration. */
  latest = new Map<string, Integration>();
  /** When set, refreshes wait for it: a slow provider, so another tab meets the held lock. */
  gate: Promise<void> | undefined;

  async refresh(id: string, current: Integration): Promise<Integration> {
    this.calls.push({ id, at: Date.now() });
    await Promise.resolve();
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    const refreshed: Integration = {
      ...current,
      tokenStatus: 'valid',
      tokenExpiresAt: new Date(Date.now() + this.lifetimeMs).toISOString(),
      updatedAt: new Date().toISOString(),
    };
    this.latest.set(id, refreshed);
    return refreshed;
  }

  callsFor(id: string) {
    return this.calls.filter((c) => c.id === id);
  }
}

/** One tab's cache, as the scheduler sees it. */
function fakeSource(
  server: FakeTokenServer,
  integrations: Integration[],
  scope = `scope-${crypto.randomUUID()}`,
): TokenSource & { items: Map<string, Integration> } {
  const items = new Map(integrations.map((i) => [i.id, i]));
  const listeners = new Set<() => void>();
  return {
    items,
    scope,
    integrations: () => [...items.values()],
    subscribe: (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    refresh: (id) => server.refresh(id, items.get(id)!),
    load: async (id) => server.latest.get(id) ?? items.get(id)!,
    health: async (id) => ({
      integrationId: id,
      tokenStatus: 'expired',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      scopes: ['read'],
      lastRefreshAt: null,
      failureCount: 2,
      refreshHistory: [],
    }),
    store: (integration) => {
      items.set(integration.id, integration);
      listeners.forEach((l) => l());
    },
  };
}

const expiringIn = (id: string, ms: number) => makeIntegration({ id, tokenExpiresAt: new Date(Date.now() + ms).toISOString() });

describe('token refresh scheduler (fake clock)', () => {
  let clock: sinon.SinonFakeTimers;
  let scheduler: TokenScheduler | undefined;
  let other: TokenScheduler | undefined;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    scheduler?.stop();
    other?.stop();
    scheduler = other = undefined;
    clock.restore();
    sinon.restore(); // the stubs of a test (a dropped broadcast, a hidden page)
  });

  /**
   * Moves the fake clock on by `ms`, timer by timer. After each timer the refreshes it started
   * finish (they wait for a Web Lock, granted on the real event loop) before the clock moves on, so
   * each refresh happens, and is recorded, at the moment it fell due; and when this returns, no
   * refresh that fell due is still on its way.
   */
  async function runFor(ms: number, scope: string): Promise<void> {
    const until = Date.now() + ms;
    setTimeout(() => undefined, ms); // where the clock stops
    for (let fired = 0; Date.now() < until; fired++) {
      if (fired > 500) throw new Error(`more than 500 timers in ${ms} ms: a refresh storm`);
      await clock.nextAsync();
      await refreshesSettled(scope);
    }
  }

  it('watches 1,000 integrations with one timer', async () => {
    const server = new FakeTokenServer();
    const items = Array.from({ length: 1000 }, (_, i) => expiringIn(`int-${i}`, 10 * MIN + i * 1000));
    const before = clock.countTimers();
    const source = fakeSource(server, items);
    scheduler = new TokenScheduler(source, { leadTimeMs: MIN, clockSkewMs: 0 });
    scheduler.start();
    await scheduler.settled();
    expect(clock.countTimers() - before).to.equal(1);
    await runFor(9 * MIN - 1, source.scope);
    expect(server.calls).to.have.length(0);
    await clock.tickAsync(1);
    await eventually(() => scheduler!.stateOf('int-0') === 'valid', 'the refresh');
    expect(server.calls.map((c) => c.id)).to.deep.equal(['int-0']);
    expect(clock.countTimers() - before, 'still one timer after a refresh').to.equal(1);
  });

  it('refreshes each token once, a lead time before it expires', async () => {
    const server = new FakeTokenServer();
    const start = Date.now();
    const source = fakeSource(server, [expiringIn('a', 10 * MIN), expiringIn('b', 20 * MIN), expiringIn('c', 30 * MIN)]);
    scheduler = new TokenScheduler(source, { leadTimeMs: 2 * MIN, clockSkewMs: 5_000 });
    scheduler.start();
    await scheduler.settled();
    await runFor(40 * MIN, source.scope);
    for (const [id, expiresAfter] of [
      ['a', 10 * MIN],
      ['b', 20 * MIN],
      ['c', 30 * MIN],
    ] as const) {
      const calls = server.callsFor(id);
      expect(calls, id).to.have.length(1);
      // Due at expiry − lead − skew.
      expect(calls[0]!.at - start, id).to.equal(expiresAfter - 2 * MIN - 5_000);
    }
    expect(scheduler.stateOf('a')).to.equal('valid');
  });

  it('refreshes a token shorter than the lead time halfway through its life, not in a storm', async () => {
    const server = new FakeTokenServer();
    server.lifetimeMs = 30_000;
    const source = fakeSource(server, [expiringIn('a', 30_000)]);
    scheduler = new TokenScheduler(source, { leadTimeMs: MIN, clockSkewMs: 5_000 });
    scheduler.start();
    await scheduler.settled();
    const start = Date.now();
    await runFor(14_999, source.scope);
    expect(server.calls, 'not before halfway').to.have.length(0);
    await runFor(1, source.scope);
    expect(
      server.calls.map((c) => c.at - start),
      'the first refresh, halfway',
    ).to.deep.equal([15_000]);
    await runFor(14_999, source.scope);
    expect(server.calls, 'the new 30 s token is not refreshed at once').to.have.length(1);
    await runFor(1, source.scope);
    expect(
      server.calls.map((c) => c.at - start),
      'the second refresh, halfway through the new token',
    ).to.deep.equal([15_000, 30_000]);
  });

  it('backs off exponentially after failures, and stops for failures a retry cannot fix', async () => {
    const server = new FakeTokenServer();
    server.failWith = new IntegrationError('server_error', 'provider down');
    const source = fakeSource(server, [expiringIn('a', 2 * MIN)]);
    scheduler = new TokenScheduler(source, { leadTimeMs: MIN, clockSkewMs: 0, backoffBaseMs: 10_000 });
    const states: TokenState[] = [];
    scheduler.subscribe((_, state) => states.push(state));
    scheduler.start();
    await scheduler.settled();
    await runFor(2 * MIN, source.scope);
    const gaps = server.calls.slice(1).map((c, i) => c.at - server.calls[i]!.at);
    expect(server.calls.length).to.be.within(3, 5);
    expect(gaps[0]).to.be.within(5_000, 10_000);
    expect(gaps[1]).to.be.within(10_000, 20_000);
    expect(scheduler.stateOf('a')).to.equal('error');
    expect(scheduler.lastError('a')?.code).to.equal('server_error');
    expect(states).to.include('refreshing');

    server.failWith = new IntegrationError('permission_denied', 'consent revoked');
    await runFor(10 * MIN, source.scope);
    const afterHalt = server.calls.length;
    await runFor(30 * MIN, source.scope);
    expect(server.calls.length, 'no retries after a permission failure').to.equal(afterHalt);
  });

  /** Two tabs of one client scope, each caching the same integration, refreshing at the same moment. */
  async function twoTabsRefresh() {
    const server = new FakeTokenServer();
    const scope = `tabs-${crypto.randomUUID()}`;
    const tabA = fakeSource(server, [expiringIn('a', 5 * MIN)], scope);
    const tabB = fakeSource(server, [expiringIn('a', 5 * MIN)], scope);
    const loads = [sinon.spy(tabA, 'load'), sinon.spy(tabB, 'load')];
    scheduler = new TokenScheduler(tabA, { leadTimeMs: MIN, clockSkewMs: 0 });
    other = new TokenScheduler(tabB, { leadTimeMs: MIN, clockSkewMs: 0 });
    scheduler.start();
    other.start();
    await Promise.all([scheduler.settled(), other.settled()]);
    await refreshWhileAnotherTabWaits(server, scope, () => clock.tickAsync(4 * MIN));
    await eventually(() => other!.stateOf('a') === 'valid' && scheduler!.stateOf('a') === 'valid', 'both tabs to settle');
    await refreshesSettled(scope);
    return { server, tabA, tabB, loadCount: () => loads.reduce((n, spy) => n + spy.callCount, 0) };
  }

  it('lets only one of two tabs refresh, and shares the result with the other', async () => {
    const { server, tabA, tabB } = await twoTabsRefresh();
    expect(server.calls).to.have.length(1);
    expect(tabB.items.get('a')!.tokenExpiresAt).to.equal(tabA.items.get('a')!.tokenExpiresAt);
    expect(other!.stateOf('a')).to.equal('valid');
  });

  it('asks the server rather than refreshing again when the other tab’s broadcast comes late', async () => {
    // The lock and the channel are not ordered: here the broadcast never arrives before the tab
    // that waited for the lock holds it (it is dropped), the worst case of that race.
    sinon.stub(BroadcastChannel.prototype, 'postMessage');
    const { server, tabA, tabB, loadCount } = await twoTabsRefresh();
    expect(server.calls, 'one refresh in all').to.have.length(1);
    expect(loadCount(), 'the tab that waited read the server instead').to.equal(1);
    for (const tab of [tabA, tabB]) expect(tab.items.get('a')!.tokenExpiresAt).to.equal(server.latest.get('a')!.tokenExpiresAt);
  });

  it('reads the server rather than refreshing again when another tab refreshed just before and its broadcast has not come', async () => {
    // The race of two timers a few ms apart: the first tab's refresh is over and its lock let go
    // before the second tab's timer fires, and the broadcast is still on its way (here: dropped).
    sinon.stub(BroadcastChannel.prototype, 'postMessage');
    const server = new FakeTokenServer();
    const scope = `tabs-${crypto.randomUUID()}`;
    const tabA = fakeSource(server, [expiringIn('a', 5 * MIN)], scope);
    const tabB = fakeSource(server, [expiringIn('a', 5 * MIN)], scope);
    const loadB = sinon.spy(tabB, 'load');
    scheduler = new TokenScheduler(tabA, { leadTimeMs: MIN, clockSkewMs: 0 });
    other = new TokenScheduler(tabB, { leadTimeMs: MIN - 10, clockSkewMs: 0 }); // due 10 ms later
    scheduler.start();
    other.start();
    await Promise.all([scheduler.settled(), other.settled()]);
    await runFor(4 * MIN + 20, scope);
    expect(server.calls, 'one refresh in all').to.have.length(1);
    expect(loadB.callCount, 'the later tab read the server instead').to.equal(1);
    expect(tabB.items.get('a')!.tokenExpiresAt).to.equal(server.latest.get('a')!.tokenExpiresAt);
    expect(other.stateOf('a')).to.equal('valid');

    // The marker goes with the next refresh: the token after it is refreshed once more, not skipped.
    await runFor(HOUR, scope);
    expect(server.calls, 'the next token refreshed once, by one tab').to.have.length(2);
  });

  it('pauses while the page is hidden and catches up when it is visible again', async () => {
    const server = new FakeTokenServer();
    const visibility = sinon.stub(document, 'visibilityState').get(() => 'hidden');
    const source = fakeSource(server, [expiringIn('a', 3 * MIN)]);
    scheduler = new TokenScheduler(source, { leadTimeMs: MIN, clockSkewMs: 0 });
    const before = clock.countTimers();
    scheduler.start();
    await scheduler.settled();
    expect(clock.countTimers() - before, 'no timer while hidden').to.equal(0);
    await runFor(5 * MIN, source.scope);
    expect(server.calls).to.have.length(0);
    visibility.get(() => 'visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.tickAsync(0);
    await eventually(() => server.calls.length > 0, 'the catch-up refresh');
    expect(server.calls).to.have.length(1);
    visibility.restore();
  });

  it('reports valid, expiring, expired and none for the badge', async () => {
    const server = new FakeTokenServer();
    scheduler = new TokenScheduler(
      fakeSource(server, [
        expiringIn('valid', HOUR),
        expiringIn('soon', 3 * MIN),
        expiringIn('gone', -MIN),
        makeIntegration({ id: 'never', tokenStatus: 'none', tokenExpiresAt: null }),
      ]),
      { expiringWithinMs: 5 * MIN },
    );
    scheduler.start();
    await scheduler.settled();
    expect(scheduler.stateOf('valid')).to.equal('valid');
    expect(scheduler.stateOf('soon')).to.equal('expiring');
    expect(scheduler.stateOf('gone')).to.equal('expired');
    expect(scheduler.stateOf('never')).to.equal('none');
    expect(scheduler.stateOf('unknown')).to.equal('none');
  });

  it('joins concurrent manual refreshes into one request', async () => {
    const server = new FakeTokenServer();
    scheduler = new TokenScheduler(fakeSource(server, [expiringIn('a', HOUR)]));
    scheduler.start();
    await scheduler.settled();
    const first = scheduler.refresh('a');
    expect(scheduler.stateOf('a')).to.equal('refreshing');
    const [x, y] = await Promise.all([first, scheduler.refresh('a')]);
    expect(x).to.equal(y);
    expect(server.calls).to.have.length(1);
  });

  it('folds a health report into the state', async () => {
    scheduler = new TokenScheduler(fakeSource(new FakeTokenServer(), [expiringIn('a', HOUR)]));
    scheduler.start();
    await scheduler.settled();
    const health = await scheduler.checkHealth('a');
    expect(health.failureCount).to.equal(2);
    expect(scheduler.stateOf('a')).to.equal('expired');
  });
});

describe('token refresh scheduler, following the cache', () => {
  let clock: sinon.SinonFakeTimers;
  let scheduler: TokenScheduler | undefined;
  let cache: QueryCache;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    cache = new QueryCache({ staleTime: HOUR, gcTime: 10 * HOUR });
  });
  afterEach(() => {
    scheduler?.stop();
    scheduler = undefined;
    cache.destroy();
    clock.restore();
  });

  const listKey = ['integrations', 'list', {}];
  const detailKey = (id: string) => ['integrations', 'detail', id];
  /** The client's wiring of the scheduler to its cache, with a server that counts refreshes. */
  function cacheSource(server: FakeTokenServer) {
    const all = (): Integration[] => {
      const byId = new Map<string, Integration>();
      for (const [, page] of cache.entriesOf<{ items: Integration[] }>(['integrations', 'list']))
        for (const i of page?.items ?? []) byId.set(i.id, i);
      for (const [, item] of cache.entriesOf<Integration>(['integrations', 'detail'])) if (item) byId.set(item.id, item);
      return [...byId.values()];
    };
    const source: TokenSource = {
      scope: `cache-${crypto.randomUUID()}`,
      integrations: all,
      subscribe: (onChange) => cache.subscribe(onChange),
      refresh: (id) =>
        server.refresh(
          id,
          all().find((i) => i.id === id)!,
        ),
      load: async (id) => all().find((i) => i.id === id)!,
      health: () => Promise.reject(new Error('unused')),
      store: (integration) => cache.set(detailKey(integration.id), integration),
    };
    return { source, integrations: sinon.spy(source, 'integrations') };
  }

  it('takes its first look after the first frame, and a refresh already due then is not delayed', async () => {
    const server = new FakeTokenServer();
    cache.set(listKey, { items: [expiringIn('due', -MIN), expiringIn('later', 10 * MIN)], nextCursor: null, total: 2 });
    const { source, integrations } = cacheSource(server);
    scheduler = new TokenScheduler(source, { leadTimeMs: MIN, clockSkewMs: 0 });
    const start = Date.now();
    scheduler.start();
    expect(integrations.callCount, 'nothing read while the page starts').to.equal(0);
    expect(server.calls).to.have.length(0);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await scheduler.settled();
    await clock.tickAsync(0);
    await refreshesSettled(source.scope);
    expect(integrations.callCount).to.equal(1);
    expect(
      server.calls.map((c) => [c.id, c.at - start]),
      'due at start: refreshed after that frame, no later on the clock',
    ).to.deep.equal([['due', 0]]);
    await clock.tickAsync(9 * MIN - 1);
    await refreshesSettled(source.scope);
    expect(server.calls).to.have.length(1);
    await clock.tickAsync(1);
    await refreshesSettled(source.scope);
    expect(
      server.calls.map((c) => [c.id, c.at - start]),
      'the later one exactly a lead time before expiry',
    ).to.deep.equal([
      ['due', 0],
      ['later', 9 * MIN],
    ]);
  });

  it('takes in only the integrations a write wrote, and drops one only when no entry holds it', async () => {
    const server = new FakeTokenServer();
    const items = Array.from({ length: 1_000 }, (_, i) => expiringIn(`int-${i}`, HOUR + i * 1000));
    cache.set(listKey, { items, nextCursor: null, total: items.length });
    const { source, integrations } = cacheSource(server);
    scheduler = new TokenScheduler(source, { leadTimeMs: MIN, clockSkewMs: 0, expiringWithinMs: 5 * MIN });
    scheduler.start();
    await scheduler.settled();
    const changes: string[] = [];
    scheduler.subscribe((id) => changes.push(id));
    const watched: TokenState[] = [];
    scheduler.watch('int-1', (state) => watched.push(state));
    integrations.resetHistory();

    // A badge per integration loads its detail: 1,000 writes of unchanged copies.
    for (const item of items) cache.set(detailKey(item.id), { ...item });
    // Two writes in one task: the second copy of int-7 wins.
    const now = new Date().toISOString();
    cache.set(detailKey('int-7'), { ...items[7]!, tokenExpiresAt: new Date(Date.now() + 2 * MIN).toISOString(), updatedAt: now });
    cache.set(detailKey('int-8'), { ...items[8]!, tokenExpiresAt: new Date(Date.now() + 3 * MIN).toISOString(), updatedAt: now });
    await scheduler.settled();
    expect(integrations.callCount, 'no write read everything again').to.equal(0);
    expect(changes, 'only the integrations whose state changed are announced: ' + JSON.stringify(changes)).to.deep.equal([
      'int-7',
      'int-8',
    ]);
    expect(watched, 'a watcher of int-1 hears nothing of others').to.deep.equal([]);
    expect(scheduler.stateOf('int-7')).to.equal('expiring');

    // Deleted: out of the list and its detail gone, while int-9 leaves the list but keeps its detail.
    cache.set(listKey, { items: items.filter((i) => i.id !== 'int-3' && i.id !== 'int-9'), nextCursor: null, total: 998 });
    cache.remove(detailKey('int-3'));
    await scheduler.settled();
    expect(scheduler.stateOf('int-3'), 'held nowhere: forgotten').to.equal('none');
    expect(scheduler.stateOf('int-9'), 'still held by its detail entry').to.equal('valid');
    expect(scheduler.expiresAt('int-9')).to.equal(Date.parse(items[9]!.tokenExpiresAt!));
    expect(changes, JSON.stringify(changes)).to.deep.equal(['int-7', 'int-8', 'int-3']);
    expect(clock.countTimers(), 'one refresh timer (and the cache’s collection timers)').to.be.at.least(1);
  });
});

describe('token refresh through the client', () => {
  it('knows what the cache knows, and refreshes through the API', async () => {
    const soon = makeIntegration({ id: 'int-1', tokenExpiresAt: new Date(Date.now() + 2 * MIN).toISOString() });
    const later = { ...soon, tokenExpiresAt: new Date(Date.now() + HOUR).toISOString(), updatedAt: new Date().toISOString() };
    const { fetch, requests } = fakeFetch(jsonResponse(200, { items: [soon], nextCursor: null, total: 1 }), jsonResponse(200, later));
    const client = createClient({ apiBaseUrl: 'https://api.example.com/api', fetch });
    await client.listIntegrations();
    // The scheduler follows the cache, which tells its subscribers in a later task.
    await eventually(() => client.tokens.stateOf('int-1') !== 'none', 'the scheduler to see the cached integration');
    expect(client.tokens.stateOf('int-1')).to.equal('expiring');
    await client.refreshToken('int-1');
    expect(requests[1]!.method).to.equal('POST');
    expect(requests[1]!.url.pathname).to.equal('/api/integrations/int-1/tokens/refresh');
    expect(client.cachedIntegration('int-1')!.tokenExpiresAt).to.equal(later.tokenExpiresAt);
    expect(client.tokens.stateOf('int-1')).to.equal('valid');
    client.destroy();
  });
});
