import { html } from 'lit';
import { msg, str } from '@lit/localize';
import type { CloudProvider, IntegrationListQuery, IntegrationSort, IntegrationStatus, TokenStatus } from '../../core/types.js';
import { statusLabel } from '../../internal/status.js';

/** What the toolbar chooses; the list turns it into its query. */
export type Filters = Required<Pick<IntegrationListQuery, 'q'>> & {
  status: IntegrationStatus | '';
  providerId: string;
  tokenStatus: TokenStatus | '';
  sort: IntegrationSort;
};

export const NO_FILTERS: Filters = { q: '', status: '', providerId: '', tokenStatus: '', sort: 'name' };
const STATUSES: readonly IntegrationStatus[] = ['active', 'pending', 'disabled', 'error'];

export function listQuery({ q, status, providerId, tokenStatus, sort }: Filters): IntegrationListQuery {
  return { q, status: status || undefined, providerId, tokenStatus: tokenStatus || undefined, sort };
}

/** Whether anything narrows the list (the sort does not). */
export function isFiltered({ q, status, providerId, tokenStatus }: Filters): boolean {
  return Boolean(q || status || providerId || tokenStatus);
}

/** What the toolbar shows, and where its choices go. */
export interface ToolbarModel {
  label: string;
  view: 'grid' | 'list';
  filters: Filters;
  /** The search box's text as typed (the filter follows it after a pause). */
  searchText: string;
  providers: readonly CloudProvider[];
  onSearchInput: (text: string) => void;
  /** Enter in the search box: search now. */
  onSearchNow: () => void;
  onFilter: <K extends keyof Filters>(key: K, value: Filters[K]) => void;
  onView: (view: 'grid' | 'list') => void;
}

/** Search, filters, sort and the view switch: the list's `toolbar` part. */
export function renderToolbar(model: ToolbarModel) {
  const { filters } = model;
  const select =
    <K extends keyof Filters>(key: K) =>
    (e: Event) =>
      model.onFilter(key, (e.target as HTMLSelectElement).value as Filters[K]);
  return html`<div class="toolbar" part="toolbar" role="search" aria-label=${model.label ? msg(str`Search ${model.label}`) : msg('Search integrations')}>
    <label class="field search">
      ${msg('Search')}
      <input
        type="search"
        .value=${model.searchText}
        placeholder=${msg('Name or description')}
        @input=${(e: InputEvent) => model.onSearchInput((e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && model.onSearchNow()}
      />
    </label>
    <label class="field">
      ${msg('Status')}
      <select .value=${filters.status} @change=${select('status')}>
        <option value="">${msg('Any status')}</option>
        ${STATUSES.map((status) => html`<option value=${status} ?selected=${status === filters.status}>${statusLabel(status)}</option>`)}
      </select>
    </label>
    <label class="field">
      ${msg('Provider')}
      <select .value=${filters.providerId} @change=${select('providerId')}>
        <option value="">${msg('Any provider')}</option>
        ${model.providers.map((p) => html`<option value=${p.id} ?selected=${p.id === filters.providerId}>${p.name}</option>`)}
      </select>
    </label>
    <label class="field">
      ${msg('Token')}
      <select .value=${filters.tokenStatus} @change=${select('tokenStatus')}>
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
      <select .value=${filters.sort} @change=${select('sort')}>
        <option value="name">${msg('Name (A–Z)')}</option>
        <option value="-name">${msg('Name (Z–A)')}</option>
        <option value="-updatedAt">${msg('Recently updated')}</option>
        <option value="-createdAt">${msg('Newest')}</option>
        <option value="createdAt">${msg('Oldest')}</option>
      </select>
    </label>
    <div class="view-toggle" role="group" aria-label=${msg('View')}>
      <button type="button" aria-pressed=${model.view === 'grid'} @click=${() => model.onView('grid')}>${msg('Cards')}</button>
      <button type="button" aria-pressed=${model.view === 'list'} @click=${() => model.onView('list')}>${msg('List')}</button>
    </div>
  </div>`;
}
