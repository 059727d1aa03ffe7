import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';
import type { BulkAction, IntegrationsClient } from '../../core/client.js';
import type { BulkItemResult } from '../../core/bulk.js';
import type { Integration } from '../../core/types.js';
import { ActionController } from '../../controllers/action-controller.js';
import { IntegrationDeletedEvent, IntegrationUpdatedEvent } from '../../events/integration-events.js';
import { errorSentence } from '../../internal/error-text.js';
import { Selection } from './selection.js';
import { showToast } from '../toast-region/define.js';

/** The pages the selection is made from: a PagesController, or anything shaped like one. */
export interface BulkPages {
  readonly items: readonly Integration[];
  readonly state:
    | { hasNextPage: boolean; isError: boolean; error: unknown; isFetching: boolean; data?: { pages: readonly unknown[] } | undefined }
    | undefined;
  /** Loads the next page, or joins the one loading. */
  fetchNextPage(): Promise<unknown>;
}

export interface BulkActionsOptions {
  pages: BulkPages;
  client: () => IntegrationsClient | undefined;
  /** Bulk requests in flight at once. */
  concurrency: () => number;
  /** Asks the user to go ahead with `pending` (the confirm dialog); resolves with the answer. */
  confirm: () => Promise<boolean>;
}

export interface BulkProgress {
  action: BulkAction;
  total: number;
  done: number;
}

export interface BulkOutcome {
  action: BulkAction;
  results: Array<BulkItemResult<Integration | void>>;
  /** Names as they were when the action started: a deleted item is no longer listed to look up. */
  names: ReadonlyMap<string, string>;
}

type Host = ReactiveControllerHost & EventTarget;

/**
 * The list's selection and what is done to it: click and shift-click, select all loaded or all
 * matching (loading every page), a bulk action through `client.bulk` with progress and Cancel,
 * the confirm step, and the outcome per item. Runs and reports through an ActionController, so a
 * failure reaches the host once, as everywhere else.
 */
export class BulkActionsController implements ReactiveController {
  readonly #host: Host;
  readonly #options: BulkActionsOptions;
  readonly #actions: ActionController;
  readonly #selection = new Selection();
  #progress: (BulkProgress & { controller: AbortController }) | undefined;
  #outcome: BulkOutcome | undefined;
  #pending: { action: BulkAction; ids: string[] } | undefined;

  constructor(host: Host, options: BulkActionsOptions) {
    this.#host = host;
    this.#options = options;
    this.#actions = new ActionController(host, showToast);
    host.addController(this);
  }

  hostConnected(): void {}

  // --- selection ------------------------------------------------------------------------------

  get size(): number {
    return this.#selection.size;
  }

  has(id: string): boolean {
    return this.#selection.has(id);
  }

  /** Selected ids, in list order. */
  get ids(): string[] {
    return this.#selection.inOrder(this.#options.pages.items);
  }

  /** A click (`extend`: a shift-click, the range from the last clicked item). */
  toggle(id: string, selected: boolean, extend = false): void {
    if (extend) this.#selection.extend(id, selected, this.#options.pages.items);
    else this.#selection.toggle(id, selected);
    this.#host.requestUpdate();
  }

  set(ids: readonly string[]): void {
    this.#selection.set(ids);
    this.#host.requestUpdate();
  }

  clear(): void {
    this.#selection.clear();
    this.#host.requestUpdate();
  }

  selectAllLoaded(): void {
    this.#selection.selectAll(this.#options.pages.items);
    this.#host.requestUpdate();
  }

  /** Whether "Select all matching" is loading the remaining pages. */
  get selectingAll(): boolean {
    return this.#actions.busy('select-all');
  }

