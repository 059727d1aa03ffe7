/**
 * Runs `work` now and then again `intervalMs` after each run ends, on an injectable clock, until
 * stopped. `stop()` clears the pending timer and waits for a run in progress: nothing dangles.
 */
import type { Clock } from './clock.js';

export class Ticker {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #work: () => Promise<unknown>;
  readonly #onError: (error: unknown) => void;
  #timer: unknown;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = true;

  constructor(clock: Clock, intervalMs: number, work: () => Promise<unknown>, onError: (error: unknown) => void) {
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#work = work;
    this.#onError = onError;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running.catch(() => {});
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#work()
        .catch(this.#onError)
        .finally(() => this.#schedule(this.#intervalMs));
    }, ms);
  }
}
