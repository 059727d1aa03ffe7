import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { localized, msg, str } from '@lit/localize';
import { isolate } from '../../internal/bidi.js';
import type { CloudProvider } from '../../core/types.js';
import { QueryController } from '../../controllers/query-controller.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { errorSentence } from '../../internal/error-text.js';
import { icons } from '../../internal/icons.js';
import { base, tokens } from '../../styles/tokens.js';
import { filterProviders } from './filter.js';
import { ProviderSelectEvent } from '../../events/provider-select-event.js';
import { providerSelectorStyles } from './provider-selector.styles.js';

const searchIcon = svg`<svg viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false" fill="currentColor"><path d="M6.5 1a5.5 5.5 0 0 1 4.38 8.82l3.65 3.65-1.06 1.06-3.65-3.65A5.5 5.5 0 1 1 6.5 1zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8z"/></svg>`;

/** How far PageUp / PageDown move the active option. */
const PAGE = 5;

/**
 * A searchable, keyboard-operable list of the cloud providers the host API offers. One provider
 * can be selected. The list is a `listbox` that keeps DOM focus while `aria-activedescendant`
 * follows the arrow keys; typing a letter in the list goes on in the search box.
 *
 * Keyboard: ↓ from the search box enters the list; ↑ ↓ Home End PageUp PageDown move; Enter or
 * Space selects; any other character (and Backspace) edits the search.
 *
 * @tag provider-selector
 * @summary Lets the user find and choose a cloud provider.
 * @fires provider-select - The user selected a provider; `detail.provider` is the CloudProvider.
 * @fires integration-error - The provider list could not be loaded.
 * @csspart base - The wrapper of search box and list.
 * @csspart search - The search input.
 * @csspart listbox - The list of providers.
 * @csspart option - One provider.
 * @csspart error-message - The validation message set through `error-message`.
 * @cssprop --mwap-provider-selector-max-height - Height after which the list scrolls. Default 22rem.
 * @cssprop --mwap-provider-selector-gap - Space between options.
 * @cssprop --mwap-provider-selector-selected-color - Border and check mark of the selected provider. Default the accent colour.
 */
@localized()
export class ProviderSelectorElement extends MwapElement {
  static override styles = [tokens, base, providerSelectorStyles];

  /** The id of the selected provider; empty when none is selected. */
  @property() value = '';
  /** Providers to show instead of loading them from the client (for hosts that already have them). */
  @property({ attribute: false }) providers: CloudProvider[] | undefined;
  /** Accessible name of the list. Default "Cloud providers". */
  @property() label = '';
  /** Marks the choice as required for assistive technology. */
  @property({ type: Boolean }) required = false;
  /** A validation message shown under the list and announced with it (the list is marked invalid). */
  @property({ attribute: 'error-message' }) errorMessage = '';

  /** @internal */
  @state() private search = '';
  /** The option the arrow keys are on (a provider id). @internal */
  @state() private activeId = '';

  /** @internal */
  @query('.listbox') private listbox: HTMLElement | null | undefined;
  /** @internal */
  @query('input[type="search"]') private searchInput: HTMLInputElement | null | undefined;

