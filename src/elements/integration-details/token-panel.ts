import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { toIntegrationError } from '../../core/errors.js';
import { deriveTokenState, type TokenState } from '../../core/tokens.js';
import type { Integration, TokenHealth } from '../../core/types.js';
import { QueryController } from '../../controllers/query-controller.js';
import { TokenWatchController } from '../../controllers/token-watch-controller.js';
import { IntegrationConnectedEvent, IntegrationUpdatedEvent } from '../../events/integration-events.js';
import { formatDateTime, formatDuration, formatRelative } from '../../internal/format.js';
import { icons } from '../../internal/icons.js';
import { onTick } from '../../internal/ticker.js';
import { base, tokens } from '../../styles/tokens.js';
import { DetailsPanelElement } from './details-panel.js';
import { errorSentence } from '../../internal/error-text.js';
import { panelStyles } from './panel.styles.js';

/** How many refresh attempts the history table shows. */
const HISTORY_ROWS = 10;

/**
 * The provider token of one integration: state, expiry countdown, scopes, last refresh, failures
 * and refresh history, with Refresh now and (when the token cannot be refreshed) Reconnect.
 *
 * @summary Token state and refresh of one integration.
 * @fires integration-updated - The token was refreshed.
 * @fires integration-connected - The integration was reconnected.
 * @fires integration-error - Loading the token report, a refresh or a reconnect failed.
 * @internal
 */
@localized()
export class IntegrationTokenPanelElement extends DetailsPanelElement {
  static override styles = [
    tokens,
    base,
    panelStyles,
    css`
      .countdown {
        font-weight: 600;
      }
      .history td:first-child {
        white-space: nowrap;
      }
      .result {
        display: inline-flex;
        align-items: center;
        gap: 0.35em;
        font-weight: 600;
      }
    `,
  ];

  /** @internal */
  @state() private now = Date.now();

