import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { IntegrationError, toIntegrationError } from '../../core/errors.js';
import type { Integration } from '../../core/types.js';
import { IntegrationConnectedEvent } from '../../events/integration-events.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { icons } from '../../internal/icons.js';
import { base, tokens } from '../../styles/tokens.js';
import { describeError } from '../../internal/error-text.js';
import { oauthButtonStyles } from './oauth-button.styles.js';

/** Where a sign-in stands. */
export type OAuthButtonStatus = 'idle' | 'connecting' | 'connected' | 'blocked' | 'failed' | 'cancelled';

/**
 * Connects an integration to its provider through the popup OAuth + PKCE flow of the client.
 * The popup opens inside the click (no `await` before it), so browsers do not block it; if one
 * does, the button becomes "Open the sign-in window", a new click and so a new gesture. While the
 * user signs in the button is inert and a Cancel button stops the flow and closes the popup.
 * Failures are explained with what to do next; only one sign-in runs at a time.
 *
 * @tag oauth-button
 * @summary A Connect button that runs the provider sign-in in a popup.
 * @slot - The button's label. Default "Connect".
 * @fires integration-connected - The sign-in finished; `detail.integration` is the connected integration.
 * @fires integration-error - The sign-in failed (not fired when the user cancels); `detail.error.code` says why.
 * @csspart base - The wrapper.
 * @csspart button - The Connect button.
 * @csspart cancel - The Cancel button shown while signing in.
 * @csspart message - Progress and success text.
 * @csspart alert - The explanation of a failure.
 * @cssprop --mwap-oauth-button-background - Background of the Connect button. Default the accent colour.
 * @cssprop --mwap-oauth-button-color - Text colour of the Connect button.
 */
@localized()
export class OAuthButtonElement extends MwapElement {
  static override styles = [tokens, base, oauthButtonStyles];

  /** The integration to connect (or reconnect). */
  @property({ attribute: 'integration-id' }) integrationId = '';
  /** Give up on a sign-in after this many milliseconds. Default: the client's (5 minutes). */
  @property({ attribute: 'timeout-ms', type: Number }) timeoutMs: number | undefined;
  /** Turns the button off. */
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Where the sign-in stands; reflected for styling. Read-only. */
  @property({ reflect: true }) status: OAuthButtonStatus = 'idle';
  /** The last failure, while `status` is `failed` or `blocked`. Read-only. */
  @property({ attribute: false }) error: IntegrationError | undefined;

  /** @internal */
  @state() private anotherWindowOpen = false;
  /** The sign-in window read as closed at once (COOP, or closed by the user): say so beside Cancel. @internal */
  @state() private detached = false;
  /** @internal */
  @query('button.connect') private connectButton: HTMLButtonElement | null | undefined;
  /** @internal */
  @query('button.cancel') private cancelButton: HTMLButtonElement | null | undefined;

  #controller: AbortController | undefined;
  #focusAfterUpdate: 'connect' | 'cancel' | undefined;

  /** True while a sign-in runs. */
  get busy(): boolean {
    return this.status === 'connecting';
  }

