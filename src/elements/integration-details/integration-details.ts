import { nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
// Static html: the parts' tags are values (they carry the release), which plain html`` cannot place.
import { html, unsafeStatic } from 'lit/static-html.js';
import { localized, msg, str } from '@lit/localize';
import { isolate } from '../../internal/bidi.js';
import { toIntegrationError } from '../../core/errors.js';
import type { CloudProvider, Integration } from '../../core/types.js';
import { QueryController } from '../../controllers/query-controller.js';
import type { IntegrationDeletedEvent } from '../../events/integration-events.js';
import { icons } from '../../internal/icons.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { DETAILS_HEADER_TAG, HEALTH_PANEL_TAG, SETTINGS_EDITOR_TAG, TOKEN_PANEL_TAG, USAGE_PANEL_TAG } from '../../internal/tags.js';
import { base, tokens } from '../../styles/tokens.js';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { headingLevel } from '../../internal/heading-level.js';
import { detailsStyles } from './integration-details.styles.js';
import type { IntegrationSettingsEditorElement } from './settings-editor.js';
import { nextTabIndex } from './tabs.js';
import { headingTag } from './headings.js';
import { ACTIVITY_PANEL_TAG } from './activity-panel.js';

const header = unsafeStatic(DETAILS_HEADER_TAG);
const tokenPanel = unsafeStatic(TOKEN_PANEL_TAG);
const healthPanel = unsafeStatic(HEALTH_PANEL_TAG);
const usagePanel = unsafeStatic(USAGE_PANEL_TAG);
const settingsEditor = unsafeStatic(SETTINGS_EDITOR_TAG);
const activityPanel = unsafeStatic(ACTIVITY_PANEL_TAG);

/** The sections of `<integration-details>`, in tab order. */
export const DETAILS_TABS = ['token', 'health', 'usage', 'settings', 'activity'] as const;
export type DetailsTab = (typeof DETAILS_TABS)[number];

/**
 * Everything about one integration: name, description, provider and status with inline editing,
 * enable/disable and delete; then five tabs: the provider token (expiry countdown, scopes, refresh
 * history, Refresh and Reconnect), connection health (Test connection with per-check diagnostics
 * and troubleshooting hints), usage (calls, errors and latency charts, loaded on demand, and the
 * quota), the provider-specific settings form, and the activity history (who did what, when;
 * live while the client's event stream is up).
 *
 * The element keeps no copy of the integration: it watches the client's cache, so a change made
 * anywhere on the page (a list's bulk action, another tab's refresh) shows here at once.
 *
 * @tag integration-details
 * @summary Details, health, usage, settings and activity of one integration.
 *
 * @fires integration-updated - Renamed, description or settings saved, enabled or disabled, token refreshed.
 * @fires integration-connected - Reconnected through the sign-in popup.
 * @fires integration-deleted - Deleted after confirmation; the element then shows a short notice.
 * @fires integration-error - Loading or an action failed; `detail.error.code` says what.
 *
 * @csspart base - The content wrapper.
 * @csspart header - The name, description, status and actions.
 * @csspart name - The name heading.
 * @csspart tablist - The row of tabs.
 * @csspart tab - One tab.
 * @csspart panel - One tab panel.
 * @csspart state - The loading, not found, error and deleted panels.
 *
 * Only what the caller may do is offered (the client's `GET /me`), and nothing that changes the
 * integration when `readonly` is set; the header says once why the rest is missing.
 *
 * @cssprop --mwap-integration-details-gap - Space between header, tabs and panel. Default `calc(var(--mwap-space) * 2.5)`.
 * @cssprop --mwap-integration-details-panel-background - Background of the tab panel and state panels.
 * @cssprop --mwap-integration-details-title-size - Font size of the name. Default `1.5em`.
 * @cssprop --mwap-integration-details-tab-active-color - Colour of the selected tab.
 * @cssprop --mwap-integration-details-chart-height - Height of each usage chart. Default `8.5rem`.
 * @cssprop --mwap-integration-details-chart-background - Background of each chart.
 * @cssprop --mwap-integration-details-chart-calls-color - Bars of the calls chart.
 * @cssprop --mwap-integration-details-chart-errors-color - Bars of the errors chart.
 * @cssprop --mwap-integration-details-chart-p50-color - The p50 latency line (solid).
 * @cssprop --mwap-integration-details-chart-p95-color - The p95 latency line (dashed).
 * @cssprop --mwap-integration-details-quota-color - The quota meter below 75 %.
 */
@localized()
export class IntegrationDetailsElement extends MwapElement {
  static override styles = [tokens, base, detailsStyles];

  /** Which integration to show. */
  @property({ attribute: 'integration-id' }) integrationId = '';
  /**
   * The integration itself, when the host already has it: shown at once, then kept current
   * through the cache. Wins over `integration-id`.
   */
  @property({ attribute: false }) integration: Integration | undefined;
  /** The open tab: `token`, `health`, `usage`, `settings` or `activity`. */
  @property() tab: DetailsTab = 'token';
  /** Offer no action that changes anything, whatever the caller's role allows. */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /**
   * The outline level of the name (2–6), under the host's own headings; the sections' headings
   * sit one level below. Default 2.
   */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** Tabs opened so far: their panels stay rendered (and keep unsaved edits) once shown. @internal */
  @state() private visited: ReadonlySet<DetailsTab> = new Set();
  /** @internal */
  @state() private deleted: { id: string; name: string } | undefined;
  /** @internal */
  @state() private settingsDirty = false;

  #shownId = '';

  constructor() {
    super();
    this.addEventListener('integration-deleted', (event) => void this.#onDeleted(event as IntegrationDeletedEvent));
  }
  /** The name last shown, for the notice after a deletion elsewhere. */
  #lastName: string | undefined;
  readonly #reported = new WeakSet<object>();

  readonly #record = new QueryController<Integration>(
    this,
    (client) => {
      const id = this.#targetId;
      if (!id || this.deleted?.id === id) return undefined;
      const seed = this.integration?.id === id ? { initialData: this.integration } : {};
      return { ...client.queries.integration(id), ...seed };
    },
    () => this.activeClient,
  );

  readonly #providers = new QueryController<CloudProvider[]>(
    this,
    (client) => (this.#targetId ? client.queries.providers() : undefined),
    () => this.activeClient,
  );

  get #targetId(): string {
    return this.integration?.id ?? this.integrationId;
  }

  get #currentTab(): DetailsTab {
    return (DETAILS_TABS as readonly string[]).includes(this.tab) ? this.tab : 'token';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const id = this.#targetId;
    if (id !== this.#shownId) {
      // Another integration: nothing of the previous one's view state carries over.
      this.#shownId = id;
      this.#lastName = undefined;
      this.visited = new Set();
      this.deleted = undefined;
      this.settingsDirty = false;
    }
    if (!this.visited.has(this.#currentTab)) this.visited = new Set([...this.visited, this.#currentTab]);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const error = this.#record.state?.error;
    if (error && !this.#reported.has(error)) {
      this.#reported.add(error);
      this.emitError(error, this.#targetId);
    }
  }

  // --- tabs ----------------------------------------------------------------------------------

  #selectTab(tab: DetailsTab, focus = false): void {
    this.tab = tab;
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  #onTabKeydown = (event: KeyboardEvent): void => {
    const tabs = DETAILS_TABS;
    const rtl = getComputedStyle(this).direction === 'rtl';
    const next = nextTabIndex(event.key, tabs.indexOf(this.#currentTab), tabs.length, rtl);
    if (next === undefined) return;
    event.preventDefault();
    this.#selectTab(tabs[next]!, true);
  };

  #tabLabel(tab: DetailsTab): string {
    switch (tab) {
      case 'token':
        return msg('Token');
      case 'health':
        return msg('Health');
      case 'usage':
        return msg('Usage');
      case 'settings':
        return msg('Settings');
      case 'activity':
        return msg('Activity');
    }
  }

  // --- events from the parts -------------------------------------------------------------------

  /** On the element itself: the header announces from here when it is already gone (see there). */
  #onDeleted = async (event: IntegrationDeletedEvent): Promise<void> => {
    if (event.detail.integrationId !== this.#targetId) return;
    this.deleted = { id: event.detail.integrationId, name: this.#record.state?.data?.name ?? this.#lastName ?? event.detail.integrationId };
    // The Delete button is gone with the content: keep keyboard and screen reader users on the notice.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.state.deleted')?.focus();
  };

  #onDirtyChange = (event: Event): void => {
    this.settingsDirty = (event.target as IntegrationSettingsEditorElement).dirty;
  };

  get #level(): number {
    return headingLevel(this.headingLevel, 2);
  }

  #retry = (): void => {
    void this.#record.refetch();
  };

  // --- rendering -------------------------------------------------------------------------------

  protected override render() {
    const client = this.activeClient;
    if (!client) {
      return this.#renderState(
        'error',
        msg('Not configured'),
        msg('No API client: call configure() or place this element inside <integrations-provider>.'),
      );
    }
    const id = this.#targetId;
    if (!id) return this.#renderState('empty', msg('No integration selected'), msg('Choose an integration to see its details.'));
    if (this.deleted?.id === id) {
      return this.#renderState(
        'deleted',
        msg('Integration deleted'),
        msg(str`“${isolate(this.deleted.name)}” was deleted and its provider tokens revoked.`),
      );
    }
    const query = this.#record.state;
    const error = query?.error ? toIntegrationError(query.error) : undefined;
    if (error?.code === 'not_found' && client.wasDeleted(id)) {
      // Deleted elsewhere on the page (the list, a bulk action): say so, not "not found".
      return this.#renderState(
        'deleted',
        msg('Integration deleted'),
        msg(str`“${isolate(this.#lastName ?? id)}” was deleted and its provider tokens revoked.`),
      );
    }
    if (error?.code === 'not_found') {
      return this.#renderState(
        'not-found',
        msg('Integration not found'),
        msg('It may have been deleted, or you may not have access to it.'),
        true,
      );
    }
    if (query?.data) {
      this.#lastName = query.data.name;
      return keyed(id, this.#renderContent(query.data));
    }
    // "Try again" only where trying again can help: not for a role that may not read.
    if (error)
      return this.#renderState('error', msg('Could not load this integration'), errorSentence(error), describeError(error).canRetry);
    return this.#renderLoading();
  }

  #renderContent(integration: Integration) {
    const provider = this.#providers.state?.data?.find((p) => p.id === integration.cloudProviderId);
    const current = this.#currentTab;
    return html`<div class="details" part="base">
      <${header}
        part="header"
        exportparts="name"
        .client=${this.activeClient}
        .integration=${integration}
        .provider=${provider}
        .headingLevel=${this.#level}
        ?readonly=${this.readonly}
      ></${header}>
      <div role="tablist" part="tablist" aria-label=${msg('Integration sections')} @keydown=${this.#onTabKeydown}>
        ${DETAILS_TABS.map(
          (tab) => html`<button
            type="button"
            role="tab"
            part="tab"
            id="tab-${tab}"
            aria-controls="panel-${tab}"
            aria-selected=${tab === current ? 'true' : 'false'}
            tabindex=${tab === current ? '0' : '-1'}
            @click=${() => this.#selectTab(tab)}
          >
            ${this.#tabLabel(tab)}
            ${
              tab === 'settings' && this.settingsDirty
                ? html`<span class="unsaved-dot" aria-hidden="true"></span><span class="visually-hidden">${msg('(unsaved changes)')}</span>`
                : nothing
            }
          </button>`,
        )}
      </div>
      ${DETAILS_TABS.map(
        (
          tab,
        ) => html`<section role="tabpanel" part="panel" id="panel-${tab}" aria-labelledby="tab-${tab}" tabindex="0" ?hidden=${tab !== current}>
          ${this.visited.has(tab) ? this.#renderPanel(tab, integration, provider) : nothing}
        </section>`,
      )}
    </div>`;
  }

  #renderPanel(tab: DetailsTab, integration: Integration, provider: CloudProvider | undefined) {
    const client = this.activeClient;
    const level = this.#level;
    switch (tab) {
      case 'token':
        return html`<${tokenPanel}
          .client=${client}
          .integration=${integration}
          .provider=${provider}
          .headingLevel=${level}
          ?readonly=${this.readonly}
        ></${tokenPanel}>`;
      case 'health':
        return html`<${healthPanel} .client=${client} .integration=${integration} .headingLevel=${level} ?readonly=${this.readonly}></${healthPanel}>`;
      case 'usage':
        return html`<${usagePanel} .client=${client} .integration=${integration} .headingLevel=${level}></${usagePanel}>`;
      case 'settings':
        return html`<${settingsEditor}
          .client=${client}
          .integration=${integration}
          .headingLevel=${level}
          @mwap-dirty-change=${this.#onDirtyChange}
        ></${settingsEditor}>`;
      case 'activity':
        return html`<${activityPanel} .client=${client} .integration=${integration} .headingLevel=${level}></${activityPanel}>`;
    }
  }

  #renderLoading() {
    return html`<div class="state loading" part="state" role="status" aria-busy="true">
      <span class="visually-hidden">${msg('Loading integration…')}</span>
      <span class="skeleton title" aria-hidden="true"></span>
      <span class="skeleton line" aria-hidden="true"></span>
      <span class="skeleton block" aria-hidden="true"></span>
    </div>`;
  }

  #renderState(kind: 'error' | 'not-found' | 'empty' | 'deleted', heading: string, text: string, retry = false) {
    const fetching = Boolean(this.#record.state?.isFetching);
    const icon = kind === 'error' ? icons.alert : kind === 'deleted' ? icons.check : icons.dash;
    const tag = headingTag(this.#level);
    return html`<div class="state ${kind}" part="state" role=${kind === 'error' ? 'alert' : 'status'} tabindex="-1">
      <${tag} class="state-heading">${icon}${heading}</${tag}>
      <p>${text}</p>
      ${
        retry
          ? html`<button type="button" class="retry" aria-disabled=${fetching ? 'true' : 'false'} @click=${this.#retry}>
            ${fetching ? html`<span class="spinner" aria-hidden="true"></span>${msg('Retrying…')}` : html`${icons.refresh}${msg('Try again')}`}
          </button>`
          : nothing
      }
    </div>`;
  }
}
