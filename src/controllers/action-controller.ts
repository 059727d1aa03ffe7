import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';
import { IntegrationError, toIntegrationError } from '../core/errors.js';
import { IntegrationErrorEvent } from '../events/integration-events.js';
import { describeError } from '../internal/error-text.js';
import type { ToastOptions } from '../elements/toast-region/define.js';

/** What one user-started action says when it ends. */
export interface ActionOptions<T> {
  /** Starts the work. Called synchronously, so a popup it opens stays inside the click's gesture. */
  run: () => Promise<T>;
  /** Toast on success (its text, or the whole toast); omit for no toast. */
  success?: ((result: T) => string | ToastOptions) | undefined;
  /**
   * Toast text on failure; omit (or answer nothing) when the element shows the failure itself,
   * as it should whenever the user's next step is right there (Retry beside the button).
   */
  failure?: ((error: IntegrationError) => string | undefined) | undefined;
  /** Offered as the failure toast's action. */
  retry?: (() => void) | undefined;
  /** The integration the action is about, for `integration-error`; its toasts go when it is deleted or this element leaves. */
  integrationId?: string | undefined;
}

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: IntegrationError };

type Host = ReactiveControllerHost & EventTarget;

/**
 * How an element shows toasts: `showToast` from the toast region, passed in by elements that toast,
 * so an element that never toasts (the wizard) does not bring the toast region with it.
 */
export type Toaster = (toast: ToastOptions) => void | (() => void);

/**
 * Runs the actions a user starts in an element (save, delete, refresh, test, a bulk action): one
 * at a time per name, with progress the template reads (`busy`), the last failure (`error`), a
 * toast for the outcome, and `integration-error` reported once per failure. Every element acts
 * through one of these, so "what happens when it fails" is written once.
 */
export class ActionController implements ReactiveController {
  readonly #host: Host;
  readonly #busy = new Set<string>();
  readonly #errors = new Map<string, IntegrationError>();
  readonly #reported = new WeakSet<object>();
  readonly #toast: Toaster | undefined;
  /** Dismissers of the toasts about an integration this element showed: they go with the element. */
  readonly #shown = new Set<() => void>();

  constructor(host: Host, toast?: Toaster) {
    this.#host = host;
    this.#toast = toast;
    host.addController(this);
  }

  hostConnected(): void {}

  /** The element left the page (another view, a card scrolled away): what it said about an integration goes too. */
  hostDisconnected(): void {
    for (const dismiss of this.#shown) dismiss();
    this.#shown.clear();
  }

  #say(toast: ToastOptions): void {
    const dismiss = this.#toast?.(toast);
    if (dismiss && toast.about) this.#shown.add(dismiss);
  }

  /** Whether `name` (or, without a name, any action) is running. */
  busy(name?: string): boolean {
    return name === undefined ? this.#busy.size > 0 : this.#busy.has(name);
  }

  /** The failure of the last run of `name`, until it runs again or is cleared. */
  error(name: string): IntegrationError | undefined {
    return this.#errors.get(name);
  }

  clearError(name: string): void {
    if (this.#errors.delete(name)) this.#host.requestUpdate();
  }

  /**
   * Runs `options.run` unless `name` is already running (then it answers `aborted` at once). No
   * `await` comes before `run()`, so a call from a click handler keeps the user gesture. A
   * cancelled action (`aborted`) is neither toasted nor reported.
   */
  async run<T>(name: string, options: ActionOptions<T>): Promise<ActionResult<T>> {
    if (this.#busy.has(name)) return { ok: false, error: new IntegrationError('aborted', 'Already in progress.') };
    let work: Promise<T>;
    try {
      work = options.run();
    } catch (error) {
      work = Promise.reject(error);
    }
    this.#busy.add(name);
    this.#errors.delete(name);
    this.#host.requestUpdate();
    try {
      const value = await work;
      if (options.success) {
        const said = options.success(value);
        this.#say({ about: options.integrationId, ...(typeof said === 'string' ? { message: said, variant: 'success' } : said) });
      }
      return { ok: true, value };
    } catch (thrown) {
      const error = toIntegrationError(thrown);
      if (error.code !== 'aborted') {
        this.#errors.set(name, error);
        this.report(error, options.integrationId);
        const said = options.failure?.(error);
        if (said) {
          this.#say({
            about: options.integrationId,
            message: said,
            variant: 'error',
            // No Retry where trying again cannot help (a role that may not, a page set up wrongly).
            ...(options.retry && describeError(error).canRetry ? { action: { label: msg('Retry'), run: options.retry } } : {}),
          });
        }
      }
      return { ok: false, error };
    } finally {
      this.#busy.delete(name);
      this.#host.requestUpdate();
    }
  }

  /**
   * Tells the host about a failure as `integration-error`, once per failure object: a failed load
   * is rendered many times, and the host hears about it once.
   */
  report(error: unknown, integrationId?: string): IntegrationError | undefined {
    if (!error || typeof error !== 'object' || this.#reported.has(error)) return undefined;
    this.#reported.add(error);
    const failure = toIntegrationError(error);
    this.#host.dispatchEvent(new IntegrationErrorEvent(failure, integrationId));
    return failure;
  }
}
