import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Calls `run` once input has been quiet for `delayMs` (search-as-you-type); cancelled on disconnect. */
export class DebounceController<T> implements ReactiveController {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly delayMs: number,
    private readonly run: (value: T) => void,
  ) {
    host.addController(this);
  }

  push(value: T): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.run(value), this.delayMs);
  }

  /** Runs now (Enter in a search box). */
  flush(value: T): void {
    clearTimeout(this.#timer);
    this.run(value);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }
}
