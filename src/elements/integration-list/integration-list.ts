import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { repeat } from 'lit/directives/repeat.js';
import type { BulkAction } from '../../core/client.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/contract.js';
import type { BulkItemResult } from '../../core/bulk.js';
import type { CloudProvider, Integration, IntegrationListQuery, IntegrationSort, IntegrationStatus, TokenStatus } from '../../core/types.js';
import { PagesController, QueryController } from '../../controllers/query-controller.js';
import { DebounceController } from '../../controllers/debounce.js';
import { WindowController } from '../../controllers/window-controller.js';
import { IntegrationCreateRequestEvent, IntegrationDeletedEvent, IntegrationUpdatedEvent } from '../../events/integration-events.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { statusLabel } from '../../internal/status.js';
import { base, tokens } from '../../styles/tokens.js';
import type { ConfirmDialogElement } from '../confirm-dialog/define.js';
import { showToast } from '../toast-region/define.js';
import type { CardSelectionChangeEvent, IntegrationCardElement } from '../integration-card/define.js';
import '../confirm-dialog/define.js';
import '../integration-card/define.js';
import { Selection } from './selection.js';
import { listStyles } from './integration-list.styles.js';

type Filters = Required<Pick<IntegrationListQuery, 'q'>> & {
  status: IntegrationStatus | '';
  providerId: string;
  tokenStatus: TokenStatus | '';
  sort: IntegrationSort;
};

interface BulkRun {
  action: BulkAction;
  total: number;
  done: number;
  controller: AbortController;
}

interface BulkOutcome {
  action: BulkAction;
  results: Array<BulkItemResult<Integration | void>>;
}

/** A page size the API accepts, so a bad attribute (`page-size="abc"`, `0`, `500`) cannot turn the list into an error. */
const pageLimit = (size: number) => (Number.isFinite(size) && size >= 1 ? Math.min(MAX_PAGE_SIZE, Math.round(size)) : DEFAULT_PAGE_SIZE);
const STATUSES: readonly IntegrationStatus[] = ['active', 'pending', 'disabled', 'error'];
const NO_FILTERS: Filters = { q: '', status: '', providerId: '', tokenStatus: '', sort: 'name' };
/** Load the next page when the last visible card is this close to the end of what is loaded. */
const PREFETCH_DISTANCE = 12;

/**
 * The dashboard: every integration of the tenant as cards or a compact list, with search,
 * filters, sort, infinite loading, virtualised rendering, multi-select and bulk actions.
 *
 * @tag integration-list
 * @summary Lists, finds and bulk-manages integrations.
 * @fires integration-select - A card's Manage (or name) was chosen; hosts navigate.
 * @fires integration-updated - A bulk action or quick action changed an integration.
 * @fires integration-deleted - A bulk delete removed an integration.
 * @fires integration-error - Loading or an action failed.
 * @fires integration-create-request - The empty state's "Add integration" was chosen.
 * @slot empty-action - Replaces the empty state's "Add integration" button.
 * @csspart toolbar - Search, filters, sort and view switch.
 * @csspart bulk-bar - The bar shown while items are selected.
 * @csspart items - The (virtualised) cards.
 * @cssprop --mwap-integration-list-card-width - Card width in the grid view. Default 300px.
 */
@localized()
export class IntegrationListElement extends MwapElement {
  static override styles = [tokens, base, listStyles];

  /** `grid` (cards) or `list` (compact rows). */
  @property({ reflect: true }) view: 'grid' | 'list' = 'grid';
  /** Items per request (the reference server allows 1 to 100). A value that is not a positive number means 50. */
  @property({ attribute: 'page-size', type: Number }) pageSize = DEFAULT_PAGE_SIZE;
  /** Turns multi-select and bulk actions off (a read-only dashboard, e.g. for members). */
  @property({ attribute: 'no-select', type: Boolean }) noSelect = false;
  /** Bulk requests in flight at once. */
  @property({ attribute: 'bulk-concurrency', type: Number }) bulkConcurrency = 4;
  /**
   * What the list holds, for screen readers: names the list and its search landmark. Default
   * "Integrations". Give each list its own when a page has more than one.
   */
  @property() label = '';

  /** @internal */
  @state() private filters: Filters = { ...NO_FILTERS };
  /** @internal */
  @state() private searchText = '';
  /** @internal */
  @state() private selectionVersion = 0;
  /** @internal */
  @state() private bulkRun: BulkRun | undefined;
  /** @internal */
  @state() private outcome: BulkOutcome | undefined;
  /** @internal */
  @state() private pendingAction: { action: BulkAction; ids: string[] } | undefined;
  /** @internal */
  @state() private selectingAll = false;

