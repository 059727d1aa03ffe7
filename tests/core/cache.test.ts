import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { hashKey, QueryCache, type Pages, type QueryOptions, type QueryState } from '../../src/core/index.js';
import { gate, untilTrue } from '../support/fake-server.js';

/** A query function whose answers the test controls and counts. */
function source<T>(answer: (call: number, signal: AbortSignal) => T | Promise<T>) {
  const calls: AbortSignal[] = [];
  const queryFn = async ({ signal }: { signal: AbortSignal }) => {
    calls.push(signal);
    return answer(calls.length, signal);
  };
  return { queryFn, calls };
}

/** Resolves when `signal` aborts, like fetch does (rejecting). */
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));

/** Fakes the timers and the clock the cache reads, so a test steps time itself. */
const fakeClock = () => sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

async function expectRejection(promise: Promise<unknown>, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message, 'expected a rejection').to.equal(message);
}

function watchStates<T>(cache: QueryCache, options: QueryOptions<T>) {
  const watcher = cache.watch(options);
  const states: Array<QueryState<T>> = [];
  const stop = watcher.subscribe((state) => states.push(state));
  return { watcher, states, stop, last: () => watcher.getCurrentResult() };
}

function setVisibility(state: DocumentVisibilityState): () => void {
  const own = Object.getOwnPropertyDescriptor(document, 'visibilityState');
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  return () =>
    own ? Object.defineProperty(document, 'visibilityState', own) : delete (document as { visibilityState?: unknown }).visibilityState;
}

