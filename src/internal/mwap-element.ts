import { html, LitElement, ReactiveElement, render, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { IntegrationsClient } from '../core/client.js';
import { toIntegrationError, type IntegrationError } from '../core/errors.js';
import { ClientController } from '../controllers/client-controller.js';
import { IntegrationErrorEvent } from '../events/integration-events.js';
// So that the declarations of every element, whichever entry a host imports, bring the typed
// event map (`addEventListener('integration-error', …)` knows its detail).
export type { MwapEventMap } from '../events/table.js';

/**
 * What every element of the library shares: how it finds its client, and an error boundary: a
 * render that throws shows a small panel with Try again and reports
 * `integration-error`, instead of a blank box or a broken host page.
 */
export abstract class MwapElement extends LitElement {
  /**
   * The client this element uses. Unset: the nearest `<integrations-provider>`'s, else the page
   * default from `configure()`.
   */
  @property({ attribute: false }) client: IntegrationsClient | undefined;

  /** @internal */
  protected readonly clients = new ClientController(this);

  /** @internal */
  @state() protected crash: IntegrationError | undefined;

  /** The client in effect (see `client`). @internal */
  protected get activeClient(): IntegrationsClient | undefined {
    return this.clients.client;
  }

  protected override update(changed: PropertyValues): void {
    if (!this.crash) {
      try {
        super.update(changed);
        return;
      } catch (error) {
        // eslint-disable-next-line lit/no-property-change-update -- the error boundary: the next update draws the panel
        this.crash = toIntegrationError(error);
        console.error(`[mwap-integrations] <${this.localName}> failed to render:`, error);
        this.emitError(this.crash);
      }
    }
    // LitElement.update threw before ReactiveElement's bookkeeping ran (or is skipped while
    // crashed): run that part, so later updates are scheduled, then draw the panel instead.
    (ReactiveElement.prototype as unknown as { update(changed: PropertyValues): void }).update.call(this, changed);
    this.#renderCrash();
  }

  /** Reports a failure to the host as `integration-error`. @internal */
  protected emitError(error: unknown, integrationId?: string): IntegrationError {
    const failure = toIntegrationError(error);
    this.dispatchEvent(new IntegrationErrorEvent(failure, integrationId));
    return failure;
  }

  #renderCrash(): void {
    render(
      html`<div class="error-panel" role="alert" part="error">
        <p>${msg('Something went wrong while showing this part of the page.')}</p>
        <button type="button" @click=${this.#recover}>${msg('Try again')}</button>
      </div>`,
      this.renderRoot as HTMLElement,
      this.renderOptions,
    );
  }

  #recover = (): void => {
    this.crash = undefined;
  };
}
