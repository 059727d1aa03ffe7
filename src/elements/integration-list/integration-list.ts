import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/contract.js';
import type { CloudProvider, Integration } from '../../core/types.js';
import type { BulkAction } from '../../core/client.js';
import type { IntegrationAction } from '../../core/permissions.js';
import { PagesController, QueryController } from '../../controllers/query-controller.js';
import { PermissionsController } from '../../controllers/permissions-controller.js';
import { DebounceController } from '../../controllers/debounce.js';
import { IntegrationCreateRequestEvent } from '../../events/integration-events.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { headingLevel } from '../../internal/heading-level.js';
import { denialText } from '../../internal/permission-text.js';
import { formatRelative } from '../../internal/format.js';
import { onTick } from '../../internal/ticker.js';
import { base, tokens } from '../../styles/tokens.js';
import type { ConfirmDialogElement } from '../confirm-dialog/define.js';
import type { CardSelectionChangeEvent, IntegrationCardElement } from '../integration-card/define.js';
import '../integration-card/define.js';
import { CardActionState } from '../integration-card/card-action-state.js';
import { showToast } from '../toast-region/define.js';
import { CardWindow } from './card-window.js';
import { BulkActionsController } from './bulk-actions-controller.js';
import { renderBulkBar, renderBulkConfirm, renderBulkResults } from './list-bulk.js';
import { renderStaleNotice } from './list-stale.js';
import { isFiltered, listQuery, NO_FILTERS, renderToolbar, type Filters } from './list-toolbar.js';
import { listStyles } from './integration-list.styles.js';

/** A page size the API accepts, so a bad attribute (`page-size="abc"`, `0`, `500`) cannot turn the list into an error. */
const pageLimit = (size: number) => (Number.isFinite(size) && size >= 1 ? Math.min(MAX_PAGE_SIZE, Math.round(size)) : DEFAULT_PAGE_SIZE);
/** The permission each bulk action needs. */
const BULK_PERMISSION = { refresh: 'refresh', enable: 'update', disable: 'update', delete: 'delete' } as const satisfies Record<
  BulkAction,
  IntegrationAction
