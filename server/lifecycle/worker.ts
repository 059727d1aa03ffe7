/**
 * The lifecycle worker: every tick it claims the tokens due for a refresh (their `expiring_at`
 * has come) and the integrations due for a health check, and works through them, whether or not
 * any browser is open. Any number of processes on one database run one each: a row is claimed by
 * one of them at a time (refresh-claims.ts). Its clock and timers are injectable (clock.ts);
 * `stop()` clears its timer and waits for the tick in progress, so nothing is left behind.
 */
import { randomUUID } from 'node:crypto';
import { LIFECYCLE_DEFAULTS, type LifecycleConfig } from '../config.js';
import type { AppDeps } from '../context.js';
import { systemClock, type Clock } from './clock.js';
import { claimDueHealthChecks, runHealthCheck } from './health-checks.js';
import { refreshClaimed, type RefreshOutcome } from './refresh-claimed.js';
import { claimDueRefreshes, releaseClaim } from './refresh-claims.js';
import { Ticker } from './ticker.js';

/** The provider call's own timeout (provider-client.ts) plus room to write the answer. */
const MIN_LEASE_LEFT_MS = 12_000;

/** Runs `work` on every item, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export interface LifecycleWorkerOptions {
  config?: Partial<LifecycleConfig> | undefined;
  clock?: Clock | undefined;
  /** Names this worker's leases (default: a random id per worker). */
  owner?: string | undefined;
}

export interface TickReport {
  refreshes: Record<RefreshOutcome | 'released', number>;
  healthChecks: number;
}

export class LifecycleWorker {
  readonly owner: string;
  readonly #deps: AppDeps;
  readonly #config: LifecycleConfig;
  readonly #clock: Clock;
  readonly #ticker: Ticker;
  #stopping = false;

  constructor(deps: AppDeps, options: LifecycleWorkerOptions = {}) {
    this.#deps = deps;
    this.#config = { ...LIFECYCLE_DEFAULTS, ...options.config };
    this.#clock = options.clock ?? systemClock;
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    this.#ticker = new Ticker(
      this.#clock,
      this.#config.tickSeconds * 1000,
      () => this.tick(),
      (error) => deps.logger.error('lifecycle tick failed', { error: String(error) }),
    );
  }

  /** Starts ticking: the first tick at once, then every `tickSeconds` after the previous one ends. */
  start(): void {
    this.#ticker.start();
  }

  /** Stops ticking and waits for the tick in progress to finish. */
  stop(): Promise<void> {
    this.#stopping = true;
    return this.#ticker.stop();
  }

  /** One tick: claims and works through everything due now. */
  async tick(): Promise<TickReport> {
    const report: TickReport = { refreshes: { refreshed: 0, backed_off: 0, stopped: 0, lost_lease: 0, released: 0 }, healthChecks: 0 };
    const { db } = this.#deps;
    const now = () => new Date(this.#clock.now());
    const leaseMs = this.#config.leaseSeconds * 1000;
    const policy = {
      now: () => this.#clock.now(),
      retryBaseMs: this.#config.retryBaseSeconds * 1000,
      retryMaxMs: this.#config.retryMaxSeconds * 1000,
    };
    // Batch after batch until nothing is due, so a burst of expiries is not spread over many ticks.
    for (;;) {
      const claims = await claimDueRefreshes(db, { owner: this.owner, now: now(), leaseMs, limit: this.#config.batchSize });
      await inParallel(claims, this.#config.concurrency, async (claim) => {
        // A claim whose lease could run out during the provider call is handed back unspent:
        // spending a refresh token and then finding the row taken would lose the new one.
        if (claim.leaseUntil.getTime() - this.#clock.now() < MIN_LEASE_LEFT_MS || this.#stopping) {
          await releaseClaim(db, claim);
          report.refreshes.released += 1;
          return;
        }
        const outcome = await refreshClaimed(this.#deps, claim, policy).catch((error: unknown) => {
          // The database failed mid-write: the lease runs out and the row is claimed again.
          this.#deps.logger.error('token refresh failed to store its result', {
            integrationId: claim.row.integration_id,
            error: String(error),
          });
          return 'lost_lease' as const;
        });
        report.refreshes[outcome] += 1;
      });
      if (claims.length < this.#config.batchSize || this.#stopping) break;
    }
    if (this.#config.healthCheckIntervalSeconds > 0 && !this.#stopping) {
      const due = await claimDueHealthChecks(db, {
        now: now(),
        intervalMs: this.#config.healthCheckIntervalSeconds * 1000,
        leaseMs,
        limit: this.#config.batchSize,
      });
      for (const claim of due) {
        if ((await runHealthCheck(this.#deps, claim).catch(() => 'skipped')) === 'tested') report.healthChecks += 1;
      }
    }
    return report;
  }
}
