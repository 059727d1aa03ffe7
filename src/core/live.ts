/**
 * LiveEvents: the client's end of `GET /api/events` (README.md, "The REST contract"). It reads
 * the stream with fetch and eventsource-parser rather than EventSource, which cannot send the
 * Authorization header (a token in the URL would end up in logs). It keeps one stream open while
 * started, and:
 * - reconnects after a drop, 1 s doubling to 30 s with jitter, never sooner than the server's
 *   `retry:`, resuming after the last event seen (`Last-Event-ID`), so nothing is lost;
 * - counts 45 s without a byte (the server sends a heartbeat every 15 s) as a drop;
 * - waits while the browser is offline and reconnects at once on `online`;
 * - stops for good on 401/403 (one `refused` state with the error; no reconnect loop) and on 404
 *   (`unsupported`: the API has no stream);
 * - checks every event's data and skips an invalid one with a console warning, never stopping.
 * What an event does to the cache is live-sync.ts's business; this only delivers them.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { toIntegrationError, type IntegrationError } from './errors.js';
import { isLiveEventType, parseLiveEvent } from './live-schemas.js';
import type { LiveEvent } from './types.js';
import { SchemaIssue } from './validate.js';

/**
 * - `off`: not started (or stopped);
 * - `connecting`: asking for the stream (first time or after a drop);
 * - `open`: the stream is up and events arrive;
 * - `down`: dropped or offline, a reconnect is due;
 * - `refused`: 401/403, stopped until started again;
 * - `unsupported`: the API has no stream (404).
 */
export type LiveState = 'off' | 'connecting' | 'open' | 'down' | 'refused' | 'unsupported';

export interface LiveEventsOptions {
  /** Opens the stream (api.ts `openEvents`): resolves with the 200 response, rejects with an IntegrationError. */
  open: (lastEventId: string | undefined, signal: AbortSignal) => Promise<Response>;
  /** Called for each valid event, in order. A throw here is logged; the stream goes on. */
  onEvent: (event: LiveEvent) => void;
  /** Called on each change of `state`. */
  onStateChange?: ((state: LiveState) => void) | undefined;
  /** No byte for this long is a drop. Default 45 s (three missed heartbeats). */
  silenceMs?: number | undefined;
  /** First reconnect delay; doubles per failed attempt. Default 1 s. */
  reconnectBaseMs?: number | undefined;
  /** Longest reconnect delay. Default 30 s. */
  reconnectMaxMs?: number | undefined;
  random?: (() => number) | undefined;
}

const isOffline = (): boolean => typeof navigator !== 'undefined' && navigator.onLine === false;