  @query('mwap-confirm-dialog') private confirmDialog!: ConfirmDialogElement;

  readonly #selection = new Selection();
  readonly #pages = new PagesController(this, (client) => client.queries.pages(this.#listQuery(), pageLimit(this.pageSize)), () => this.activeClient);
  readonly #providers = new QueryController<CloudProvider[]>(this, (client) => client.queries.providers(), () => this.activeClient);
  readonly #search = new DebounceController<string>(this, 300, (q) => (this.filters = { ...this.filters, q: q.trim() }));
  /** Only the cards near the viewport are in the DOM; loads the next page when the end comes near. */
  readonly #window = new WindowController(
    this,
    () => this.renderRoot.querySelector<HTMLElement>('.items'),
    () => this.items.length,
    (_, end) => {
      // After a failed page, loading more waits for "Try again": no retry loop while scrolling.
      if (end >= this.items.length - PREFETCH_DISTANCE && !this.#pages.state?.isFetchNextPageError) void this.#pages.fetchNextPage();
    },
    undefined,
    () => (this.#focusedId === undefined ? undefined : this.items.findIndex((item) => item.id === this.#focusedId)),
  );
  /** The integration whose card holds keyboard focus, if any. */
  #focusedId: string | undefined;

  /** The items loaded so far, in order. */
  get items(): Integration[] {
    return this.#pages.items;
  }

  /** Ids of the selected integrations, in list order. */
  get selectedIds(): string[] {
    return this.#selection.inOrder(this.items);
  }

  /** Selects these ids (replacing the selection). */
  select(ids: readonly string[]): void {
    this.#selection.set(ids);
    this.selectionVersion++;
  }

  /** Loads and shows the list again. */
  refresh(): Promise<unknown> {
    return this.#pages.refetch();
  }

  #listQuery(): IntegrationListQuery {
    const { q, status, providerId, tokenStatus, sort } = this.filters;
    return { q, status: status || undefined, providerId, tokenStatus: tokenStatus || undefined, sort };
  }

