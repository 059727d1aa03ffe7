/**
 * The token refresh scheduler. It watches every integration the cache knows and asks the server
 * to refresh each provider token a lead time before it expires:
 * - ONE timer for all integrations, set for the earliest due refresh;
 * - single-flight per integration, and across tabs at most one refresher (Web Locks), the result
 *   shared with the other tabs over a BroadcastChannel; a tab that refreshed holds a marker lock
 *   saying which expiry it replaced, so a tab whose timer fires just after, before the broadcast
 *   reaches it, reads the server's copy instead of refreshing the same token again;
 * - exponential backoff after failures; no automatic retries for failures only a person can fix;
 * - paused while the page is hidden or offline, catching up when it returns.
 * Manual refresh and health checks go through the same path.
 *
 * It follows the cache change by change: a write touches only the integrations it wrote (an
 * entry's items that kept their identity are skipped), due times sit in a queue, so a thousand
 * badges mounting cost a thousand small steps, not a thousand walks over everything. The first
 * look at the cache, and any batch of more than a screenful of integrations, waits until after the
 * next frame: the cards paint first. A due refresh is never later than that frame.
 */
import { hashKey, type QueryKey } from './cache.js';
import { DueQueue } from './due-queue.js';
import { IntegrationError, toIntegrationError } from './errors.js';
import { integrationsIn } from './list-data.js';
import { IntegrationSchema } from './schemas.js';
import { tryParse } from './validate.js';
import type { Integration, TokenHealth } from './types.js';

/** An automatic refresh the caller may not make (it is never sent). */
const NOT_PERMITTED = new IntegrationError('permission_denied', 'The caller may not refresh tokens.');

/** What a badge shows. `paused`: the integration is disabled, so nothing refreshes its token. */
export type TokenState = 'valid' | 'expiring' | 'expired' | 'refreshing' | 'error' | 'paused' | 'none';

export interface TokenSchedulerOptions {
  /** Refresh this long before expiry. Default 60 s. */
  leadTimeMs?: number;
  /** Tolerated difference between our clock and the server's; refreshes happen this much earlier. Default 5 s. */
  clockSkewMs?: number;
  /** A token closer than this to expiry shows as `expiring`. Default 5 minutes. */
  expiringWithinMs?: number;
  /** First retry delay after a failed refresh; doubles per failure. Default 5 s. */
  backoffBaseMs?: number;
  /** Longest retry delay. Default 5 minutes. */
  backoffMaxMs?: number;
}

/** What the scheduler needs from the client (kept narrow so it can be tested and reused). */
export interface TokenSource {
  /** Every integration currently cached. */
  integrations(): Integration[];
  /**
   * Calls back when the cache changes: with the entry's key and data (only its integrations are
   * looked at again), `null` when nothing the scheduler reads changed, or nothing (read them all).
   */
  subscribe(onChange: (key?: QueryKey | null, data?: unknown) => void): () => void;
  /** `trigger`: the scheduler's own refresh, or one a person asked for (sent as X-Refresh-Trigger). */
  refresh(id: string, trigger: 'scheduler' | 'user'): Promise<Integration>;
  /** The server's current copy (read, no refresh): asked after waiting for another tab's refresh. */
  load(id: string): Promise<Integration>;
  health(id: string): Promise<TokenHealth>;
  /** Puts a fresh copy into the cache (for results another tab shared). */
  store(integration: Integration): void;
  /** Distinguishes clients of different APIs sharing an origin (locks and channel names). */
  scope: string;
  /**
   * Whether the caller may refresh tokens at all (the API's `/me`, the host's read-only), asked
   * before each automatic refresh: a member's tab must not spend requests on 403s, nor show them.
   */
  mayRefresh?: (() => Promise<boolean>) | undefined;
}

