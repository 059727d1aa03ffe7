import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import {
  createClient,
  IntegrationError,
  TokenScheduler,
  type Integration,
  type TokenSource,
  type TokenState,
} from '../../src/core/index.js';
import { makeIntegration } from '../support/fixtures.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';

// Captured before any fake clock: Web Locks and BroadcastChannel deliver on the real event loop.
const realSetTimeout = window.setTimeout.bind(window);
const settle = () => new Promise((resolve) => realSetTimeout(resolve, 20));
/** Waits (in real time) until `condition` holds, for work that crosses the real event loop. */
async function eventually(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await settle();
  }
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Holds the server's refreshes until a second tab is queued for the refresh lock of `scope`. */
async function refreshWhileAnotherTabWaits(server: FakeTokenServer, scope: string, tick: () => Promise<unknown>): Promise<void> {
  let open!: () => void;
  server.gate = new Promise<void>((resolve) => (open = resolve));
  await tick();
  let waiting = false;
  await eventually(() => {
    void navigator.locks.query().then((state) => (waiting = (state.pending ?? []).some((lock) => lock.name?.includes(scope))));
    return waiting;
  }, 'the second tab to queue for the lock');
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
    const refreshed: Integration = { ...current, tokenStatus: 'valid', tokenExpiresAt: new Date(Date.now() + this.lifetimeMs).toISOString(), updatedAt: new Date().toISOString() };
    this.latest.set(id, refreshed);
    return refreshed;
  }

  callsFor(id: string) {
    return this.calls.filter((c) => c.id === id);
  }
}

/** One tab's cache, as the scheduler sees it. */
function fakeSource(server: FakeTokenServer, integrations: Integration[], scope = `scope-${crypto.randomUUID()}`): TokenSource & { items: Map<string, Integration> } {
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
    health: async (id) => ({ integrationId: id, tokenStatus: 'expired', expiresAt: new Date(Date.now() - 1000).toISOString(), scopes: ['read'], lastRefreshAt: null, failureCount: 2, refreshHistory: [] }),
    store: (integration) => {
      items.set(integration.id, integration);
      listeners.forEach((l) => l());
    },
  };
}

