import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { IntegrationError, toIntegrationError } from '../../core/errors.js';
import type { Integration } from '../../core/types.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { showToast, type ToastOptions } from '../toast-region/define.js';

/** What one user-started action says when it ends. @internal */
export interface ActionOptions<T> {
  /** Starts the work. Called synchronously, so a popup it opens stays inside the click's gesture. */
  run: () => Promise<T>;
  /** Toast on success (its text, or the whole toast); omit for no toast. */
  success?: (result: T) => string | ToastOptions;
  /** Toast text on failure. */
  failure: (error: IntegrationError) => string;
  /** Offered as the failure toast's action. */
  retry?: () => void;
}

/** @internal */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: IntegrationError };

/**
 * What the parts of `<integration-details>` share: the integration they show (always the
 * cache's current copy, passed down by the parent) and one way to run a user action, with
 * progress, a toast for the result and `integration-error` for failures.
 * @internal
 */
export abstract class DetailsPanelElement extends MwapElement {
  /** The integration shown; the parent passes the cache's current copy. */
  @property({ attribute: false }) integration: Integration | undefined;

  /** Names of the actions in progress. @internal */
  @state() protected busy: ReadonlySet<string> = new Set();

  readonly #reported = new WeakSet<object>();

  /**
   * Reports a failed load as `integration-error`, once per failure (a state is rendered many
   * times; the host hears about it once).
   * @internal
   */
  protected reportOnce(error: unknown): void {
    if (!error || typeof error !== 'object' || this.#reported.has(error)) return;
    this.#reported.add(error);
    this.emitError(error, this.integration?.id);
  }

  /** @internal */
  protected isBusy(action: string): boolean {
    return this.busy.has(action);
  }

  /**
   * Runs `options.run` once at a time per `action` name. No `await` comes before `run()`, so a
   * call from a click handler keeps the user gesture.
   * @internal
   */
  protected async perform<T>(action: string, options: ActionOptions<T>): Promise<ActionResult<T>> {
    if (this.busy.has(action)) return { ok: false, error: new IntegrationError('aborted', 'Already in progress.') };
    let work: Promise<T>;
    try {
      work = options.run();
    } catch (error) {
      work = Promise.reject(error);
    }
    this.busy = new Set([...this.busy, action]);
    try {
      const value = await work;
      if (options.success) {
        const said = options.success(value);
        showToast(typeof said === 'string' ? { message: said, variant: 'success' } : said);
      }
      return { ok: true, value };
    } catch (thrown) {
      const error = toIntegrationError(thrown);
      if (error.code !== 'aborted') {
        this.emitError(error, this.integration?.id);
        showToast({
          message: options.failure(error),
          variant: 'error',
          ...(options.retry ? { action: { label: msg('Retry'), run: options.retry } } : {}),
        });
      }
      return { ok: false, error };
    } finally {
      const next = new Set(this.busy);
      next.delete(action);
      this.busy = next;
    }
  }
}
