import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { isolate } from '../../internal/bidi.js';
import type { CloudProvider, Integration } from '../../core/types.js';
import { CardSelectionChangeEvent } from '../../events/card-selection-change-event.js';
import { IntegrationConnectedEvent, IntegrationSelectEvent, IntegrationUpdatedEvent } from '../../events/integration-events.js';
import { PermissionsController } from '../../controllers/permissions-controller.js';
import { headingLevel } from '../../internal/heading-level.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { errorSentence } from '../../internal/error-text.js';
import { formatRelative } from '../../internal/format.js';
import { statusIcon, statusLabel } from '../../internal/status.js';
import { base, tokens } from '../../styles/tokens.js';
import '../token-status-badge/define.js';
import { cardStyles } from './integration-card.styles.js';
import { CardActionState } from './card-action-state.js';
import { showToast } from '../toast-region/define.js';

/**
 * One integration at a glance: name, provider, status and token state, last health check, and
 * quick actions.
 *
 * @tag integration-card
 * @summary A summary card for one integration, with refresh, test and manage actions.
 * @fires integration-select - Manage (or the name) was chosen; hosts navigate.
 * @fires integration-updated - A quick refresh returned a new token.
 * @fires integration-connected - Connect on a card never connected finished the sign-in.
 * @fires integration-error - A quick action failed.
 * @fires card-selection-change - The selection checkbox changed.
 * @csspart base - The card.
 * @csspart actions - The quick-action row.
 * @cssprop --mwap-integration-card-background - Card background.
 * @cssprop --mwap-integration-card-border-color - Card border colour.
 */
@localized()
export class IntegrationCardElement extends MwapElement {
  static override styles = [tokens, base, cardStyles];

  /** The integration to show. */
  @property({ attribute: false }) integration: Integration | undefined;
  /** The provider, for its name and icon (the list passes it from the catalogue). */
  @property({ attribute: false }) provider: CloudProvider | undefined;
  /** Shows a selection checkbox. */
  @property({ type: Boolean }) selectable = false;
  /** Whether the card is selected. */
  @property({ type: Boolean, reflect: true }) selected = false;
  /** One-line layout for the compact list view. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** Offer no action that changes anything, whatever the caller's role allows. */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** The outline level of the card's name (2–6), under the host's own headings. Default 3. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 3;