interface Entry {
  integration: Integration;
  expiresAt: number | undefined;
  /** When this expiry was first seen: bounds the lead time for tokens shorter than it. */
  observedAt: number;
  failures: number;
  /** Set after a failure: no automatic attempt before this time. */
  retryAt: number | undefined;
  /** A failure no retry will fix (revoked consent, deleted upstream): wait for new data. */
  halted: boolean;
  lastError: IntegrationError | undefined;
  inFlight: Promise<Integration> | undefined;
  /** When this entry sits in the due queue. */
  queuedAt?: number | undefined;
}

/** Integrations in one batch above which the scheduler waits for the next frame (a screenful). */
const SMALL_BATCH = 100;

export type TokenStateListener = (integrationId: string, state: TokenState) => void;

const CHANNEL_PREFIX = 'mwap-integrations-tokens';
const LOCK_PREFIX = 'mwap-integrations-refresh';
/** Held (shared) by the tab that replaced a token, named by the expiry it replaced. */
const REPLACED_PREFIX = 'mwap-integrations-replaced';

export class TokenScheduler {
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<TokenStateListener>();
  readonly #watchers = new Map<string, Set<(state: TokenState) => void>>();
  readonly #due = new DueQueue<Entry>((entry, at) => entry.queuedAt === at && this.#entries.get(entry.integration.id) === entry);
  /** The integrations each cache entry held when last seen (by key hash), to skip unchanged ones. */
  readonly #held = new Map<string, Map<string, Integration>>();
  /** Changes not taken in yet, by key hash (the latest data of each entry). */
  #pending = new Map<string, { key: QueryKey; data: unknown }>();
  #pendingCount = 0;
  /** Everything must be read again (first look, or a source that does not say what changed). */
  #readAll = false;
  /** Some entries were known only from reading everything: their removals need a full check. */
  #seeded = false;
  #waiters: Array<() => void> = [];
  readonly #opts: Required<TokenSchedulerOptions>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerDueAt: number | undefined;
  #channel: BroadcastChannel | undefined;
  #stopWatching: (() => void) | undefined;
  #syncQueued: 'microtask' | 'frame' | undefined;
  #aside = false;
  /** Releases the marker lock this tab holds per integration it refreshed (see `#markReplaced`). */
  readonly #markers = new Map<string, () => void>();