  readonly #health = new QueryController<TokenHealth>(
    this,
    (client) => (this.integration ? client.queries.tokenHealth(this.integration.id) : undefined),
    () => this.activeClient,
  );
  #stopTicking: (() => void) | undefined;

  constructor() {
    super();
    // The refresh scheduler knows about refreshes in flight and failures the cache does not show.
    new TokenWatchController(
      this,
      () => this.activeClient,
      () => this.integration?.id,
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopTicking = onTick((now) => (this.now = now));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTicking?.();
    this.#stopTicking = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#health.state?.status === 'error') this.reportOnce(this.#health.state.error);
  }

  #tokenState(integration: Integration): TokenState {
    const tokens = this.activeClient?.tokens;
    const scheduled = tokens?.stateOf(integration.id, this.now);
    if (this.isBusy('refresh')) return 'refreshing';
    if (scheduled && scheduled !== 'none') return scheduled;
    return deriveTokenState(integration, this.now, tokens?.expiringWithinMs);
  }

  // --- actions -------------------------------------------------------------------------------

  #refresh = async (): Promise<void> => {
    const integration = this.integration;
    const client = this.activeClient;
    if (!integration || !client) return;
    const result = await this.perform('refresh', {
      run: () => client.refreshToken(integration.id),
      success: (saved) =>
        saved.tokenExpiresAt ? msg(str`Token refreshed. Valid until ${formatDateTime(saved.tokenExpiresAt)}.`) : msg('Token refreshed.'),
      failure: (error) => msg(str`Could not refresh the token: ${errorSentence(error)}`),
      retry: () => void this.#refresh(),
    });
    // On success the client reloads the token report itself; a failure changes it too.
    if (result.ok) this.dispatchEvent(new IntegrationUpdatedEvent(result.value));
    else void this.#health.refetch();
  };

  /** Synchronous up to `client.connect()`, so the sign-in popup opens inside the click. */
  #reconnect = (): void => {
    const integration = this.integration;
    const client = this.activeClient;
    if (!integration || !client) return;
    void this.perform('connect', {
      run: () => client.connect(integration.id),
      success: (saved) => msg(str`Reconnected “${saved.name}”.`),
      failure: (error) => msg(str`Could not reconnect: ${errorSentence(error)}`),
    }).then((result) => {
      if (result.ok) this.dispatchEvent(new IntegrationConnectedEvent(result.value));
      else void this.#health.refetch();
    });
  };

  // --- rendering -----------------------------------------------------------------------------

  protected override render() {
    const integration = this.integration;
    if (!integration) return nothing;
    const tokenState = this.#tokenState(integration);
    const health = this.#health.state;
    const report = health?.data;
    const lastError = this.activeClient?.tokens.lastError(integration.id);
    const connected = integration.tokenStatus !== 'none';
    const needsReconnect = !connected || tokenState === 'expired' || tokenState === 'error' || integration.status === 'error';
    return html`<div class="panel-head">
        <h3 id="heading">${msg('Provider token')}</h3>
        <token-status-badge .client=${this.activeClient} .integration=${integration}></token-status-badge>
      </div>
      <dl class="facts">
        <div>
          <dt>${msg('Expires')}</dt>
          <dd>${this.#renderExpiry(integration.tokenExpiresAt ?? report?.expiresAt ?? null)}</dd>
        </div>
        <div>
          <dt>${msg('Scopes')}</dt>
          <dd>${this.#whenLoaded(report, (r) =>
            r.scopes.length ? html`<ul class="chips">${r.scopes.map((scope) => html`<li>${scope}</li>`)}</ul>` : msg('None granted'),
          )}</dd>
        </div>
        <div>
          <dt>${msg('Last refresh')}</dt>
          <dd>${this.#whenLoaded(report, (r) => this.#renderTime(r.lastRefreshAt, msg('Never')))}</dd>
        </div>
        <div>
          <dt>${msg('Failed refreshes')}</dt>
          <dd>${this.#whenLoaded(report, (r) => String(r.failureCount))}</dd>
        </div>
      </dl>
      ${
        lastError
          ? html`<div class="notice danger">
            <span class="text">${icons.alert} ${msg('The last refresh failed:')} ${errorSentence(lastError)}</span>
          </div>`
          : nothing
      }
      ${
        health?.status === 'error' && !report
          ? html`<div class="notice danger">
            <span class="text">${msg(str`Could not load the token report: ${errorSentence(toIntegrationError(health.error))}`)}</span>
            <button type="button" @click=${() => void this.#health.refetch()}>${msg('Try again')}</button>
          </div>`
          : nothing
      }
      <div class="buttons">
        ${
          connected
            ? html`<button type="button" class="refresh ${needsReconnect ? '' : 'primary'}" aria-disabled=${this.isBusy('refresh')} @click=${this.#refresh}>
              ${this.isBusy('refresh') ? html`<span class="spinner" aria-hidden="true"></span>${msg('Refreshing…')}` : html`${icons.refresh}${msg('Refresh token')}`}
            </button>`
            : nothing
        }
        ${
          needsReconnect
            ? html`<button type="button" class="reconnect primary" aria-disabled=${this.isBusy('connect')} @click=${this.#reconnect}>
              ${
                this.isBusy('connect')
                  ? html`<span class="spinner" aria-hidden="true"></span>${msg('Waiting for sign-in…')}`
                  : html`${icons.plug}${connected ? msg('Reconnect') : msg('Connect')}`
              }
            </button>`
            : nothing
        }
      </div>
      ${this.#renderHistory(report)}`;
  }

  #whenLoaded(report: TokenHealth | undefined, show: (report: TokenHealth) => unknown) {
    if (report) return show(report);
    if (this.#health.state?.status === 'error') return '—';
    return html`<span class="skeleton" aria-hidden="true"></span><span class="visually-hidden">${msg('Loading')}</span>`;
  }

  #renderExpiry(expiresAt: string | null) {
    const time = expiresAt ? Date.parse(expiresAt) : NaN;
    if (Number.isNaN(time)) return msg('Unknown');
    const remaining = time - this.now;
    const text = remaining > 0 ? msg(str`in ${formatDuration(remaining)}`) : msg(str`${formatDuration(remaining)} ago`);
    return html`<time datetime=${expiresAt!}><span class="countdown">${text}</span>
      <span class="muted">· ${formatDateTime(time)}</span></time>`;
  }

  #renderTime(value: string | null, empty: string) {
    if (!value) return empty;
    return html`<time datetime=${value}>${formatRelative(value, this.now)}</time>
      <span class="muted">· ${formatDateTime(value)}</span>`;
  }

  #renderHistory(report: TokenHealth | undefined) {
    if (!report) return nothing;
    const rows = [...report.refreshHistory].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, HISTORY_ROWS);
    return html`<h4 id="history-heading">${msg('Refresh history')}</h4>
      ${
        rows.length
          ? html`<table class="history" aria-labelledby="history-heading">
            <thead>
              <tr>
                <th scope="col">${msg('When')}</th>
                <th scope="col">${msg('Result')}</th>
                <th scope="col">${msg('Details')}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (row) => html`<tr>
                  <td><time datetime=${row.at}>${formatDateTime(row.at)}</time></td>
                  <td>
                    <span class="result ${row.ok ? 'ok' : 'failed'}">${row.ok ? icons.check : icons.cross}${row.ok ? msg('Refreshed') : msg('Failed')}</span>
                  </td>
                  <td>${row.error ?? ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
          : html`<p class="muted">${msg('No refreshes yet.')}</p>`
      }`;
  }
}
