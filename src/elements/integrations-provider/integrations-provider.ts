import { LitElement, html, css, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { createClient, type IntegrationsClient } from '../../core/client.js';
import { toIntegrationError } from '../../core/errors.js';
import { clientContext, ensureContextRoot } from '../../context.js';
import { IntegrationErrorEvent } from '../../events/integration-events.js';

/**
 * Scopes a client to its subtree: every element inside uses it instead of the page default.
 * Give it `api-base-url` (and `redirect-uri`) to make one, or a ready `client`.
 *
 * @tag integrations-provider
 * @summary Provides an IntegrationsClient to the elements inside it.
 * @slot - The elements that should use this client.
 * @fires integration-error - The attributes do not make a valid client configuration.
 */
export class IntegrationsProviderElement extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Base URL of the REST API for this subtree. */
  @property({ attribute: 'api-base-url' }) apiBaseUrl = '';
  /** The page running `handleOAuthCallback()`. */
  @property({ attribute: 'redirect-uri' }) redirectUri = '';
  /** Allow `http:` on non-loopback hosts (closed networks only). */
  @property({ attribute: 'allow-insecure-http', type: Boolean }) allowInsecureHttp = false;
  /** A ready client; wins over the attributes. */
  @property({ attribute: false }) client: IntegrationsClient | undefined;

  readonly #provider = new ContextProvider(this, { context: clientContext });
  #ownClient: IntegrationsClient | undefined;

  constructor() {
    super();
    ensureContextRoot();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('client') && !changed.has('apiBaseUrl') && !changed.has('redirectUri') && !changed.has('allowInsecureHttp')) return;
    this.#ownClient?.destroy();
    this.#ownClient = undefined;
    if (!this.client && this.apiBaseUrl) {
      try {
        this.#ownClient = createClient({
          apiBaseUrl: this.apiBaseUrl,
          redirectUri: this.redirectUri || undefined,
          allowInsecureHttp: this.allowInsecureHttp,
        });
      } catch (error) {
        this.dispatchEvent(new IntegrationErrorEvent(toIntegrationError(error)));
      }
    }
    this.#provider.setValue(this.client ?? this.#ownClient);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