  /** Loads every remaining page, then selects everything that matches. */
  selectAllMatching(): Promise<unknown> {
    const pages = this.#options.pages;
    return this.#actions.run('select-all', {
      run: async () => {
        // Each turn waits for a real page load (a load already running is joined), so this never
        // spins; a page that adds nothing ends it rather than asking again forever.
        while (pages.state?.hasNextPage) {
          const loaded = pages.state.data?.pages.length;
          await pages.fetchNextPage();
          if (pages.state?.isError) throw pages.state.error;
          if (pages.state?.data?.pages.length === loaded && !pages.state.isFetching) break;
        }
        this.selectAllLoaded();
      },
      failure: (failure) => msg(str`Could not load every integration: ${errorSentence(failure)}`),
    });
  }

  // --- bulk actions ---------------------------------------------------------------------------

  /** The bulk action running, and how far it is. */
  get progress(): BulkProgress | undefined {
    return this.#progress;
  }

  /** The action waiting for the user's confirmation. */
  get pending(): { action: BulkAction; ids: readonly string[] } | undefined {
    return this.#pending;
  }

  /** The last bulk action's result per item, until dismissed or the list changes. */
  get outcome(): BulkOutcome | undefined {
    return this.#outcome;
  }

  dismissOutcome(): void {
    this.#outcome = undefined;
    this.#host.requestUpdate();
  }

  /** Forgets the selection and the outcome (the filters changed: another list). */
  reset(): void {
    this.#selection.clear();
    this.#outcome = undefined;
    this.#host.requestUpdate();
  }

  /** Stops starting items; those in flight finish, the rest come back `aborted`. */
  cancel(): void {
    this.#progress?.controller.abort();
  }

  /** Asks for confirmation (`pending` is what to show meanwhile), then runs the action. */
  async ask(action: BulkAction, ids: readonly string[]): Promise<void> {
    if (ids.length === 0 || this.#progress) return;
    this.#pending = { action, ids: [...ids] };
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    let confirmed: boolean;
    try {
      confirmed = await this.#options.confirm();
    } finally {
      this.#pending = undefined;
      this.#host.requestUpdate();
    }
    if (confirmed) await this.run(action, ids);
  }

  /**
   * Runs `action` on `ids` now (no confirmation: a retry of failures already confirmed). Only one
   * bulk runs at a time; a second answers undefined. Afterwards the failed items stay selected.
   */
  async run(action: BulkAction, ids: readonly string[]): Promise<Array<BulkItemResult<Integration | void>> | undefined> {
    const client = this.#options.client();
    if (!client || ids.length === 0 || this.#progress) return undefined;
    const controller = new AbortController();
    const names = new Map(this.#options.pages.items.map((i) => [i.id, i.name]));
    this.#outcome = undefined;
    this.#progress = { action, total: ids.length, done: 0, controller };
    const result = await this.#actions.run('bulk', {
      run: async () => {
        let results: Array<BulkItemResult<Integration | void>>;
        try {
          results = await client.bulk(action, ids, {
            concurrency: this.#options.concurrency(),
            signal: controller.signal,
            onProgress: (done) => {
              if (this.#progress) this.#progress = { ...this.#progress, done };
              this.#host.requestUpdate();
            },
          });
        } finally {
          this.#progress = undefined;
        }
        for (const item of results) {
          if (!item.ok) continue;
          if (action === 'delete') this.#host.dispatchEvent(new IntegrationDeletedEvent(item.id));
          else if (item.value) this.#host.dispatchEvent(new IntegrationUpdatedEvent(item.value));
        }
        this.#selection.set(results.filter((r) => !r.ok).map((r) => r.id));
        this.#outcome = { action, results, names };
        return results;
      },
      success: (results) => {
        const failed = results.filter((r) => !r.ok);
        const succeeded = results.length - failed.length;
        return failed.length === 0
          ? { message: msg(str`Done: ${succeeded} of ${results.length} succeeded.`), variant: 'success' }
          : { message: msg(str`${failed.length} of ${results.length} failed. See the list for why.`), variant: 'error' };
      },
    });
    return result.ok ? result.value : undefined;
  }
}