describe('QueryCache', () => {
  let cache: QueryCache;
  afterEach(() => cache?.destroy());

  it('names keys by value, whatever the order of object members', () => {
    expect(hashKey(['list', { a: 1, b: 2 }])).to.equal(hashKey(['list', { b: 2, a: 1 }]));
    expect(hashKey(['list', { a: 1 }])).not.to.equal(hashKey(['list', { a: 2 }]));
  });

  it('serves fresh data from the cache and fetches again once it is stale', async () => {
    const clock = fakeClock();
    try {
      cache = new QueryCache({ staleTime: 40 });
      const { queryFn, calls } = source((n) => `v${n}`);
      expect(await cache.fetch({ queryKey: ['a'], queryFn })).to.equal('v1');
      expect(await cache.fetch({ queryKey: ['a'], queryFn })).to.equal('v1');
      expect(calls).to.have.length(1);
      await clock.tickAsync(39);
      expect(await cache.fetch({ queryKey: ['a'], queryFn })).to.equal('v1'); // still fresh
      await clock.tickAsync(1);
      expect(await cache.fetch({ queryKey: ['a'], queryFn })).to.equal('v2');
      expect(await cache.fetch({ queryKey: ['a'], queryFn, staleTime: 0 })).to.equal('v3');
    } finally {
      clock.restore();
    }
  });

  it('lets a watcher see pending, then data; a later failure keeps the data beside the error', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    const { queryFn } = source((n) => {
      if (n === 2) throw new Error('down');
      return { n };
    });
    const { watcher, states, stop } = watchStates(cache, { queryKey: ['a'], queryFn });
    await waitUntil(() => watcher.getCurrentResult().isSuccess, 'the first fetch lands');
    expect(states.map((s) => [s.status, s.isFetching])).to.deep.equal([
      ['pending', true],
      ['success', false],
    ]);
    await expectRejection(watcher.refetch(), 'down');
    const failed = watcher.getCurrentResult();
    expect(failed.status).to.equal('error');
    expect(failed.error?.message).to.equal('down');
    expect(failed.data).to.deep.equal({ n: 1 });
    await watcher.refetch();
    expect(watcher.getCurrentResult()).to.include({ status: 'success', error: null });
    stop();
  });

  it('invalidates by key prefix: refetches what is watched, marks the rest stale', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    const watched = source((n) => `w${n}`);
    const unwatched = source((n) => `u${n}`);
    const other = source((n) => `o${n}`);
    const { last, stop } = watchStates(cache, { queryKey: ['items', 'list', 1], queryFn: watched.queryFn });
    await cache.fetch({ queryKey: ['items', 'detail', 1], queryFn: unwatched.queryFn });
    await cache.fetch({ queryKey: ['others'], queryFn: other.queryFn });
    await waitUntil(() => last().data === 'w1', 'the watched fetch lands');
    await cache.invalidate(['items']);
    expect(last().data).to.equal('w2');
    expect(unwatched.calls).to.have.length(1); // not refetched until read …
    expect(await cache.fetch({ queryKey: ['items', 'detail', 1], queryFn: unwatched.queryFn })).to.equal('u2'); // … but stale
    expect(await cache.fetch({ queryKey: ['others'], queryFn: other.queryFn })).to.equal('o1');
    stop();
  });

  it('restarts a running fetch on invalidation, and its callers get the newer answer', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    const { queryFn, calls } = source(async (n, signal) => (n === 1 ? untilAborted(signal) : 'after the change'));
    const { stop } = watchStates(cache, { queryKey: ['a'], queryFn });
    const first = cache.fetch({ queryKey: ['a'], queryFn });
    await cache.invalidate(['a']);
    expect(calls[0]!.aborted).to.equal(true);
    expect(await first).to.equal('after the change');
    stop();
  });

  it('cancels a running fetch so it cannot overwrite data written meanwhile', async () => {
    cache = new QueryCache({ staleTime: 0 });
    let release!: (value: string) => void;
    const { queryFn, calls } = source(() => new Promise<string>((resolve) => (release = resolve)));
    cache.set(['a'], 'old');
    const running = cache.fetch({ queryKey: ['a'], queryFn });
    cache.cancel(['a']);
    cache.set(['a'], 'optimistic');
    expect(calls[0]!.aborted).to.equal(true);
    release('late answer');
    await running.catch(() => undefined);
    expect(cache.get(['a'])).to.equal('optimistic');
  });

  it('keeps the identity of unchanged parts when data is refetched', async () => {
    cache = new QueryCache({ staleTime: 0 });
    const { queryFn } = source((n) => ({
      items: [
        { id: 1, name: 'same' },
        { id: 2, name: `v${n}` },
      ],
      meta: { total: 2 },
    }));
    const first = await cache.fetch({ queryKey: ['a'], queryFn });
    const second = await cache.fetch({ queryKey: ['a'], queryFn });
    expect(second).not.to.equal(first);
    expect(second.items[0]).to.equal(first.items[0]);
    expect(second.meta).to.equal(first.meta);
    expect(second.items[1]).to.deep.equal({ id: 2, name: 'v2' });
    const again = await cache.fetch({ queryKey: ['a'], queryFn: async () => structuredClone(second) });
    expect(again).to.equal(second);
  });

  it('refetches watched queries on an interval while the page is visible, not while hidden', async () => {
    const clock = fakeClock();
    try {
      cache = new QueryCache({ staleTime: 60_000 });
      const { queryFn, calls } = source((n) => n);
      const { stop } = watchStates(cache, { queryKey: ['a'], queryFn, refetchInterval: 25 });
      await clock.tickAsync(90);
      expect(calls).to.have.length(4); // the first load, then at 25, 50 and 75
      const restore = setVisibility('hidden');
      try {
        await clock.tickAsync(90);
        expect(calls).to.have.length(4);
      } finally {
        restore();
      }
      stop();
      await clock.tickAsync(60);
      expect(calls).to.have.length(4);
    } finally {
      clock.restore();
    }
  });

  describe('refetchInterval with several watchers', () => {
    it('refetches a key once per period of its shortest interval, counted from its last fetch', async () => {
      const clock = fakeClock();
      try {
        cache = new QueryCache({ staleTime: 60_000 });
        const { queryFn, calls } = source((n) => n);
        const slow = watchStates(cache, { queryKey: ['a'], queryFn, refetchInterval: 50 });
        const fast = watchStates(cache, { queryKey: ['a'], queryFn, refetchInterval: 20 });
        await clock.tickAsync(100);
        expect(calls, 'the first load, then at 20, 40, 60, 80 and 100').to.have.length(6);
        fast.stop();
        await clock.tickAsync(100);
        expect(calls, 'the remaining watcher’s 50: at 150 and 200').to.have.length(8);
        await clock.tickAsync(30);
        await cache.invalidate(['a']);
        expect(calls, 'an invalidation at 230 fetches').to.have.length(9);
        await clock.tickAsync(49);
        expect(calls, 'and restarts the count: nothing at 250').to.have.length(9);
        await clock.tickAsync(1);
        expect(calls, 'the next one at 280').to.have.length(10);
        slow.stop();
        await clock.tickAsync(500);
        expect(calls, 'the last watcher gone, the interval stops').to.have.length(10);
      } finally {
        clock.restore();
      }
    });

    it('keeps one timer for the intervals and collections of every key, and none once all are collected', async () => {
      const clock = fakeClock();
      try {
        cache = new QueryCache({ staleTime: 60_000, gcTime: 3_600_000 });
        const { queryFn, calls } = source((n) => n);
        const watchers = Array.from({ length: 1_000 }, (_, i) =>
          watchStates(cache, { queryKey: ['item', i], queryFn, refetchInterval: 1_000 + i }),
        );
        await clock.tickAsync(0);
        expect(clock.countTimers()).to.equal(1);
        await clock.tickAsync(1_000);
        expect(calls, 'the first loads, then key 0 at 1,000').to.have.length(1_001);
        for (const { stop } of watchers) stop();
        expect(clock.countTimers(), 'one timer, now for the collections').to.equal(1);
        await clock.tickAsync(5_000);
        expect(calls).to.have.length(1_001);
        await clock.tickAsync(3_600_000);
        expect(cache.entriesOf(['item'])).to.have.length(0);
        expect(clock.countTimers(), 'nothing left to wait for').to.equal(0);
      } finally {
        clock.restore();
      }
    });

    it('pauses while the page is hidden and goes on a period later once it is visible', async () => {
      const clock = fakeClock();
      try {
        cache = new QueryCache({ staleTime: 60_000 });
        const { queryFn, calls } = source((n) => n);
        const watchers = [20, 30].map((every) => watchStates(cache, { queryKey: ['a'], queryFn, refetchInterval: every }));
        await clock.tickAsync(40);
        expect(calls).to.have.length(3);
        const restore = setVisibility('hidden');
        try {
          await clock.tickAsync(100);
          expect(calls, 'hidden: no refetch').to.have.length(3);
        } finally {
          restore();
        }
        await clock.tickAsync(20);
        expect(calls, 'visible: the next period boundary refetches').to.have.length(4);
        for (const { stop } of watchers) stop();
      } finally {
        clock.restore();
      }
    });
  });

  it('refetches stale watched queries on focus and on reconnect, and fresh ones not', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    const stale = source((n) => n);
    const fresh = source((n) => n);
    const noFocus = source((n) => n);
    const watchers = [
      watchStates(cache, { queryKey: ['stale'], queryFn: stale.queryFn, staleTime: 0 }),
      watchStates(cache, { queryKey: ['fresh'], queryFn: fresh.queryFn }),
      watchStates(cache, { queryKey: ['no-focus'], queryFn: noFocus.queryFn, staleTime: 0, refetchOnWindowFocus: false }),
    ];
    const settled = () => watchers.every(({ last }) => last().isSuccess && !last().isFetching);
    await waitUntil(settled, 'the first loads land');
    // The wake-up starts every refetch it wants at once, so what did not start by then never will.
    window.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => stale.calls.length === 2 && settled(), 'the focus refetch lands');
    expect([stale.calls.length, fresh.calls.length, noFocus.calls.length]).to.deep.equal([2, 1, 1]);
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => stale.calls.length === 3 && settled(), 'the reconnect refetches land');
    expect([stale.calls.length, fresh.calls.length, noFocus.calls.length]).to.deep.equal([3, 1, 2]);
    for (const { stop } of watchers) stop();
  });

  it('shows the previous data as a placeholder while a new key loads, when asked to', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    let release!: () => void;
    const queryFn = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return 'week';
    };
    cache.set(['usage', 'day'], 'day');
    const watcher = cache.watch<string>({ queryKey: ['usage', 'day'], queryFn, placeholderData: (previous) => previous });
    const stop = watcher.subscribe(() => undefined);
    expect(watcher.getCurrentResult()).to.include({ data: 'day', isPlaceholderData: false });
    watcher.setOptions({ queryKey: ['usage', 'week'], queryFn, placeholderData: (previous) => previous });
    expect(watcher.getCurrentResult()).to.include({ data: 'day', isPlaceholderData: true, isFetching: true, status: 'success' });
    release();
    await waitUntil(() => watcher.getCurrentResult().data === 'week', 'the new key loads');
    expect(watcher.getCurrentResult()).to.include({ data: 'week', isPlaceholderData: false });
    stop();
  });

  it('forgets entries nobody watches after gcTime, and keeps watched ones', async () => {
    const clock = fakeClock();
    try {
      cache = new QueryCache({ staleTime: 60_000, gcTime: 20 });
      const { queryFn } = source(() => 'x');
      await cache.fetch({ queryKey: ['unwatched'], queryFn });
      const { stop, last } = watchStates(cache, { queryKey: ['watched'], queryFn });
      await untilTrue(() => last().isSuccess, 'the watched fetch lands');
      await clock.tickAsync(19);
      expect(cache.get(['unwatched'])).to.equal('x');
      await clock.tickAsync(31);
      expect(cache.get(['unwatched'])).to.equal(undefined);
      expect(cache.get(['watched'])).to.equal('x');
      stop();
      await clock.tickAsync(19);
      expect(cache.get(['watched'])).to.equal('x');
      await clock.tickAsync(31);
      expect(cache.get(['watched'])).to.equal(undefined);
    } finally {
      clock.restore();
    }
  });

  it('collects a thousand entries set at different times on one timer, each gcTime after it was made', async () => {
    const clock = fakeClock();
    try {
      cache = new QueryCache({ staleTime: 60_000, gcTime: 1_000 });
      for (let i = 0; i < 1_000; i++) {
        cache.set(['item', i], i);
        if (i % 100 === 99) await clock.tickAsync(10);
      }
      expect(clock.countTimers()).to.equal(1);
      await clock.tickAsync(1_000 - 100); // the first 100 were set at 0
      expect(cache.entriesOf(['item'])).to.have.length(900);
      await clock.tickAsync(40);
      expect(cache.entriesOf(['item'])).to.have.length(500);
      await clock.tickAsync(60);
      expect(cache.entriesOf(['item'])).to.have.length(0);
      expect(clock.countTimers()).to.equal(0);
    } finally {
      clock.restore();
    }
  });

  it('keeps an entry watched again before its collection, and collects one with a fetch running only after it', async () => {
    const clock = fakeClock();
    try {
      cache = new QueryCache({ staleTime: 0, gcTime: 100 });
      cache.set(['kept'], 'k');
      await clock.tickAsync(50);
      const { stop } = watchStates(cache, { queryKey: ['kept'], queryFn: async () => 'k' });
      let release = (_: string) => {};
      const slow = cache.fetch({ queryKey: ['slow'], queryFn: () => new Promise<string>((resolve) => (release = resolve)) });
      await clock.tickAsync(200);
      expect(cache.get(['kept']), 'watched when it was due').to.equal('k');
      expect(cache.entriesOf(['slow']), 'its fetch still runs').to.have.length(1);
      release('s');
      expect(await slow).to.equal('s');
      await clock.tickAsync(99);
      expect(cache.get(['slow'])).to.equal('s');
      await clock.tickAsync(100);
      expect(cache.entriesOf(['slow'])).to.have.length(0);
      stop();
      await clock.tickAsync(100);
      expect(cache.entriesOf(['kept'])).to.have.length(0);
    } finally {
      clock.restore();
    }
  });

  it('tells subscribers about every change', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    const changes = sinon.spy();
    const unsubscribe = cache.subscribe(changes);
    cache.set(['a'], 1);
    await cache.fetch({ queryKey: ['b'], queryFn: async () => 2 });
    expect(changes.callCount).to.equal(3); // set, fetch started, fetch settled
    unsubscribe();
    cache.set(['a'], 3);
    expect(changes.callCount).to.equal(3);
  });

  it('shows a retry after a failure without data as loading again', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    let release!: () => void;
    const { queryFn } = source(async (n) => {
      if (n === 1) throw new Error('down');
      await new Promise<void>((resolve) => (release = resolve));
      return 'up';
    });
    const { watcher, stop } = watchStates(cache, { queryKey: ['a'], queryFn });
    await waitUntil(() => watcher.getCurrentResult().isError, 'the first fetch fails');
    expect(watcher.getCurrentResult()).to.include({ status: 'error', isFetching: false });
    const retry = watcher.refetch();
    expect(watcher.getCurrentResult()).to.include({ status: 'pending', isFetching: true, error: null });
    release();
    await retry;
    expect(watcher.getCurrentResult()).to.include({ status: 'success', data: 'up' });
    stop();
  });

  it('removing an entry stops its fetch quietly: watchers see no error', async () => {
    const clock = fakeClock();
    try {
      cache = new QueryCache({ staleTime: 60_000 });
      const { queryFn, calls } = source((_, signal) => untilAborted(signal));
      const { states, stop } = watchStates(cache, { queryKey: ['a'], queryFn });
      cache.remove(['a']);
      expect(calls[0]!.aborted).to.equal(true);
      await clock.tickAsync(1000); // the aborted fetch has long rejected by now
      expect(states.some((state) => state.status === 'error')).to.equal(false);
      stop();
    } finally {
      clock.restore();
    }
  });

  it('keeps a fetch alive for a caller whose fetch was replaced by an invalidation', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    // Like fetch: an answer once the server sends it, unless aborted first.
    const server = gate();
    const { queryFn } = source((n, signal) =>
      n === 1 ? untilAborted(signal) : Promise.race([server.opened.then(() => `v${n}`), untilAborted(signal)]),
    );
    const { stop } = watchStates(cache, { queryKey: ['a'], queryFn });
    const reading = cache.fetch({ queryKey: ['a'], queryFn });
    void cache.invalidate(['a']);
    stop();
    server.open(); // answers only after the last watcher left
    expect(await reading).to.equal('v2');
  });

  it('resets a removed entry for its watchers: they are told, lose the data and read it again', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    const { queryFn, calls } = source((n) => {
      if (n === 2) throw Object.assign(new Error('gone'), { code: 'not_found' });
      return 'here';
    });
    const { states, stop, last } = watchStates(cache, { queryKey: ['a'], queryFn });
    await waitUntil(() => last().status === 'success');
    cache.remove(['a']);
    expect(states.at(-1)).to.include({ status: 'pending', data: undefined, isFetching: true });
    await waitUntil(() => last().status === 'error');
    expect(last().error?.message).to.equal('gone');
    expect(last().data).to.equal(undefined);
    expect(calls).to.have.length(2);
    stop();
  });

  it('drops a removed entry nobody watches, and tells subscribers', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    await cache.fetch({ queryKey: ['a'], queryFn: async () => 1 });
    const changes = sinon.spy();
    cache.subscribe(changes);
    cache.remove(['a']);
    expect(cache.get(['a'])).to.equal(undefined);
    expect(changes.callCount).to.equal(1);
  });

  it('collects an entry that was read but never watched', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      cache = new QueryCache({ staleTime: 60_000, gcTime: 1000 });
      const watcher = cache.watch({ queryKey: ['a'], queryFn: async () => 1, initialData: 0 });
      expect(watcher.getCurrentResult().data).to.equal(0); // makes the entry, subscribes nothing
      expect(cache.entriesOf(['a'])).to.have.length(1);
      await clock.tickAsync(999);
      expect(cache.entriesOf(['a'])).to.have.length(1);
      await clock.tickAsync(1);
      expect(cache.entriesOf(['a'])).to.have.length(0);
    } finally {
      clock.restore();
    }
  });

  it('rejects an invalidation whose refetch failed, and resolves one that worked', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    let fail = false;
    const { queryFn } = source(() => {
      if (fail) throw new Error('reload failed');
      return 'ok';
    });
    const { stop, last } = watchStates(cache, { queryKey: ['a'], queryFn });
    await waitUntil(() => last().isSuccess);
    fail = true;
    await expectRejection(cache.invalidate(['a']), 'reload failed');
    fail = false;
    await cache.invalidate(['a']);
    // An entry nobody watches is only marked stale: nothing to fail.
    await cache.fetch({ queryKey: ['b'], queryFn: async () => 1 });
    fail = true;
    await cache.invalidate(['b']);
    stop();
  });

  describe('overlay', () => {
    /** Shows every string upper-cased while `pending` holds it: a stand-in for writes in flight. */
    function overlaid() {
      const pending = new Set<string>();
      const overlay = (_key: readonly unknown[], data: unknown) =>
        Array.isArray(data) ? data.map((item: string) => (pending.has(item) ? item.toUpperCase() : item)) : data;
      return { pending, overlay };
    }

    it('shows server data through the overlay, again after every fetch, and as it is once the layer goes', async () => {
      const { pending, overlay } = overlaid();
      cache = new QueryCache({ staleTime: 60_000, overlay });
      const { queryFn } = source(() => ['a', 'b']);
      const { stop, last } = watchStates(cache, { queryKey: ['list'], queryFn });
      await waitUntil(() => last().isSuccess);
      pending.add('a');
      cache.reapply(['list']);
      expect(last().data).to.deep.equal(['A', 'b']);
      await cache.invalidate(['list']); // a refetch lands while the write is pending
      expect(last().data).to.deep.equal(['A', 'b']);
      const shownB = last().data;
      pending.delete('a');
      cache.reapply(['list']);
      expect(last().data).to.deep.equal(['a', 'b']);
      expect(last().data).not.to.equal(shownB);
      stop();
    });

    it('gives an updater of set() the server data, not what the overlay shows', () => {
      const { pending, overlay } = overlaid();
      cache = new QueryCache({ staleTime: 60_000, overlay });
      cache.set(['list'], ['a']);
      pending.add('a');
      cache.reapply(['list']);
      expect(cache.get(['list'])).to.deep.equal(['A']);
      cache.set<string[]>(['list'], (current) => [...current!, 'b']);
      expect(cache.get(['list'])).to.deep.equal(['A', 'b']);
      pending.clear();
      cache.reapply(['list']);
      expect(cache.get(['list'])).to.deep.equal(['a', 'b']);
    });
  });

  it('cancels only fetches that would replace data: a first load runs on', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    let release!: (value: string) => void;
    const { queryFn, calls } = source((n, signal) =>
      n === 1 ? new Promise<string>((resolve) => (release = resolve)) : untilAborted(signal),
    );
    const { stop, last } = watchStates(cache, { queryKey: ['a'], queryFn });
    cache.cancel(['a']);
    expect(calls[0]!.aborted).to.equal(false);
    release('first');
    await waitUntil(() => last().isSuccess);
    // A refetch of data that exists is stopped.
    const refetch = cache.invalidate(['a']);
    cache.cancel(['a']);
    expect(calls[1]!.aborted).to.equal(true);
    await refetch.catch(() => undefined);
    expect(last().data).to.equal('first');
    stop();
  });

  it('stops a fetch nobody waits for any more, and lets one run that someone awaits', async () => {
    cache = new QueryCache({ staleTime: 60_000 });
    const alone = source((_, signal) => untilAborted(signal));
    watchStates(cache, { queryKey: ['alone'], queryFn: alone.queryFn }).stop();
    expect(alone.calls[0]!.aborted).to.equal(true);

    let release!: (value: string) => void;
    const awaited = source(() => new Promise<string>((resolve) => (release = resolve)));
    const { stop } = watchStates(cache, { queryKey: ['awaited'], queryFn: awaited.queryFn });
    const reading = cache.fetch({ queryKey: ['awaited'], queryFn: awaited.queryFn });
    stop();
    expect(awaited.calls[0]!.aborted).to.equal(false);
    release('answer');
    expect(await reading).to.equal('answer');
  });

  it('joins a running fetch on an interval tick instead of restarting it (two watchers, slow server)', async () => {
    const clock = fakeClock();
    try {
      cache = new QueryCache({ staleTime: 60_000 });
      // Each answer takes 70ms (of the fake clock).
      const { queryFn, calls } = source(() => new Promise((r) => setTimeout(r, 70)).then(() => 'slow'));
      const watchers = [
        watchStates(cache, { queryKey: ['a'], queryFn, refetchInterval: 25 }),
        watchStates(cache, { queryKey: ['a'], queryFn, refetchInterval: 25 }),
      ];
      await clock.tickAsync(300);
      expect(calls.filter((signal) => signal.aborted)).to.have.length(0);
      // Started at 0, 75, 150, 225 and 300: each on the first tick after the one before landed.
      expect(calls).to.have.length(5);
      expect(watchers[0]!.last().data).to.equal('slow');
      for (const { stop } of watchers) stop();
    } finally {
      clock.restore();
    }
  });

  it('waits while offline: no interval or focus refetch, and an invalidation refetches once back online', async () => {
    const clock = fakeClock();
    try {
      cache = new QueryCache({ staleTime: 0 });
      const { queryFn, calls } = source((n) => n);
      const { stop, last } = watchStates(cache, { queryKey: ['a'], queryFn, refetchInterval: 20 });
      await untilTrue(() => last().isSuccess, 'the first fetch lands');
      const online = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      try {
        const before = calls.length;
        const error = await cache.invalidate(['a']).then(
          () => undefined,
          (e: { code?: string }) => e,
        );
        expect(error?.code).to.equal('network_error');
        window.dispatchEvent(new Event('visibilitychange'));
        await clock.tickAsync(80); // four interval ticks
        expect(calls.length).to.equal(before);
      } finally {
        delete (navigator as { onLine?: boolean }).onLine;
        expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')).to.deep.equal(online);
      }
      const before = calls.length;
      window.dispatchEvent(new Event('online')); // no time passes: the event alone refetches
      await untilTrue(() => calls.length > before, 'the refetch once back online');
      stop();
    } finally {
      clock.restore();
    }
  });

  describe('cursor pages', () => {
    type Page = { items: string[]; next: number | null };
    const pageOf = (cursor: number | null, tag = ''): Page => {
      const start = cursor ?? 0;
      return { items: [`${tag}${start}`, `${tag}${start + 1}`], next: start + 2 < 6 ? start + 2 : null };
    };

    function pagesWatcher(queryFn: (context: { signal: AbortSignal; pageParam: number | null }) => Promise<Page>) {
      const watcher = cache.watchPages<Page, number | null>({
        queryKey: ['pages'],
        queryFn,
        initialPageParam: null,
        getNextPageParam: (last) => last.next,
      });
      const stop = watcher.subscribe(() => undefined);
      return { watcher, stop, items: () => watcher.getCurrentResult().data?.pages.flatMap((p) => p.items) };
    }

    it('loads the first page, then one more at a time, until the last', async () => {
      cache = new QueryCache({ staleTime: 60_000 });
      const params: Array<number | null> = [];
      const { watcher, stop, items } = pagesWatcher(async ({ pageParam }) => (params.push(pageParam), pageOf(pageParam)));
      await waitUntil(() => watcher.getCurrentResult().isSuccess, 'the first page lands');
      expect(items()).to.deep.equal(['0', '1']);
      expect(watcher.getCurrentResult().hasNextPage).to.equal(true);
      const loading = watcher.fetchNextPage();
      expect(watcher.getCurrentResult().isFetchingNextPage).to.equal(true);
      await loading;
      await watcher.fetchNextPage();
      expect(items()).to.deep.equal(['0', '1', '2', '3', '4', '5']);
      expect(watcher.getCurrentResult()).to.include({ hasNextPage: false, isFetchingNextPage: false });
      await watcher.fetchNextPage(); // none left: no request
      expect(params).to.deep.equal([null, 2, 4]);
      stop();
    });

    it('refetches every loaded page in order, so a refresh does not shrink the list', async () => {
      cache = new QueryCache({ staleTime: 60_000 });
      let tag = 'a';
      const { watcher, stop, items } = pagesWatcher(async ({ pageParam }) => pageOf(pageParam, tag));
      await waitUntil(() => watcher.getCurrentResult().isSuccess, 'the first page lands');
      await watcher.fetchNextPage();
      tag = 'b';
      await cache.invalidate(['pages']);
      expect(items()).to.deep.equal(['b0', 'b1', 'b2', 'b3']);
      expect(watcher.getCurrentResult().data?.pageParams).to.deep.equal([null, 2]);
      stop();
    });

    it('keeps loaded pages when the next one fails, says so, and can try again', async () => {
      cache = new QueryCache({ staleTime: 60_000 });
      let fail = true;
      const { watcher, stop, items } = pagesWatcher(async ({ pageParam }) => {
        if (pageParam === 2 && fail) throw new Error('page 2 down');
        return pageOf(pageParam);
      });
      await waitUntil(() => watcher.getCurrentResult().isSuccess, 'the first page lands');
      await watcher.fetchNextPage();
      expect(watcher.getCurrentResult()).to.include({ isError: true, isFetchNextPageError: true });
      expect(items()).to.deep.equal(['0', '1']);
      fail = false;
      await watcher.fetchNextPage();
      expect(watcher.getCurrentResult()).to.include({ isError: false, isFetchNextPageError: false });
      expect(items()).to.deep.equal(['0', '1', '2', '3']);
      stop();
    });

    it('appends the next page to the pages as they are when it arrives (an optimistic edit stays)', async () => {
      cache = new QueryCache({ staleTime: 60_000 });
      let release!: () => void;
      const { watcher, stop, items } = pagesWatcher(async ({ pageParam }) => {
        if (pageParam === 2) await new Promise<void>((resolve) => (release = resolve));
        return pageOf(pageParam);
      });
      await waitUntil(() => watcher.getCurrentResult().isSuccess, 'the first page lands');
      const loading = watcher.fetchNextPage();
      cache.set<Pages<Page, number | null>>(['pages'], (data) => data && { ...data, pages: [{ ...data.pages[0]!, items: ['0'] }] });
      release();
      await loading;
      expect(items()).to.deep.equal(['0', '2', '3']);
      stop();
    });
  });
});