  readonly #catalogue = new QueryController<CloudProvider[]>(
    this,
    (client) => (this.providers ? undefined : client.queries.providers()),
    () => this.activeClient,
  );
  #reportedError: unknown;
  #focusListAfterLoad = false;

  /** The providers in the list, once known (given or loaded). */
  get allProviders(): readonly CloudProvider[] | undefined {
    return this.providers ?? this.#catalogue.state?.data;
  }

  /** The selected provider, if it is in the list. */
  get selectedProvider(): CloudProvider | undefined {
    return this.allProviders?.find((p) => p.id === this.value);
  }

  /** Reloads the provider list (what the Retry button does). */
  reload(): Promise<unknown> {
    return this.#catalogue.refetch();
  }

  /** Focuses the list (or, before it has loaded, the first control there is). */
  override focus(options?: FocusOptions): void {
    const target = this.listbox ?? this.searchInput ?? this.renderRoot.querySelector<HTMLElement>('button');
    if (target) target.focus(options);
    else super.focus(options);
  }

  get #visible(): CloudProvider[] {
    return filterProviders(this.allProviders ?? [], this.search);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const query = this.#catalogue.state;
    if (query?.status === 'error' && query.error !== this.#reportedError) {
      this.#reportedError = query.error;
      this.emitError(query.error);
    }
    if (this.#focusListAfterLoad && query && !query.isFetching) {
      this.#focusListAfterLoad = false;
      this.focus();
    }
    if (changed.has('activeId') && this.listbox && this.shadowRoot?.activeElement === this.listbox) {
      this.renderRoot.querySelector('.option.active')?.scrollIntoView({ block: 'nearest' });
    }
  }

  #choose(provider: CloudProvider): void {
    this.activeId = provider.id;
    if (provider.id === this.value) return;
    this.value = provider.id;
    this.dispatchEvent(new ProviderSelectEvent(provider));
  }

  /** Puts the active option on the selection when it is visible, else on the first option. */
  #ensureActive(): void {
    const visible = this.#visible;
    if (visible.some((p) => p.id === this.activeId)) return;
    this.activeId = (visible.find((p) => p.id === this.value) ?? visible[0])?.id ?? '';
  }

  #onSearchInput = (event: Event) => {
    this.search = (event.target as HTMLInputElement).value;
  };

  #onSearchKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' || !this.listbox) return;
    event.preventDefault();
    this.#ensureActive();
    this.listbox.focus();
  };

  #onListFocus = () => this.#ensureActive();

  #onListKeydown = (event: KeyboardEvent) => {
    const visible = this.#visible;
    const index = visible.findIndex((p) => p.id === this.activeId);
    const last = visible.length - 1;
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = index < 0 ? 0 : Math.min(index + 1, last);
        break;
      case 'ArrowUp':
        next = index < 0 ? 0 : Math.max(index - 1, 0);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      case 'PageDown':
        next = Math.min(Math.max(index, 0) + PAGE, last);
        break;
      case 'PageUp':
        next = Math.max(index - PAGE, 0);
        break;
      case 'Enter':
      case ' ': {
        const active = visible[index];
        if (active) this.#choose(active);
        event.preventDefault();
        return;
      }
      case 'Backspace':
        this.#editSearch(this.search.slice(0, -1));
        event.preventDefault();
        return;
      default:
        // A printable character: the user is typing a name, so it goes on in the search box.
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
          this.#editSearch(this.search + event.key);
          event.preventDefault();
        }
        return;
    }
    event.preventDefault();
    const target = visible[next];
    if (target) this.activeId = target.id;
  };

  #editSearch(value: string): void {
    this.search = value;
    void this.updateComplete.then(() => this.searchInput?.focus());
  }

  #clearSearch = () => this.#editSearch('');

  #retry = () => {
    this.#focusListAfterLoad = this.shadowRoot?.activeElement !== null;
    void this.reload();
  };

  #onOptionClick(provider: CloudProvider): void {
    this.#choose(provider);
    this.listbox?.focus();
  }

  protected override render() {
    return html`<div part="base" class="base">${this.#renderBody()}</div>`;
  }

  #renderBody() {
    if (this.providers) return this.#renderContent(this.providers);
    if (!this.activeClient) {
      return html`<div class="error-panel" role="alert">
        <p>${icons.alert}<span>${msg('No integrations service is configured for this page.')}</span></p>
      </div>`;
    }
    const query = this.#catalogue.state;
    if (!query || query.status === 'pending') return this.#renderSkeleton();
    if (query.status === 'error') return this.#renderError(query.error, query.isFetching);
    return this.#renderContent(query.data);
  }

  #renderSkeleton() {
    const bone = html`<div class="option" aria-hidden="true">
      <span class="bone logo"></span>
      <span class="text"><span class="bone line"></span><span class="bone line short"></span></span>
      <span></span>
    </div>`;
    return html`<div class="skeleton" aria-busy="true">
      <span class="visually-hidden" role="status">${msg('Loading providers…')}</span>
      ${bone}${bone}${bone}
    </div>`;
  }

  #renderError(error: Error, retrying: boolean) {
    return html`<div class="error-panel" part="error">
      <p role="alert">${icons.alert}<span title=${error.message}>${msg('The providers could not be loaded.')} ${errorSentence(error)}</span></p>
      <button type="button" aria-disabled=${retrying ? 'true' : 'false'} @click=${retrying ? undefined : this.#retry}>
        ${retrying ? msg('Retrying…') : msg('Retry')}
      </button>
    </div>`;
  }

  #renderContent(providers: readonly CloudProvider[]) {
    if (providers.length === 0) {
      return html`<div class="note" role="status">
        <strong>${msg('No cloud providers are available yet.')}</strong>
        ${msg('Ask your administrator to set one up.')}
        ${this.providers ? nothing : html`<div><button type="button" @click=${this.#retry}>${msg('Check again')}</button></div>`}
      </div>`;
    }
    const visible = this.#visible;
    return html`<div class="search">
        ${searchIcon}
        <label for="search" class="visually-hidden">${msg('Search providers')}</label>
        <input
          id="search"
          part="search"
          type="search"
          autocomplete="off"
          spellcheck="false"
          placeholder=${msg('Search providers')}
          .value=${live(this.search)}
          @input=${this.#onSearchInput}
          @keydown=${this.#onSearchKeydown}
        />
      </div>
      ${visible.length > 0 ? this.#renderList(providers, visible) : this.#renderNoMatch()}
      ${
        this.errorMessage
          ? html`<p id="error-message" class="field-error" part="error-message">${icons.alert} ${this.errorMessage}</p>`
          : nothing
      }
      <div class="visually-hidden" role="status">${this.search.trim() ? this.#countText(visible.length) : ''}</div>`;
  }

  #renderList(all: readonly CloudProvider[], visible: CloudProvider[]) {
    const active = visible.some((p) => p.id === this.activeId) ? this.activeId : '';
    return html`<div
      class="listbox"
      part="listbox"
      role="listbox"
      tabindex="0"
      aria-label=${this.label || msg('Cloud providers')}
      aria-activedescendant=${active ? `option-${all.findIndex((p) => p.id === active)}` : nothing}
      aria-required=${this.required ? 'true' : nothing}
      aria-invalid=${this.errorMessage ? 'true' : nothing}
      aria-describedby=${this.errorMessage ? 'error-message' : nothing}
      @keydown=${this.#onListKeydown}
      @focus=${this.#onListFocus}
    >
      ${visible.map((provider) => this.#renderOption(provider, all.indexOf(provider), provider.id === active))}
    </div>`;
  }

  #renderOption(provider: CloudProvider, index: number, active: boolean) {
    const selected = provider.id === this.value;
    return html`<div
      id="option-${index}"
      class="option ${active ? 'active' : ''}"
      part="option"
      role="option"
      aria-selected=${selected ? 'true' : 'false'}
      @click=${() => this.#onOptionClick(provider)}
    >
      <span class="logo" aria-hidden="true">
        ${provider.iconUrl ? html`<img src=${provider.iconUrl} alt="" loading="lazy" />` : provider.name.trim().charAt(0).toUpperCase()}
      </span>
      <span class="text">
        <span class="name">${provider.name}</span>
        ${provider.description ? html`<span class="description">${provider.description}</span>` : nothing}
      </span>
      <span class="check">${icons.check}</span>
    </div>`;
  }

  #renderNoMatch() {
    return html`<div class="note">
      <strong>${msg(str`No providers match “${isolate(this.search.trim())}”.`)}</strong>
      <div><button type="button" @click=${this.#clearSearch}>${msg('Clear search')}</button></div>
    </div>`;
  }

  #countText(count: number): string {
    if (count === 0) return msg('No providers found');
    if (count === 1) return msg('1 provider found');
    return msg(str`${count} providers found`);
  }
}
