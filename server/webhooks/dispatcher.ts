/**
 * Delivers the outbox to the host's webhook URL, signed the Standard Webhooks way (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`, with the `standardwebhooks` package). A 2xx answer
 * delivers; anything else (another status, a network error, a timeout) is retried with
 * exponential backoff up to `maxAttempts`, then the delivery is given up (`failed`). Every
 * attempt is logged for GET /api/webhooks/deliveries.
 */
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { WEBHOOK_DEFAULTS, type WebhookConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { backoffMs } from '../lifecycle/backoff.js';
import { systemClock, type Clock } from '../lifecycle/clock.js';
import { Ticker } from '../lifecycle/ticker.js';
import type { Logger } from '../logger.js';
import { claimDueDeliveries, pruneDeliveries, recordAttempt, type OutboxRow } from './outbox.js';

export interface WebhookDispatcherOptions {
  db: Database;
  url: string;
  secret: string;
  logger: Logger;
  config?: Partial<WebhookConfig> | undefined;
  clock?: Clock | undefined;
  /** How often the outbox is looked at, ms. */
  pollMs?: number | undefined;
}

const BATCH = 20;
/** The delivery log keeps a week of finished deliveries. */
const KEEP_FINISHED_MS = 7 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;
/** An error text in the log, no longer than this. */
const MAX_ERROR_CHARS = 300;

export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions;
  readonly #config: WebhookConfig;
  readonly #clock: Clock;
  readonly #signer: Webhook;
  readonly #ticker: Ticker;
  readonly #pruner: Ticker;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
    this.#config = { ...WEBHOOK_DEFAULTS, ...options.config };
    this.#clock = options.clock ?? systemClock;
    this.#signer = new Webhook(options.secret);
    this.#ticker = new Ticker(
      this.#clock,
      options.pollMs ?? 1000,
      () => this.deliverDue(),
      (error) => options.logger.error('webhook delivery round failed', { error: String(error) }),
    );
    this.#pruner = new Ticker(
      this.#clock,
      PRUNE_EVERY_MS,
      () => pruneDeliveries(options.db, new Date(this.#clock.now() - KEEP_FINISHED_MS)),
      (error) => options.logger.warn('pruning old webhook deliveries failed', { error: String(error) }),
    );
  }

  start(): void {
    this.#ticker.start();
    this.#pruner.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.#ticker.stop(), this.#pruner.stop()]);
  }

  /** Attempts every delivery that is due now; returns how many it attempted. */
  async deliverDue(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const rows = await claimDueDeliveries(this.#options.db, {
        now: new Date(this.#clock.now()),
        // Longer than one attempt may take, so a live process keeps its claim.
        leaseMs: (this.#config.timeoutSeconds + 30) * 1000,
        limit: BATCH,
      });
      await Promise.all(rows.map((row) => this.#attempt(row)));
      attempted += rows.length;
      if (rows.length < BATCH) return attempted;
    }
  }

  async #attempt(row: OutboxRow): Promise<void> {
    const at = new Date(this.#clock.now());
    // The signature carries the wall clock: receivers check it against theirs (5 minutes' tolerance).
    const signedAt = new Date();
    const started = performance.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(this.#options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'mwap-integrations-webhooks',
          'webhook-id': row.message_id,
          'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
          'webhook-signature': this.#signer.sign(row.message_id, signedAt, row.body),
        },
        body: row.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#config.timeoutSeconds * 1000),
      });
      httpStatus = response.status;
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299) error = `HTTP ${response.status}`;
    } catch (caught) {
      const cause = (caught as { cause?: { code?: string } }).cause?.code;
      error = (cause ?? (caught instanceof Error ? caught.message : String(caught))).slice(0, MAX_ERROR_CHARS);
    }
    const attempt = row.attempts + 1;
    const delivered = error === null;
    const givenUp = !delivered && attempt >= this.#config.maxAttempts;
    const retryAt = delivered || givenUp ? null : new Date(at.getTime() + this.#retryDelayMs(attempt));
    await recordAttempt(
      this.#options.db,
      row,
      { at, httpStatus, error, durationMs: performance.now() - started },
      { state: delivered ? 'delivered' : givenUp ? 'failed' : 'pending', retryAt },
    );
    if (givenUp) this.#options.logger.warn('webhook delivery given up', { messageId: row.message_id, attempts: attempt, error });
  }

  #retryDelayMs(attempt: number): number {
    return backoffMs(attempt, this.#config.retryBaseSeconds * 1000, this.#config.retryMaxSeconds * 1000);
  }
}