export class LiveEvents {
  readonly #options: LiveEventsOptions;
  #state: LiveState = 'off';
  #error: IntegrationError | undefined;
  #lastEventId: string | undefined;
  /** The server's `retry:`: no reconnect sooner than this. */
  #retryFloorMs = 0;
  /** Failed attempts since the stream last carried data. */
  #failures = 0;
  #running = false;
  #abort: AbortController | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #silenceTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onOnline = (): void => {
    this.#failures = 0;
    if (this.#running && this.#state === 'down') this.#connect();
  };
  readonly #onOffline = (): void => {
    if (!this.#running) return;
    this.#abort?.abort();
    this.#abort = undefined;
    clearTimeout(this.#reconnectTimer);
    this.#setState('down');
  };

  constructor(options: LiveEventsOptions) {
    this.#options = options;
  }

  get state(): LiveState {
    return this.#state;
  }

  /** Why the stream was refused (`refused`), as the API said it. */
  get error(): IntegrationError | undefined {
    return this.#error;
  }

  /** The id of the last event received: where a reconnect resumes. */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#error = undefined;
    this.#failures = 0;
    globalThis.addEventListener?.('online', this.#onOnline);
    globalThis.addEventListener?.('offline', this.#onOffline);
    this.#connect();
  }

  stop(): void {
    this.#halt('off');
  }

  #halt(state: LiveState): void {
    this.#running = false;
    this.#abort?.abort();
    this.#abort = undefined;
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#silenceTimer);
    globalThis.removeEventListener?.('online', this.#onOnline);
    globalThis.removeEventListener?.('offline', this.#onOffline);
    this.#setState(state);
  }

  #setState(state: LiveState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#options.onStateChange?.(state);
  }

  #connect(): void {
    clearTimeout(this.#reconnectTimer);
    if (!this.#running) return;
    // Offline, asking fails at once: wait for `online`.
    if (isOffline()) return this.#setState('down');
    const abort = new AbortController();
    this.#abort = abort;
    this.#setState('connecting');
    void this.#read(abort);
  }

  async #read(abort: AbortController): Promise<void> {
    const current = () => this.#running && this.#abort === abort;
    let response: Response;
    try {
      response = await this.#options.open(this.#lastEventId, abort.signal);
    } catch (thrown) {
      if (!current()) return;
      const error = toIntegrationError(thrown);
      if (error.code === 'unauthenticated' || error.code === 'permission_denied') {
        this.#error = error;
        return this.#halt('refused');
      }
      if (error.code === 'not_found') return this.#halt('unsupported');
      return this.#dropped();
    }
    if (!current()) return void response.body?.cancel().catch(() => undefined);
    if (!response.body) return this.#dropped();
    this.#setState('open');
    const parser = createParser({
      onEvent: (message) => this.#receive(message),
      onRetry: (ms) => (this.#retryFloorMs = ms),
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    this.#expectBytes(abort);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || !current()) break;
        this.#expectBytes(abort);
        this.#failures = 0;
        parser.feed(value);
      }
    } catch {
      // A cut connection or our own abort: the same drop either way.
    } finally {
      if (current()) clearTimeout(this.#silenceTimer);
      reader.cancel().catch(() => undefined);
    }
    if (current()) this.#dropped();
  }

  /** A stream silent for `silenceMs` is dead even if the socket says otherwise (a proxy, a sleeping laptop). */
  #expectBytes(abort: AbortController): void {
    clearTimeout(this.#silenceTimer);
    this.#silenceTimer = setTimeout(() => {
      if (this.#abort !== abort) return;
      abort.abort();
      this.#dropped();
    }, this.#options.silenceMs ?? 45_000);
  }

  #dropped(): void {
    if (!this.#running) return;
    this.#abort?.abort();
    this.#abort = undefined;
    this.#setState('down');
    if (isOffline()) return; // `online` reconnects.
    const base = this.#options.reconnectBaseMs ?? 1_000;
    const ceiling = Math.min(this.#options.reconnectMaxMs ?? 30_000, base * 2 ** this.#failures);
    this.#failures += 1;
    // Half fixed, half jitter: clients dropped together do not come back together.
    const jittered = ceiling / 2 + (this.#options.random ?? Math.random)() * (ceiling / 2);
    this.#reconnectTimer = setTimeout(() => this.#connect(), Math.max(this.#retryFloorMs, jittered));
  }

  #receive(message: EventSourceMessage): void {
    // The id moves on even for an event this client skips: a reconnect must not replay it.
    if (message.id !== undefined) this.#lastEventId = message.id;
    const type = message.event ?? 'message';
    if (!isLiveEventType(type)) return; // A newer server's event type: not ours to apply.
    let event: LiveEvent;
    try {
      event = parseLiveEvent(type, message.id ?? '', JSON.parse(message.data));
    } catch (error) {
      const why = error instanceof SchemaIssue && error.path ? `${error.path}: ${error.message}` : String((error as Error).message);
      console.warn(`mwap-integrations: skipped an invalid "${type}" event (id ${message.id ?? 'none'}): ${why}`);
      return;
    }
    try {
      this.#options.onEvent(event);
    } catch (error) {
      console.warn(`mwap-integrations: applying a "${type}" event failed`, error);
    }
  }
}