>;
const BULK_PERMISSIONS = Object.values(BULK_PERMISSION);
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
 * @csspart stale - Said above the cards when a refresh failed: they may be out of date, with Try again.
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
  /** Offer nothing that changes integrations (no selection, no bulk actions, no create), whatever the caller's role allows. */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /**
   * The outline level (2–6) of the cards' names and of the empty and error states' headings: one
   * below the host's heading over the list. Default 3.
   */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 3;

  /** @internal */
  @state() private filters: Filters = { ...NO_FILTERS };
  /** @internal */
  @state() private searchText = '';
  /** The clock the stale notice's "Last updated …" is said against; moves only while it shows. @internal */
  @state() private staleNow = Date.now();
  #stopStaleClock: (() => void) | undefined;

  @query('mwap-confirm-dialog') private confirmDialog!: ConfirmDialogElement;

  readonly #pages = new PagesController(
    this,
    (client) => client.queries.pages(listQuery(this.filters), pageLimit(this.pageSize)),
    () => this.activeClient,
  );
  readonly #providers = new QueryController<CloudProvider[]>(
    this,
    (client) => client.queries.providers(),
    () => this.activeClient,
  );
  /** What the caller may do: selection and bulk actions appear only for what they may. */
  readonly #permissions = new PermissionsController(
    this,
    () => this.activeClient,
    () => this.readonly,
  );
  readonly #search = new DebounceController<string>(this, 300, (q) => (this.filters = { ...this.filters, q: q.trim() }));
  readonly #bulk = new BulkActionsController(this, {
    pages: this.#pages,
    client: () => this.activeClient,
    concurrency: () => this.bulkConcurrency,
    confirm: () => this.confirmDialog.show(),
  });
  /**
   * Only the cards near the viewport are in the DOM, card nodes reused as it scrolls; loads the
   * next page when the end comes near.
   */
  readonly #window = new CardWindow<Integration, IntegrationCardElement>(this, {
    container: () => this.renderRoot.querySelector<HTMLElement>('.items'),
    items: () => this.items,
    key: (item) => item.id,
    create: () => {
      const card = document.createElement('integration-card');
      card.setAttribute('role', 'listitem');
      return card;
    },
    bind: (card, item, index) => this.#bindCard(card, item, index),
    unbind: (card, id) => {
      const state = this.#actionStates.get(id);
      state?.detach(card);
      if (state && !state.used) this.#actionStates.delete(id);
    },
    focused: () => this.#focusedId,
    onRange: (_, end) => {
      // After a failed page, loading more waits for "Try again": no retry loop while scrolling.
      if (end >= this.items.length - PREFETCH_DISTANCE && !this.#pages.state?.isFetchNextPageError) void this.#pages.fetchNextPage();
    },
  });
  /** The integration whose card holds keyboard focus, if any. */
  #focusedId: string | undefined;
  /** Each shown integration's quick-action state, apart from the card node showing it now (nodes are reused). */
  readonly #actionStates = new Map<string, CardActionState>();
  /** The pages the action states were last checked against (see #dropLeftStates). */
  #statesCheckedFor: readonly unknown[] = [];
  /** What every card shows alike, from the last render. */
  #cards = {
    providers: new Map<string, CloudProvider>(),
    setSize: 0,
    selectable: false,
    compact: false,
  };

  /** The items loaded so far, in order. */
  get items(): Integration[] {
    return this.#pages.items;
  }

  /** Ids of the selected integrations, in list order. */
  get selectedIds(): string[] {
    return this.#bulk.ids;
  }

  /** Selects these ids (replacing the selection). */
  select(ids: readonly string[]): void {
    this.#bulk.set(ids);
  }

  /** Loads and shows the list again. */
  refresh(): Promise<unknown> {
    return this.#pages.refetch();
  }

  /** A refresh failed while cards are shown: they stay, said to be possibly out of date. */
  get #staleError(): Error | undefined {
    const state = this.#pages.state;
    return state?.isError && !state.isFetchNextPageError && this.items.length > 0 ? state.error : undefined;
  }

  /** Runs the shared clock only while the stale notice shows, re-rendering when its words change. */
  #followStaleClock(): void {
    const stale = this.#staleError !== undefined;
    if (stale && !this.#stopStaleClock) {
      this.staleNow = Date.now();
      this.#stopStaleClock = onTick((now) => {
        const updatedAt = this.#pages.state?.dataUpdatedAt ?? now;
        if (formatRelative(updatedAt, now) !== formatRelative(updatedAt, this.staleNow)) this.staleNow = now;
      });
    } else if (!stale && this.#stopStaleClock) {
      this.#stopStaleClock();
      this.#stopStaleClock = undefined;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopStaleClock?.();
    this.#stopStaleClock = undefined;
    // What the cards said about their integrations goes with the list (what runs goes on).
    for (const state of this.#actionStates.values()) state.dispose();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#followStaleClock();
    this.#dropLeftStates();
  }

  /** An integration no longer listed (deleted, filtered out) takes its action state and its toasts with it. */
  #dropLeftStates(): void {
    const pages = this.#pages.state?.data?.pages ?? [];
    const checked = this.#statesCheckedFor;
    if (pages === checked || this.#actionStates.size === 0) return;
    this.#statesCheckedFor = pages;
    // Pages only added (the pages before are the same objects, so every item in them is still
    // listed): nothing left. Loading 500 pages one by one must not walk every item 500 times.
    if (checked && checked.length <= pages.length && checked.every((page, i) => page === pages[i])) return;
    const listed = new Set(this.items.map((item) => item.id));
    for (const [id, state] of this.#actionStates) {
      if (listed.has(id)) continue;
      state.dispose();
      this.#actionStates.delete(id);
    }
  }

  #actionState(id: string): CardActionState {
    let state = this.#actionStates.get(id);
    if (!state) this.#actionStates.set(id, (state = new CardActionState(this, showToast)));
    return state;
  }

  /** Shows `item` on a card node (new, or reused from another integration). */
  #bindCard(card: IntegrationCardElement, item: Integration, index: number): void {
    const shared = this.#cards;
    card.integration = item;
    card.provider = shared.providers.get(item.cloudProviderId);
    card.client = this.activeClient;
    card.actionState = this.#actionState(item.id);
    card.selectable = shared.selectable;
    card.selected = this.#bulk.has(item.id);
    card.compact = shared.compact;
    card.readonly = this.readonly;
    card.headingLevel = this.#level;
    setAttribute(card, 'aria-posinset', String(index + 1));
    setAttribute(card, 'aria-setsize', String(shared.setSize));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('filters' as keyof IntegrationListElement)) {
      this.#bulk.reset();
    }
    if (changed.has('view')) this.#window.remeasure();
    this.#keepFocusInList();
  }

  /**
   * The card holding focus is about to go (filtered out, deleted; scrolling keeps it): focus moves
   * to the list itself rather than falling to <body>, so the next Tab goes on from the list.
   */
  #keepFocusInList(): void {
    if (this.#focusedId === undefined || this.items.some((item) => item.id === this.#focusedId)) return;
    this.renderRoot.querySelector<HTMLElement>('.items')?.focus({ preventScroll: true });
  }

  #clearFilters = () => {
    this.searchText = '';
    this.filters = { ...NO_FILTERS, sort: this.filters.sort };
  };

  #onItemsFocus = (event: FocusEvent) => {
    const card = event
      .composedPath()
      .find((node): node is IntegrationCardElement => node instanceof Element && node.localName === 'integration-card');
    this.#focusedId = event.type === 'focusin' ? card?.integration?.id : undefined;
    // A card kept outside the window for its focus may go back to the pool.
    if (this.#focusedId === undefined) this.#window.requestFrame();
  };

  #onCardSelection = (event: CardSelectionChangeEvent) => {
    const { integrationId, selected, shiftKey } = event.detail;
    this.#bulk.toggle(integrationId, selected, shiftKey);
  };

  #renderItems(providers: CloudProvider[]) {
    const compact = this.view === 'list';
    if (this.#providersSeen !== providers) {
      this.#providersSeen = providers;
      this.#cards.providers = new Map(providers.map((p) => [p.id, p]));
    }
    this.#cards.compact = compact;
    this.#cards.selectable = this.#selectable();
    // Only a window of the items is in the DOM: say where each is in the whole list.
    this.#cards.setSize = this.#pages.total ?? (this.#pages.state?.hasNextPage ? -1 : this.items.length);
    // The cards are the window's (card-window.ts): it binds them after each update.
    return html`<div class="items ${compact ? 'compact' : ''}" part="items" role="list" tabindex="-1" aria-label=${this.label || msg('Integrations')}
        @card-selection-change=${this.#onCardSelection} @focusin=${this.#onItemsFocus} @focusout=${this.#onItemsFocus}></div>
      ${this.#renderMore()}`;
  }
  #providersSeen: CloudProvider[] | undefined;

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

  get #level(): number {
    return headingLevel(this.headingLevel, 3);
  }

  /** Selecting is for bulk actions: offered only when the caller may run at least one. */
  #selectable(): boolean {
    return !this.noSelect && BULK_PERMISSIONS.some((action) => this.#permissions.can(action));
  }

  #heading(text: string) {
    return html`<div class="heading" role="heading" aria-level=${this.#level}>${text}</div>`;
  }

  #renderCreate() {
    const denied = this.#permissions.denied('create');
    if (denied) return html`<p class="denied">${denialText(denied)}</p>`;
    if (!this.#permissions.can('create')) return nothing;
    return html`<slot name="empty-action">
      <button type="button" class="primary" @click=${() => this.dispatchEvent(new IntegrationCreateRequestEvent())}>${msg('Add integration')}</button>
    </slot>`;
  }

  #renderBody(providers: CloudProvider[]) {
    const state = this.#pages.state;
    if (!this.activeClient) {
      return html`<div class="state" role="alert">
        ${this.#heading(msg('Not configured'))}
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
      // "Try again" only where trying again can help: not for a role that may not read.
      return html`<div class="state" role="alert">
        ${this.#heading(msg('Could not load integrations'))}
        <p title=${state.error.message}>${errorSentence(state.error)}</p>
        ${
          describeError(state.error).canRetry
            ? html`<button type="button" class="primary" @click=${() => this.#pages.refetch()}>${msg('Try again')}</button>`
            : nothing
        }
      </div>`;
    }
    if (this.items.length === 0) {
      return isFiltered(this.filters)
        ? html`<div class="state">
            ${this.#heading(msg('No integrations match'))}
            <p>${msg('Try other words or filters.')}</p>
            <button type="button" @click=${this.#clearFilters}>${msg('Clear filters')}</button>
          </div>`
        : html`<div class="state">
            ${this.#heading(msg('No integrations yet'))}
            ${this.#permissions.can('create') ? html`<p>${msg('Connect a cloud provider to get started.')}</p>` : nothing}
            ${this.#renderCreate()}
          </div>`;
    }
    const total = this.#pages.total ?? this.items.length;
    const staleError = this.#staleError;
    const stale = staleError
      ? renderStaleNotice({
          error: staleError,
          updatedAt: state.dataUpdatedAt,
          retrying: state.isFetching,
          now: Math.max(this.staleNow, state.dataUpdatedAt),
          onRetry: () => void this.#pages.refetch(),
        })
      : nothing;
    return html`${stale}<div class="summary" role="status">${msg(str`Showing ${this.items.length} of ${total}`)}</div>
      ${this.#renderItems(providers)}`;
  }

  protected override render() {
    const providers = this.#providers.state?.data ?? [];
    const toolbar = renderToolbar({
      label: this.label,
      view: this.view,
      filters: this.filters,
      searchText: this.searchText,
      providers,
      onSearchInput: (text) => {
        this.searchText = text;
        this.#search.push(text);
      },
      onSearchNow: () => this.#search.flush(this.searchText),
      onFilter: (key, value) => (this.filters = { ...this.filters, [key]: value }),
      onView: (view) => (this.view = view),
    });
    const bulkBar = this.#selectable()
      ? renderBulkBar(this.#bulk, this.items, this.#pages.total ?? this.items.length, (action) =>
          this.#permissions.can(BULK_PERMISSION[action]),
        )
      : nothing;
    return html`${toolbar} ${bulkBar} ${renderBulkResults(this.#bulk)} ${this.#renderBody(providers)}
    ${renderBulkConfirm(this.#bulk, this.items)}`;
  }
}

/** Writes an attribute only when it changes (a card's place is set again on every update). */
function setAttribute(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}