  /**
   * Starts the sign-in. Call it synchronously from a user gesture (a click or key handler), or
   * the browser blocks the popup and the button offers "Open the sign-in window".
   */
  connect(): void {
    if (this.busy || this.disabled) return;
    const client = this.activeClient;
    if (!client || !this.integrationId) {
      const reason = client ? 'oauth-button has no integration-id.' : 'No integrations client is configured for this page.';
      this.#settleFailure(new IntegrationError('invalid_config', reason));
      return;
    }
    const anotherWindowOpen = client.connecting;
    const controller = new AbortController();
    let flow: Promise<Integration>;
    try {
      // First thing in the gesture: the core opens the popup synchronously in here.
      flow = client.connect(this.integrationId, {
        signal: controller.signal,
        onDetached: () => this.#controller === controller && (this.detached = true),
        ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}),
      });
    } catch (error) {
      flow = Promise.reject(error);
    }
    this.#controller = controller;
    this.anotherWindowOpen = anotherWindowOpen;
    this.error = undefined;
    this.detached = false;
    this.status = 'connecting';
    if (this.#hasFocusInside()) this.#focusAfterUpdate = 'cancel';
    flow.then(
      (integration) => this.#controller === controller && this.#settleSuccess(integration),
      (error: unknown) => this.#controller === controller && this.#settleFailure(toIntegrationError(error)),
    );
  }

  /** Stops a running sign-in and closes its window. */
  cancel(): void {
    this.#controller?.abort();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Never leave a sign-in window behind an element that is gone.
    this.cancel();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('integrationId') && changed.get('integrationId') !== undefined && !this.busy) {
      this.status = 'idle';
      this.error = undefined;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target =
      this.#focusAfterUpdate === 'cancel' ? this.cancelButton : this.#focusAfterUpdate === 'connect' ? this.connectButton : undefined;
    this.#focusAfterUpdate = undefined;
    target?.focus();
  }

  #settleSuccess(integration: Integration): void {
    this.#controller = undefined;
    this.#refocusIfInside();
    this.status = 'connected';
    this.dispatchEvent(new IntegrationConnectedEvent(integration));
  }

  #settleFailure(error: IntegrationError): void {
    const cancelled = error.code === 'aborted' && this.#controller?.signal.aborted === true;
    this.#controller = undefined;
    this.#refocusIfInside();
    if (cancelled) {
      this.status = 'cancelled';
      return;
    }
    this.error = error;
    this.status = error.code === 'popup_blocked' && !this.anotherWindowOpen ? 'blocked' : 'failed';
    this.emitError(error, this.integrationId || undefined);
  }

  /** The Cancel button is about to go: keep keyboard focus on the element. */
  #refocusIfInside(): void {
    if (this.#hasFocusInside()) this.#focusAfterUpdate = 'connect';
  }

  #hasFocusInside(): boolean {
    return Boolean(this.shadowRoot?.activeElement);
  }

  #onConnectClick = (event: Event) => {
    if (this.busy) {
      event.preventDefault();
      return;
    }
    this.connect();
  };

  #onCancelClick = () => this.cancel();

  #label() {
    switch (this.status) {
      case 'connecting':
        return html`<span class="spinner" aria-hidden="true"></span>${msg('Waiting for sign-in…')}`;
      case 'blocked':
        return html`${icons.plug}${msg('Open the sign-in window')}`;
      case 'failed':
      case 'cancelled':
        return html`${icons.refresh}${msg('Try again')}`;
      case 'connected':
        return html`${icons.refresh}${msg('Reconnect')}`;
      default:
        return html`${icons.plug}<slot>${msg('Connect')}</slot>`;
    }
  }

  #progressText() {
    switch (this.status) {
      case 'connecting':
        return this.detached
          ? msg('The sign-in window no longer reports to this page. If you closed it, select Cancel; otherwise finish signing in there.')
          : msg('Finish signing in in the window that opened.');
      case 'connected':
        return html`${icons.check}<span>${msg('Connected.')}</span>`;
      case 'cancelled':
        return msg('Sign-in cancelled.');
      default:
        return nothing;
    }
  }

  #alertContent() {
    if (!this.error || (this.status !== 'failed' && this.status !== 'blocked')) return nothing;
    // The button shows no fields, so the server's reason for any (a redirect URI it does not allow) is said here.
    const { title, hint, fieldReasons } = describeError(this.error, {
      anotherWindowOpen: this.anotherWindowOpen,
      offersReopen: true,
      shownFields: [],
    });
    return html`${icons.alert}<span
        ><strong>${title}</strong>${fieldReasons ? html`<span class="hint">${fieldReasons}</span>` : nothing}${
          hint ? html`<span class="hint">${hint}</span>` : nothing
        }</span
      >`;
  }

  protected override render() {
    const described = this.status !== 'idle' ? 'message alert' : nothing;
    return html`<div part="base" class="base">
      <div class="row">
        <button
          type="button"
          part="button"
          class="connect"
          ?disabled=${this.disabled}
          aria-disabled=${this.busy ? 'true' : nothing}
          aria-describedby=${described}
          @click=${this.#onConnectClick}
        >
          ${this.#label()}
        </button>
        ${this.busy ? html`<button type="button" part="cancel" class="cancel" @click=${this.#onCancelClick}>${msg('Cancel sign-in')}</button>` : nothing}
      </div>
      <p id="message" part="message" class="message ${this.status}" role="status">${this.#progressText()}</p>
      <div id="alert" part="alert" class="alert" role="alert">${this.#alertContent()}</div>
    </div>`;
  }
}