  #filtered(): boolean {
    const { q, status, providerId, tokenStatus } = this.filters;
    return Boolean(q || status || providerId || tokenStatus);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('filters' as keyof IntegrationListElement)) {
      this.#selection.clear();
      this.outcome = undefined;
      this.#window.reset();
    }
    if (changed.has('view')) this.#window.remeasure();
    this.#keepFocusInList();
  }

  /**
   * The card holding focus is about to go (scrolled far away, filtered out, deleted): focus moves
   * to the list itself rather than falling to <body>, so the next Tab goes on from the list.
   */
  #keepFocusInList(): void {
    if (this.#focusedId === undefined) return;
    const index = this.items.findIndex((item) => item.id === this.#focusedId);
    if (index >= this.#window.start && index < this.#window.end) return;
    this.renderRoot.querySelector<HTMLElement>('.items')?.focus({ preventScroll: true });
  }

  // --- toolbar -------------------------------------------------------------------------------

  #setFilter<K extends keyof Filters>(key: K, value: Filters[K]) {
    this.filters = { ...this.filters, [key]: value };
  }

  #clearFilters = () => {
    this.searchText = '';
    this.filters = { ...NO_FILTERS, sort: this.filters.sort };
  };

  #renderToolbar(providers: CloudProvider[]) {
    const onSearch = (e: InputEvent) => {
      this.searchText = (e.target as HTMLInputElement).value;
      this.#search.push(this.searchText);
    };
    const onSearchKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') this.#search.flush(this.searchText);
    };
    const select = <K extends keyof Filters>(key: K) => (e: Event) => this.#setFilter(key, (e.target as HTMLSelectElement).value as Filters[K]);
    return html`<div class="toolbar" part="toolbar" role="search" aria-label=${this.label ? msg(str`Search ${this.label}`) : msg('Search integrations')}>
      <label class="field search">
        ${msg('Search')}
        <input type="search" .value=${this.searchText} placeholder=${msg('Name or description')} @input=${onSearch} @keydown=${onSearchKey} />
      </label>
      <label class="field">
        ${msg('Status')}
        <select .value=${this.filters.status} @change=${select('status')}>
          <option value="">${msg('Any status')}</option>
          ${STATUSES.map((status) => html`<option value=${status} ?selected=${status === this.filters.status}>${statusLabel(status)}</option>`)}
        </select>
      </label>
      <label class="field">
        ${msg('Provider')}
        <select .value=${this.filters.providerId} @change=${select('providerId')}>
          <option value="">${msg('Any provider')}</option>
          ${providers.map((p) => html`<option value=${p.id} ?selected=${p.id === this.filters.providerId}>${p.name}</option>`)}
        </select>
      </label>
      <label class="field">
        ${msg('Token')}
        <select .value=${this.filters.tokenStatus} @change=${select('tokenStatus')}>
          <option value="">${msg('Any token state')}</option>
          <option value="valid">${msg('Valid')}</option>
          <option value="expiring">${msg('Expiring')}</option>
          <option value="expired">${msg('Expired')}</option>
          <option value="error">${msg('Failed')}</option>
          <option value="none">${msg('Not connected')}</option>
        </select>
      </label>
      <label class="field">
        ${msg('Sort by')}
        <select .value=${this.filters.sort} @change=${select('sort')}>
          <option value="name">${msg('Name (A–Z)')}</option>
          <option value="-name">${msg('Name (Z–A)')}</option>
          <option value="-updatedAt">${msg('Recently updated')}</option>
          <option value="-createdAt">${msg('Newest')}</option>
          <option value="createdAt">${msg('Oldest')}</option>
        </select>
      </label>
      <div class="view-toggle" role="group" aria-label=${msg('View')}>
        <button type="button" aria-pressed=${this.view === 'grid'} @click=${() => (this.view = 'grid')}>${msg('Cards')}</button>
        <button type="button" aria-pressed=${this.view === 'list'} @click=${() => (this.view = 'list')}>${msg('List')}</button>
      </div>
    </div>`;
  }

  // --- selection and bulk actions ---------------------------------------------------------------

  #onItemsFocus = (event: FocusEvent) => {
    const card = event.composedPath().find((node): node is IntegrationCardElement => node instanceof Element && node.localName === 'integration-card');
    this.#focusedId = event.type === 'focusin' ? card?.integration?.id : undefined;
  };

  #onCardSelection = (event: CardSelectionChangeEvent) => {
    const { integrationId, selected, shiftKey } = event.detail;
    if (shiftKey) this.#selection.extend(integrationId, selected, this.items);
    else this.#selection.toggle(integrationId, selected);
    this.selectionVersion++;
  };

  #selectAllLoaded = () => {
    this.#selection.selectAll(this.items);
    this.selectionVersion++;
  };

  /** Loads every remaining page, then selects everything that matches. */
  #selectAllMatching = async () => {
    this.selectingAll = true;
    try {
      // Each turn waits for a real page load (a load already running is joined), so this never
      // spins; a page that adds nothing ends it rather than asking again forever.
      while (this.#pages.state?.hasNextPage) {
        const loaded = this.#pages.state.data?.pages.length;
        await this.#pages.fetchNextPage();
        if (this.#pages.state?.isError) throw this.#pages.state.error;
        if (this.#pages.state?.data?.pages.length === loaded && !this.#pages.state.isFetching) break;
      }
      this.#selectAllLoaded();
    } catch (error) {
      const failure = this.emitError(error);
      showToast({ message: msg(str`Could not load every integration: ${errorSentence(failure)}`), variant: 'error' });
    } finally {
      this.selectingAll = false;
    }
  };

  #clearSelection = () => {
    this.#selection.clear();
    this.selectionVersion++;
  };

  #describeAction(action: BulkAction, count: number): { heading: string; body: string; confirm: string; danger: boolean } {
    switch (action) {
      case 'refresh':
        return { heading: msg(str`Refresh tokens of ${count} integrations?`), body: msg('Each provider is asked for a new access token now.'), confirm: msg('Refresh tokens'), danger: false };
      case 'enable':
        return { heading: msg(str`Enable ${count} integrations?`), body: msg('They start syncing again.'), confirm: msg('Enable'), danger: false };
      case 'disable':
        return { heading: msg(str`Disable ${count} integrations?`), body: msg('They stop syncing until you enable them again. Their tokens are kept.'), confirm: msg('Disable'), danger: false };
      case 'delete':
        return { heading: msg(str`Delete ${count} integrations?`), body: msg('Their provider tokens are revoked and the integrations are removed. This cannot be undone.'), confirm: msg('Delete'), danger: true };
    }
  }

  async #askAndRun(action: BulkAction, ids: string[]) {
    if (ids.length === 0 || this.bulkRun) return;
    this.pendingAction = { action, ids };
    await this.updateComplete;
    const confirmed = await this.confirmDialog.show();
    this.pendingAction = undefined;
    if (confirmed) await this.#runBulk(action, ids);
  }

  async #runBulk(action: BulkAction, ids: string[]) {
    const client = this.activeClient;
    if (!client) return;
    const controller = new AbortController();
    const names = new Map(this.items.map((i) => [i.id, i.name]));
    this.outcome = undefined;
    this.bulkRun = { action, total: ids.length, done: 0, controller };
    const results = await client.bulk(action, ids, {
      concurrency: this.bulkConcurrency,
      signal: controller.signal,
      onProgress: (done) => (this.bulkRun = { ...this.bulkRun!, done }),
    });
    this.bulkRun = undefined;
    for (const result of results) {
      if (!result.ok) continue;
      if (action === 'delete') this.dispatchEvent(new IntegrationDeletedEvent(result.id));
      else if (result.value) this.dispatchEvent(new IntegrationUpdatedEvent(result.value));
    }
    const failed = results.filter((r) => !r.ok);
    this.#selection.set(failed.map((r) => r.id));
    this.selectionVersion++;
    this.outcome = { action, results };
    const succeeded = results.length - failed.length;
    showToast(
      failed.length === 0
        ? { message: msg(str`Done: ${succeeded} of ${results.length} succeeded.`), variant: 'success' }
        : { message: msg(str`${failed.length} of ${results.length} failed. See the list for why.`), variant: 'error' },
    );
    this.#outcomeNames = names;
  }

  #outcomeNames = new Map<string, string>();

  #renderBulkBar() {
    if (this.noSelect) return nothing;
    const run = this.bulkRun;
    if (run) {
      return html`<div class="bulk-bar" part="bulk-bar">
        <span class="count" role="status">${msg(str`Working: ${run.done} of ${run.total}…`)}</span>
        <progress max=${run.total} .value=${run.done} aria-label=${msg('Progress')}></progress>
        <button type="button" @click=${() => run.controller.abort()}>${msg('Cancel')}</button>
      </div>`;
    }
    const count = this.#selection.size;
    if (count === 0) return nothing;
    const ids = this.selectedIds;
    const total = this.#pages.total ?? this.items.length;
    return html`<div class="bulk-bar" part="bulk-bar" role="region" aria-label=${msg('Bulk actions')}>
      <span class="count" role="status">${msg(str`${count} selected`)}</span>
      ${count < this.items.length ? html`<button type="button" class="link" @click=${this.#selectAllLoaded}>${msg(str`Select all ${this.items.length} shown`)}</button>` : nothing}
      ${this.items.length < total
        ? html`<button type="button" class="link" ?disabled=${this.selectingAll} @click=${this.#selectAllMatching}>
            ${this.selectingAll ? msg('Loading all…') : msg(str`Select all ${total} matching`)}
          </button>`
        : nothing}
      <button type="button" @click=${() => this.#askAndRun('refresh', ids)}>${msg('Refresh tokens')}</button>
      <button type="button" @click=${() => this.#askAndRun('enable', ids)}>${msg('Enable')}</button>
      <button type="button" @click=${() => this.#askAndRun('disable', ids)}>${msg('Disable')}</button>
      <button type="button" class="danger" @click=${() => this.#askAndRun('delete', ids)}>${msg('Delete')}</button>
      <button type="button" @click=${this.#clearSelection}>${msg('Clear selection')}</button>
    </div>`;
  }

  #renderOutcome() {
    const outcome = this.outcome;
    if (!outcome) return nothing;
    const failed = outcome.results.filter((r) => !r.ok);
    const name = (id: string) => this.#outcomeNames.get(id) ?? id;
    return html`<section class="results" aria-label=${msg('Results of the last bulk action')}>
      <strong>${msg(str`${outcome.results.length - failed.length} of ${outcome.results.length} succeeded.`)}</strong>
      ${failed.length
        ? html`<ul>
              ${failed.map((r) => html`<li class="failed">${name(r.id)}: ${r.error ? describeError(r.error).title : msg('Failed')}</li>`)}
            </ul>
            <button type="button" class="primary" @click=${() => this.#runBulk(outcome.action, failed.map((r) => r.id))}>
              ${msg(str`Retry ${failed.length} failed`)}
            </button>`
        : nothing}
      <button type="button" @click=${() => (this.outcome = undefined)}>${msg('Dismiss')}</button>
    </section>`;
  }

  #renderConfirm() {
    const pending = this.pendingAction;
    const text = pending ? this.#describeAction(pending.action, pending.ids.length) : undefined;
    const names = pending ? pending.ids.slice(0, 5).map((id) => this.items.find((i) => i.id === id)?.name ?? id) : [];
    const more = pending ? pending.ids.length - names.length : 0;
    return html`<mwap-confirm-dialog heading=${text?.heading ?? ''} confirm-label=${text?.confirm ?? ''} ?danger=${text?.danger ?? false}>
      <p>${text?.body ?? ''}</p>
      ${names.length
        ? html`<ul>
            ${names.map((n) => html`<li>${n}</li>`)}
            ${more > 0 ? html`<li>${msg(str`and ${more} more`)}</li>` : nothing}
          </ul>`
        : nothing}
    </mwap-confirm-dialog>`;
  }

  // --- items ---------------------------------------------------------------------------------

  #renderItems(providers: CloudProvider[]) {
    const byId = new Map(providers.map((p) => [p.id, p]));
    const compact = this.view === 'list';
    const selectable = !this.noSelect;
    void this.selectionVersion; // re-render cards when the selection changes
    return html`<div class="items ${compact ? 'compact' : ''}" part="items" role="list" tabindex="-1" aria-label=${this.label || msg('Integrations')}
        @card-selection-change=${this.#onCardSelection} @focusin=${this.#onItemsFocus} @focusout=${this.#onItemsFocus}>
        ${repeat(
          this.items.slice(this.#window.start, this.#window.end),
          (item) => item.id,
          (item) => html`<integration-card
            role="listitem"
            .integration=${item}
            .provider=${byId.get(item.cloudProviderId)}
            .client=${this.activeClient}
            ?selectable=${selectable}
            ?selected=${this.#selection.has(item.id)}
            ?compact=${compact}
          ></integration-card>`,
        )}
      </div>
      ${this.#renderMore()}`;
  }

  #renderMore() {
    const state = this.#pages.state;
    if (!state) return nothing;
    if (state.isFetchingNextPage) return html`<div class="more" role="status">${msg('Loading more…')}</div>`;
    if (state.isFetchNextPageError) {
      return html`<div class="more" role="alert">
        ${msg('Could not load more.')} <button type="button" @click=${() => this.#pages.fetchNextPage()}>${msg('Try again')}</button>
      </div>`;
    }
    if (state.hasNextPage) {
      return html`<div class="more"><button type="button" @click=${() => this.#pages.fetchNextPage()}>${msg('Load more')}</button></div>`;
    }
    return nothing;
  }

  #renderBody(providers: CloudProvider[]) {
    const state = this.#pages.state;
    if (!this.activeClient) {
      return html`<div class="state" role="alert">
        <h2>${msg('Not configured')}</h2>
        <p>${msg('Call configure() or wrap this element in <integrations-provider>.')}</p>
      </div>`;
    }
    if (!state || state.isPending) {
      return html`<div class="skeleton" aria-busy="true">
        <span class="visually-hidden" role="status">${msg('Loading integrations…')}</span>
        ${Array.from({ length: 6 }, () => html`<div></div>`)}
      </div>`;
    }
    if (state.isError && this.items.length === 0) {
      return html`<div class="state" role="alert">
        <h2>${msg('Could not load integrations')}</h2>
        <p title=${state.error.message}>${errorSentence(state.error)}</p>
        <button type="button" class="primary" @click=${() => this.#pages.refetch()}>${msg('Try again')}</button>
      </div>`;
    }
    if (this.items.length === 0) {
      return this.#filtered()
        ? html`<div class="state">
            <h2>${msg('No integrations match')}</h2>
            <p>${msg('Try other words or filters.')}</p>
            <button type="button" @click=${this.#clearFilters}>${msg('Clear filters')}</button>
          </div>`
        : html`<div class="state">
            <h2>${msg('No integrations yet')}</h2>
            <p>${msg('Connect a cloud provider to get started.')}</p>
            <slot name="empty-action">
              <button type="button" class="primary" @click=${() => this.dispatchEvent(new IntegrationCreateRequestEvent())}>${msg('Add integration')}</button>
            </slot>
          </div>`;
    }
    const total = this.#pages.total ?? this.items.length;
    return html`<div class="summary" role="status">${msg(str`Showing ${this.items.length} of ${total}`)}</div>
      ${this.#renderItems(providers)}`;
  }

  protected override render() {
    const providers = this.#providers.state?.data ?? [];
    return html`${this.#renderToolbar(providers)} ${this.#renderBulkBar()} ${this.#renderOutcome()} ${this.#renderBody(providers)}
    ${this.#renderConfirm()}`;
  }
}