const expiringIn = (id: string, ms: number) =>
  makeIntegration({ id, tokenExpiresAt: new Date(Date.now() + ms).toISOString() });

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
  });

  it('watches 1,000 integrations with one timer', async () => {
    const server = new FakeTokenServer();
    const items = Array.from({ length: 1000 }, (_, i) => expiringIn(`int-${i}`, 10 * MIN + i * 1000));
    const before = clock.countTimers();
    scheduler = new TokenScheduler(fakeSource(server, items), { leadTimeMs: MIN, clockSkewMs: 0 });
    scheduler.start();
    expect(clock.countTimers() - before).to.equal(1);
    await clock.tickAsync(9 * MIN - 1);
    expect(server.calls).to.have.length(0);
    await clock.tickAsync(1);
    await eventually(() => scheduler!.stateOf('int-0') === 'valid', 'the refresh');
    expect(server.calls.map((c) => c.id)).to.deep.equal(['int-0']);
    expect(clock.countTimers() - before, 'still one timer after a refresh').to.equal(1);
  });

  it('refreshes each token once, a lead time before it expires', async () => {
    const server = new FakeTokenServer();
    const start = Date.now();
    scheduler = new TokenScheduler(fakeSource(server, [expiringIn('a', 10 * MIN), expiringIn('b', 20 * MIN), expiringIn('c', 30 * MIN)]), {
      leadTimeMs: 2 * MIN,
      clockSkewMs: 5_000,
    });
    scheduler.start();
    for (let t = 0; t < 40; t++) {
      await clock.tickAsync(MIN);
      await settle();
    }
    for (const [id, expiresAfter] of [['a', 10 * MIN], ['b', 20 * MIN], ['c', 30 * MIN]] as const) {
      const calls = server.callsFor(id);
      expect(calls, id).to.have.length(1);
      // Due at expiry − lead − skew. The request itself starts once the Web Lock is granted, on the
      // real event loop, so it may be recorded up to one simulated step later.
      const due = expiresAfter - 2 * MIN - 5_000;
      expect(calls[0]!.at - start, id).to.be.within(due, due + MIN);
      expect(calls[0]!.at - start, `${id} refreshed before expiry`).to.be.below(expiresAfter);
    }
    expect(scheduler.stateOf('a')).to.equal('valid');
  });

  it('refreshes a token shorter than the lead time halfway through its life, not in a storm', async () => {
    const server = new FakeTokenServer();
    server.lifetimeMs = 30_000;
    scheduler = new TokenScheduler(fakeSource(server, [expiringIn('a', 30_000)]), { leadTimeMs: MIN, clockSkewMs: 5_000 });
    scheduler.start();
    await clock.tickAsync(14_000);
    await settle();
    expect(server.calls, 'not before halfway').to.have.length(0);
    await clock.tickAsync(1_000);
    await eventually(() => server.calls.length === 1, 'the first refresh');
    for (let s = 0; s < 10; s++) {
      await clock.tickAsync(1_000);
      await settle();
    }
    expect(server.calls, 'the new 30 s token is not refreshed at once').to.have.length(1);
    await clock.tickAsync(6_000);
    await eventually(() => server.calls.length === 2, 'the second refresh, halfway through the new token');
  });

  it('backs off exponentially after failures, and stops for failures a retry cannot fix', async () => {
    const server = new FakeTokenServer();
    server.failWith = new IntegrationError('server_error', 'provider down');
    scheduler = new TokenScheduler(fakeSource(server, [expiringIn('a', 2 * MIN)]), { leadTimeMs: MIN, clockSkewMs: 0, backoffBaseMs: 10_000 });
    const states: TokenState[] = [];
    scheduler.subscribe((_, state) => states.push(state));
    scheduler.start();
    for (let s = 0; s < 120; s++) {
      await clock.tickAsync(1000);
      await settle();
    }
    const gaps = server.calls.slice(1).map((c, i) => c.at - server.calls[i]!.at);
    expect(server.calls.length).to.be.within(3, 5);
    expect(gaps[0]).to.be.within(5_000, 10_000);
    expect(gaps[1]).to.be.within(10_000, 20_000);
    expect(scheduler.stateOf('a')).to.equal('error');
    expect(scheduler.lastError('a')?.code).to.equal('server_error');
    expect(states).to.include('refreshing');

    server.failWith = new IntegrationError('permission_denied', 'consent revoked');
    await clock.tickAsync(10 * MIN);
    await settle();
    const afterHalt = server.calls.length;
    await clock.tickAsync(30 * MIN);
    await settle();
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
    await refreshWhileAnotherTabWaits(server, scope, () => clock.tickAsync(4 * MIN));
    await eventually(() => other!.stateOf('a') === 'valid' && scheduler!.stateOf('a') === 'valid', 'both tabs to settle');
    await settle();
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

  it('pauses while the page is hidden and catches up when it is visible again', async () => {
    const server = new FakeTokenServer();
    const visibility = sinon.stub(document, 'visibilityState').get(() => 'hidden');
    scheduler = new TokenScheduler(fakeSource(server, [expiringIn('a', 3 * MIN)]), { leadTimeMs: MIN, clockSkewMs: 0 });
    const before = clock.countTimers();
    scheduler.start();
    expect(clock.countTimers() - before, 'no timer while hidden').to.equal(0);
    await clock.tickAsync(5 * MIN);
    await settle();
    expect(server.calls).to.have.length(0);
    visibility.get(() => 'visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.tickAsync(0);
    await eventually(() => server.calls.length > 0, 'the catch-up refresh');
    expect(server.calls).to.have.length(1);
    visibility.restore();
  });

  it('reports valid, expiring, expired and none for the badge', () => {
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
    const first = scheduler.refresh('a');
    expect(scheduler.stateOf('a')).to.equal('refreshing');
    const [x, y] = await Promise.all([first, scheduler.refresh('a')]);
    expect(x).to.equal(y);
    expect(server.calls).to.have.length(1);
  });

  it('folds a health report into the state', async () => {
    scheduler = new TokenScheduler(fakeSource(new FakeTokenServer(), [expiringIn('a', HOUR)]));
    scheduler.start();
    const health = await scheduler.checkHealth('a');
    expect(health.failureCount).to.equal(2);
    expect(scheduler.stateOf('a')).to.equal('expired');
  });
});

describe('token refresh through the client', () => {
  it('knows what the cache knows, and refreshes through the API', async () => {
    const soon = makeIntegration({ id: 'int-1', tokenExpiresAt: new Date(Date.now() + 2 * MIN).toISOString() });
    const later = { ...soon, tokenExpiresAt: new Date(Date.now() + HOUR).toISOString(), updatedAt: new Date().toISOString() };
    const { fetch, requests } = fakeFetch(jsonResponse(200, { items: [soon], nextCursor: null, total: 1 }), jsonResponse(200, later));
    const client = createClient({ apiBaseUrl: 'https://api.example.com/api', fetch });
    await client.listIntegrations();
    await settle();
    expect(client.tokens.stateOf('int-1')).to.equal('expiring');
    await client.refreshToken('int-1');
    expect(requests[1]!.method).to.equal('POST');
    expect(requests[1]!.url.pathname).to.equal('/api/integrations/int-1/tokens/refresh');
    expect(client.cachedIntegration('int-1')!.tokenExpiresAt).to.equal(later.tokenExpiresAt);
    expect(client.tokens.stateOf('int-1')).to.equal('valid');
    client.destroy();
  });
});