  /** What the caller may do: actions they may not are not offered. @internal */
  readonly #permissions = new PermissionsController(
    this,
    () => this.activeClient,
    () => this.readonly,
  );

  /**
   * Where the quick actions' state lives (running, last failure, a sign-in waited for). A list
   * that reuses card nodes for other integrations gives each integration its own, so the state
   * follows the integration, not the node. Unset: the card's own. @internal
   */
  @property({ attribute: false }) actionState: CardActionState | undefined;
  readonly #ownState = new CardActionState(this, showToast);
  get #state(): CardActionState {
    return this.actionState ?? this.#ownState;
  }
  /** Quick actions run one at a time: while one runs, both buttons wait. @internal */
  get #actions() {
    return this.#state.actions;
  }
  /** The sign-in window read as closed at once (a provider's COOP, or the user): offer to stop waiting. @internal */
  private get signInDetached(): boolean {
    return this.#state.signInDetached;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('actionState')) (changed.get('actionState') ?? this.#ownState).detach(this);
    this.#state.attach(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The card's own results go with it; a list's state goes when its integration leaves the list.
    if (!this.actionState) this.#ownState.dispose();
  }

  /**
   * Moved within the page (`moveBefore`: the list keeps its DOM order as it reuses cards): the card
   * never left, so nothing is torn down and set up again. @internal
   */
  connectedMoveCallback(): void {}

  #select() {
    if (this.integration) this.dispatchEvent(new IntegrationSelectEvent(this.integration));
  }

  #onCheckbox(event: MouseEvent) {
    const box = event.currentTarget as HTMLInputElement;
    this.selected = box.checked;
    this.dispatchEvent(new CardSelectionChangeEvent(this.integration!.id, box.checked, event.shiftKey));
  }

  #refresh() {
    const client = this.activeClient;
    const integration = this.integration;
    if (!client || !integration || this.#actions.busy()) return;
    void this.#actions.run('refresh', {
      run: () => client.refreshToken(integration.id),
      success: (refreshed) => {
        // The event goes out in the same turn as the toast, right before it, as hosts have always heard it.
        this.dispatchEvent(new IntegrationUpdatedEvent(refreshed));
        return msg(str`Token refreshed for ${isolate(integration.name)}.`);
      },
      integrationId: integration.id,
    });
  }

  /** Synchronous up to `client.connect()`, so the sign-in popup opens inside the click. */
  #connect() {
    const state = this.#state;
    if (state.signInDetached) {
      state.signIn?.abort();
      return;
    }
    const client = this.activeClient;
    const integration = this.integration;
    if (!client || !integration || this.#actions.busy()) return;
    const signIn = (state.signIn = new AbortController());
    state.signInDetached = false;
    void this.#actions.run('connect', {
      run: () =>
        client
          .connect(integration.id, {
            signal: signIn.signal,
            onDetached: () => {
              state.signInDetached = true;
              state.requestUpdate();
            },
          })
          .finally(() => (state.signInDetached = false)),
      success: (connected) => {
        this.dispatchEvent(new IntegrationConnectedEvent(connected));
        return msg(str`Connected ${isolate(connected.name)}.`);
      },
      integrationId: integration.id,
    });
  }

  #test() {
    const client = this.activeClient;
    const integration = this.integration;
    if (!client || !integration || this.#actions.busy()) return;
    void this.#actions.run('test', {
      run: () => client.testConnection(integration.id),
      // A test that ran but found a broken connection is an answer, not a failure: no integration-error.
      success: (result) => {
        const failed = result.checks.filter((c) => !c.ok).map((c) => c.name);
        return result.ok
          ? { message: msg(str`${isolate(integration.name)}: connection works (${Math.round(result.latencyMs)} ms).`), variant: 'success' }
          : {
              message: msg(str`${isolate(integration.name)}: connection test failed (${failed.map(isolate).join(', ')}).`),
              variant: 'error',
            };
      },
      integrationId: integration.id,
    });
  }

  /**
   * The last quick action's failure, in place of the "checked" line: right where its Retry is, and
   * without growing the card (the list's rows are of equal height).
   */
  #renderMeta(integration: Integration) {
    const failed = (['connect', 'refresh', 'test'] as const).find((name) => this.#actions.error(name));
    if (failed) {
      const error = this.#actions.error(failed)!;
      const sentence = errorSentence(error);
      const headline =
        failed === 'connect' ? msg('Could not connect.') : failed === 'refresh' ? msg('Could not refresh.') : msg('Could not test.');
      return html`<div class="meta failed" role="alert" title=${sentence}>
        <span class="text">${headline} ${sentence}</span>
        <button type="button" class="link" @click=${() => this.#actions.clearError(failed)} aria-label=${msg('Dismiss')}>✕</button>
      </div>`;
    }
    return html`<div class="meta">
      ${integration.lastHealthCheck ? msg(str`Checked ${formatRelative(integration.lastHealthCheck)}`) : msg('Not checked yet')}
    </div>`;
  }

  protected override render() {
    const integration = this.integration;
    if (!integration) return nothing;
    const providerName = this.provider?.name ?? integration.cloudProviderId;
    const connected = integration.tokenStatus !== 'none';
    // "Not connected yet" already says it; a second "Not connected" badge would only repeat it.
    const neverConnected = integration.status === 'pending' && !connected;
    const busy = this.#actions.busy();
    const can = (action: 'refresh' | 'test' | 'connect') => this.#permissions.can(action);
    return html`<article class="card" part="base" aria-label=${integration.name}>
      ${
        this.selectable
          ? html`<input
            class="select"
            type="checkbox"
            .checked=${this.selected}
            aria-label=${msg(str`Select ${integration.name}`)}
            @click=${this.#onCheckbox}
          />`
          : nothing
      }
      <div class="title">
        <span class="avatar" aria-hidden="true">
          ${this.provider?.iconUrl ? html`<img src=${this.provider.iconUrl} alt="" />` : providerName.slice(0, 1).toUpperCase()}
        </span>
        <div>
          <div class="name" role="heading" aria-level=${headingLevel(this.headingLevel, 3)}>
            <button type="button" title=${integration.name} @click=${this.#select}><bdi>${integration.name}</bdi></button>
          </div>
          <div class="provider" title=${providerName}><bdi>${providerName}</bdi></div>
        </div>
      </div>
      <div class="badges">
        <span class="status ${integration.status}">${statusIcon(integration.status)} ${statusLabel(integration.status)}</span>
        ${
          neverConnected
            ? nothing
            : html`<token-status-badge .integration=${integration} .client=${this.activeClient}></token-status-badge>`
        }
      </div>
      ${this.#renderMeta(integration)}
      <div class="actions" part="actions">
        ${
          neverConnected && can('connect')
            ? html`<button type="button" class="primary" aria-disabled=${busy && !this.signInDetached ? 'true' : 'false'} @click=${this.#connect}
              aria-label=${this.signInDetached ? msg(str`Stop waiting for the sign-in of ${integration.name}`) : msg(str`Connect ${integration.name}`)}>
              ${this.signInDetached ? msg('Stop waiting for sign-in') : this.#actions.busy('connect') ? msg('Waiting for sign-in…') : msg('Connect')}
            </button>`
            : nothing
        }
        ${
          can('refresh') && !neverConnected
            ? html`<button type="button" ?disabled=${!connected || busy} @click=${this.#refresh}
              aria-label=${msg(str`Refresh token of ${integration.name}`)}>
              ${this.#actions.busy('refresh') ? msg('Refreshing…') : msg('Refresh')}
            </button>`
            : nothing
        }
        ${
          can('test') && !neverConnected
            ? html`<button type="button" ?disabled=${!connected || busy} @click=${this.#test}
              aria-label=${msg(str`Test connection of ${integration.name}`)}>
              ${this.#actions.busy('test') ? msg('Testing…') : msg('Test')}
            </button>`
            : nothing
        }
        <button type="button" @click=${this.#select} aria-label=${msg(str`Manage ${integration.name}`)}>${msg('Manage')}</button>
      </div>
    </article>`;
  }
}