  constructor(
    private readonly source: TokenSource,
    options: TokenSchedulerOptions = {},
  ) {
    this.#opts = {
      leadTimeMs: options.leadTimeMs ?? 60_000,
      clockSkewMs: options.clockSkewMs ?? 5_000,
      expiringWithinMs: options.expiringWithinMs ?? 5 * 60_000,
      backoffBaseMs: options.backoffBaseMs ?? 5_000,
      backoffMaxMs: options.backoffMaxMs ?? 5 * 60_000,
    };
  }

  get running(): boolean {
    return this.#stopWatching !== undefined;
  }

  start(): void {
    if (this.running) return;
    const unsubscribe = this.source.subscribe((key, data) => this.#changed(key, data));
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(`${CHANNEL_PREFIX}:${this.source.scope}`);
      this.#channel.onmessage = (event) => this.#receiveShared(event.data);
    }
    const resume = () => this.#arm();
    document.addEventListener('visibilitychange', resume);
    window.addEventListener('online', resume);
    window.addEventListener('offline', resume);
    this.#stopWatching = () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', resume);
      window.removeEventListener('online', resume);
      window.removeEventListener('offline', resume);
    };
    // The first look reads everything the cache holds: after the first paint, not on its way.
    this.#readAll = true;
    this.#queueSync();
  }

  /** Resolves once every cache change so far is taken in (the first look included). */
  settled(): Promise<void> {
    if (!this.#syncQueued) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  stop(): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    this.#channel?.close();
    this.#channel = undefined;
    this.#clearTimer();
    this.#pending.clear();
    this.#pendingCount = 0;
    for (const release of this.#markers.values()) release();
    this.#markers.clear();
  }

  /**
   * While `aside`, no automatic refresh is made (the server refreshes tokens itself); state is
   * still kept and manual refreshes still work.
   */
  stepAside(aside: boolean): void {
    this.#aside = aside;
    this.#arm();
  }

  /** The badge state of one integration (`none` when the scheduler does not know it). */
  stateOf(integrationId: string, now = Date.now()): TokenState {
    const entry = this.#entries.get(integrationId);
    if (!entry) return 'none';
    if (entry.inFlight) return 'refreshing';
    if (entry.lastError) return 'error';
    return deriveTokenState(entry.integration, now, this.#opts.expiringWithinMs);
  }

  /** How close to expiry counts as `expiring` (ms). */
  get expiringWithinMs(): number {
    return this.#opts.expiringWithinMs;
  }

  /** When the token of `integrationId` expires (ms since the epoch), if known. */
  expiresAt(integrationId: string): number | undefined {
    return this.#entries.get(integrationId)?.expiresAt;
  }

  /** The last refresh failure, for the badge's tooltip and the details panel. */
  lastError(integrationId: string): IntegrationError | undefined {
    return this.#entries.get(integrationId)?.lastError;
  }

  subscribe(listener: TokenStateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` when the state of one integration changes (what a badge follows). */
  watch(integrationId: string, listener: (state: TokenState) => void): () => void {
    let listeners = this.#watchers.get(integrationId);
    if (!listeners) this.#watchers.set(integrationId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#watchers.get(integrationId) === listeners) this.#watchers.delete(integrationId);
    };
  }

  /** Refreshes now (a person asked). Joins a refresh already running for the same integration. */
  refresh(integrationId: string): Promise<Integration> {
    return this.#refreshOnce(integrationId, true);
  }

  /** Reads the server's token report and folds what it says into the badge state. */
  async checkHealth(integrationId: string): Promise<TokenHealth> {
    const health = await this.source.health(integrationId);
    const entry = this.#entries.get(integrationId);
    if (entry) {
      entry.integration = { ...entry.integration, tokenStatus: health.tokenStatus, tokenExpiresAt: health.expiresAt };
      entry.expiresAt = parseTime(health.expiresAt);
      entry.observedAt = Date.now();
      this.#notify(integrationId);
      this.#plan(entry);
    }
    return health;
  }

  // --- bookkeeping -----------------------------------------------------------------------------

  #changed(key: QueryKey | null | undefined, data: unknown): void {
    if (key === null) return; // watchers only
    if (key === undefined) {
      this.#readAll = true;
    } else {
      const integrations = integrationsIn(key, data);
      if (!integrations) return;
      const hash = hashKey(key);
      if (!this.#pending.has(hash)) this.#pendingCount += integrations.length;
      this.#pending.set(hash, { key, data });
    }
    this.#queueSync();
  }

  /** Small batches are taken in at once; the first look and large ones after the next frame. */
  #queueSync(): void {
    const large = this.#readAll || this.#pendingCount > SMALL_BATCH;
    if (this.#syncQueued === 'frame' || (this.#syncQueued === 'microtask' && !large)) return;
    const run = () => {
      this.#syncQueued = undefined;
      if (this.running) this.#sync();
      for (const resolve of this.#waiters.splice(0)) resolve();
    };
    if (!large) {
      this.#syncQueued = 'microtask';
      queueMicrotask(() => this.#syncQueued === 'microtask' && run());
      return;
    }
    this.#syncQueued = 'frame';
    afterNextFrame(() => this.#syncQueued === 'frame' && run());
  }

  /** Takes in the changes since the last sync (or everything, the first time). */
  #sync(): void {
    const pending = this.#pending;
    this.#pending = new Map();
    this.#pendingCount = 0;
    let checkMembership = false;
    if (this.#readAll) {
      this.#readAll = false;
      this.#seeded = true;
      const seen = new Set<string>();
      for (const integration of this.source.integrations()) {
        seen.add(integration.id);
        this.#take(integration);
      }
      this.#dropUnless(seen);
    }
    for (const [hash, { key, data }] of pending) {
      const before = this.#held.get(hash);
      const now = new Map<string, Integration>();
      for (const integration of integrationsIn(key, data) ?? []) {
        now.set(integration.id, integration);
        if (before?.get(integration.id) !== integration) this.#take(integration);
      }
      if (now.size > 0) this.#held.set(hash, now);
      else this.#held.delete(hash);
      // An integration an entry no longer holds may still be in another: look before dropping it.
      if (before ? [...before.keys()].some((id) => !now.has(id)) : this.#seeded && key[1] === 'list') checkMembership = true;
      else if (!before && this.#seeded && now.size === 0 && typeof key[2] === 'string') checkMembership = true;
    }
    if (checkMembership) this.#dropUnless(new Set(this.source.integrations().map((integration) => integration.id)));
    this.#due.compact(this.#entries.size);
    this.#arm();
  }

  /** Takes in one integration's current copy. */
  #take(integration: Integration): void {
    const entry = this.#entries.get(integration.id);
    if (!entry) {
      const created: Entry = { ...freshState(integration), inFlight: undefined };
      this.#entries.set(integration.id, created);
      this.#plan(created, false);
      this.#notify(integration.id);
    } else if (Date.parse(integration.updatedAt) < Date.parse(entry.integration.updatedAt)) {
      // An older copy (a list read before the detail was written) does not undo a newer one.
    } else if (
      entry.integration.updatedAt !== integration.updatedAt ||
      entry.integration.tokenExpiresAt !== integration.tokenExpiresAt ||
      entry.integration.tokenStatus !== integration.tokenStatus ||
      entry.integration.status !== integration.status
    ) {
      const before = this.stateOf(integration.id);
      const expiryMoved = entry.integration.tokenExpiresAt !== integration.tokenExpiresAt;
      // New token data (a reconnect, another tab's refresh) clears past failures.
      Object.assign(entry, expiryMoved ? freshState(integration) : { integration, expiresAt: parseTime(integration.tokenExpiresAt) });
      this.#plan(entry, false);
      if (this.stateOf(integration.id) !== before) this.#notify(integration.id);
    } else {
      entry.integration = integration;
    }
  }

  /** Forgets integrations the cache no longer holds (unless a refresh of theirs is running). */
  #dropUnless(held: Set<string>): void {
    for (const [id, entry] of this.#entries) {
      if (!held.has(id) && !entry.inFlight) {
        this.#entries.delete(id);
        this.#markers.get(id)?.();
        this.#markers.delete(id);
        this.#notify(id);
      }
    }
  }

  #wantsRefresh(entry: Entry): boolean {
    const { integration } = entry;
    return !entry.halted && entry.expiresAt !== undefined && integration.status !== 'disabled' && integration.tokenStatus !== 'none';
  }

  #dueAt(entry: Entry): number | undefined {
    if (!this.#wantsRefresh(entry)) return undefined;
    // A token living shorter than lead + skew would be due again the moment it arrives (a refresh
    // storm): refresh such tokens halfway through the life we saw instead.
    const lead = Math.min(this.#opts.leadTimeMs + this.#opts.clockSkewMs, (entry.expiresAt! - entry.observedAt) / 2);
    return Math.max(entry.expiresAt! - Math.max(0, lead), entry.retryAt ?? -Infinity);
  }

  #paused(): boolean {
    return document.visibilityState === 'hidden' || navigator.onLine === false;
  }

  /** Puts the entry's next refresh in the due queue (none while one runs); `arm`: move the timer. */
  #plan(entry: Entry, arm = true): void {
    const due = entry.inFlight ? undefined : this.#dueAt(entry);
    if (due !== entry.queuedAt) {
      entry.queuedAt = due;
      if (due !== undefined) this.#due.push(due, entry);
    }
    if (arm) this.#arm();
  }

  /** Sets the single timer for the earliest due refresh. */
  #arm(): void {
    if (!this.running || this.#aside || this.#paused()) return this.#clearTimer();
    const earliest = this.#due.next();
    if (earliest === undefined) return this.#clearTimer();
    if (this.#timer !== undefined && this.#timerDueAt === earliest) return;
    this.#clearTimer();
    this.#timerDueAt = earliest;
    // Browsers clamp delays above 2^31-1 ms to 0: cap so a far expiry does not fire at once.
    const wait = Math.min(Math.max(0, earliest - Date.now()), 2 ** 31 - 1);
    this.#timer = setTimeout(() => this.#runDue(), wait);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDueAt = undefined;
  }

  #runDue(): void {
    this.#timer = undefined;
    this.#timerDueAt = undefined;
    for (const entry of this.#due.takeDue(Date.now())) {
      entry.queuedAt = undefined;
      if (!entry.inFlight) this.#refreshOnce(entry.integration.id, false).catch(() => undefined); // The failure is kept on the entry.
    }
    this.#arm();
  }

  // --- refreshing --------------------------------------------------------------------------------

  #refreshOnce(integrationId: string, manual: boolean): Promise<Integration> {
    const entry = this.#entries.get(integrationId);
    if (entry?.inFlight) return entry.inFlight;
    const expiryBefore = entry?.integration.tokenExpiresAt;
    const allowed = manual || !this.source.mayRefresh ? Promise.resolve(true) : this.source.mayRefresh().catch(() => true);
    const run = allowed.then((may) => (may ? this.#refreshLocked(integrationId, manual, expiryBefore) : Promise.reject(NOT_PERMITTED)));
    const flight = run.then(
      (integration) => {
        this.#settle(integrationId, integration, undefined);
        return integration;
      },
      (error: unknown) => {
        const failure = toIntegrationError(error);
        this.#settle(integrationId, undefined, failure);
        throw failure;
      },
    );
    if (entry) {
      entry.inFlight = flight;
      this.#plan(entry, false); // out of the queue while it runs
      this.#notify(integrationId);
    }
    return flight;
  }

  #refreshLocked(integrationId: string, manual: boolean, expiryBefore: string | null | undefined): Promise<Integration> {
    return withLock(`${LOCK_PREFIX}:${this.source.scope}:${integrationId}`, async () => {
      const current = this.#entries.get(integrationId);
      // Another tab refreshed while we waited for the lock and shared the result: use it.
      if (current && current.integration.tokenExpiresAt !== expiryBefore && (manual || !this.#isDue(current))) {
        return current.integration;
      }
      if (await isHeld(this.#replacedLock(integrationId, expiryBefore))) {
        // Another tab replaced the token we know, and its broadcast is still on its way (the
        // channel and the locks are not ordered): ask the server before spending the refresh token again.
        const latest = await this.source.load(integrationId);
        if (latest.tokenExpiresAt !== expiryBefore && parseTime(latest.tokenExpiresAt) !== undefined) return latest;
      }
      const refreshed = await this.source.refresh(integrationId, manual ? 'user' : 'scheduler');
      this.#channel?.postMessage({ type: 'refreshed', integration: refreshed });
      await this.#markReplaced(integrationId, expiryBefore);
      return refreshed;
    });
  }

  #replacedLock(integrationId: string, expiry: string | null | undefined): string {
    return `${REPLACED_PREFIX}:${this.source.scope}:${integrationId}:${expiry ?? ''}`;
  }

  /**
   * Holds, until this tab refreshes the integration again, forgets it or stops, a lock named by the
   * expiry just replaced: taken before the refresh lock is let go, so the next tab to hold that lock
   * sees it. A closed tab's locks go with it, by which time its broadcast has long arrived.
   */
  async #markReplaced(integrationId: string, expiryBefore: string | null | undefined): Promise<void> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks || !this.running) return;
    this.#markers.get(integrationId)?.();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.#markers.set(integrationId, release);
    await new Promise<void>((granted) => {
      void locks.request(this.#replacedLock(integrationId, expiryBefore), { mode: 'shared' }, () => {
        granted();
        return held;
      });
    });
  }

  #isDue(entry: Entry): boolean {
    const due = this.#dueAt(entry);
    return due !== undefined && due <= Date.now();
  }

  #settle(integrationId: string, integration: Integration | undefined, error: IntegrationError | undefined): void {
    const entry = this.#entries.get(integrationId);
    if (entry) {
      entry.inFlight = undefined;
      if (integration) {
        Object.assign(entry, freshState(integration));
      } else if (error?.code === 'permission_denied') {
        // Not a fault of the token: nothing to show on the badge, and no point trying again.
        entry.halted = true;
      } else if (error && error.code !== 'aborted') {
        entry.failures += 1;
        entry.lastError = error;
        entry.halted = !error.retryable;
        const ceiling = Math.min(this.#opts.backoffMaxMs, this.#opts.backoffBaseMs * 2 ** (entry.failures - 1));
        // Half fixed, half jitter: never sooner than half the ceiling, so tabs do not stampede.
        entry.retryAt = Date.now() + Math.max(error.retryAfterMs ?? 0, ceiling / 2 + Math.random() * (ceiling / 2));
      }
      this.#plan(entry, false);
      this.#notify(integrationId);
    }
    if (integration) this.source.store(integration);
    this.#arm();
  }

  #receiveShared(data: unknown): void {
    if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== 'refreshed') return;
    const integration = tryParse(IntegrationSchema, (data as { integration?: unknown }).integration);
    if (!integration || !this.#entries.has(integration.id)) return;
    this.#settleShared(integration);
  }

  #settleShared(integration: Integration): void {
    const entry = this.#entries.get(integration.id)!;
    Object.assign(entry, freshState(integration));
    this.source.store(integration);
    this.#plan(entry);
    this.#notify(integration.id);
  }

  #notify(integrationId: string): void {
    const state = this.stateOf(integrationId);
    for (const listener of this.#listeners) listener(integrationId, state);
    for (const listener of this.#watchers.get(integrationId) ?? []) listener(state);
  }
}

/** The badge state an integration's own data implies (no refresh in flight, no local failure). */
export function deriveTokenState(integration: Integration, now = Date.now(), expiringWithinMs = 5 * 60_000): TokenState {
  const { tokenStatus } = integration;
  if (tokenStatus === 'none') return 'none';
  if (integration.status === 'disabled') return 'paused';
  if (tokenStatus === 'error') return 'error';
  const expiresAt = parseTime(integration.tokenExpiresAt);
  if (expiresAt === undefined) return tokenStatus === 'expired' ? 'expired' : 'valid';
  if (now >= expiresAt || tokenStatus === 'expired') return 'expired';
  if (now >= expiresAt - expiringWithinMs) return 'expiring';
  return 'valid';
}

/** An entry's state after new token data: the expiry as seen now, past failures forgotten. */
function freshState(integration: Integration): Omit<Entry, 'inFlight'> {
  return {
    integration,
    expiresAt: parseTime(integration.tokenExpiresAt),
    observedAt: Date.now(),
    failures: 0,
    retryAt: undefined,
    halted: false,
    lastError: undefined,
  };
}

function parseTime(value: string | null): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Calls `run` in a task after the next frame is rendered (right away in a task while the page is
 * hidden, where no frame comes). A MessageChannel task, not a timer: it is not clamped or throttled.
 */
function afterNextFrame(run: () => void): void {
  const task = () => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      run();
    };
    channel.port2.postMessage(null);
  };
  if (typeof requestAnimationFrame === 'function' && document.visibilityState !== 'hidden') requestAnimationFrame(task);
  else task();
}

/** Runs `task` holding an exclusive Web Lock, so one tab at a time refreshes a given integration. */
function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  // Without Web Locks (old browsers) each tab refreshes on its own.
  return locks ? (locks.request(name, { mode: 'exclusive' }, task) as Promise<T>) : task();
}

/** Whether some tab holds the lock `name` (without waiting for it). */
async function isHeld(name: string): Promise<boolean> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return false;
  return (await locks.request(name, { mode: 'exclusive', ifAvailable: true }, (lock) => lock === null)) as boolean;
}
