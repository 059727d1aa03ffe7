/* eslint-disable lit/binding-positions, lit/no-invalid-html -- heading tags are static values (headings.ts, lit/static-html) */
import { css, nothing, type PropertyValues } from 'lit';
import { html } from 'lit/static-html.js';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { isolate } from '../../internal/bidi.js';
import { toIntegrationError } from '../../core/errors.js';
import { deriveTokenState, type TokenState } from '../../core/tokens.js';
import type { CloudProvider, Integration, TokenHealth } from '../../core/types.js';
import { QueryController } from '../../controllers/query-controller.js';
import { TokenWatchController } from '../../controllers/token-watch-controller.js';
import { IntegrationConnectedEvent, IntegrationUpdatedEvent } from '../../events/integration-events.js';
import { formatDateTime, formatDuration, formatNumber, formatRelative } from '../../internal/format.js';
import { icons } from '../../internal/icons.js';
import { onTick } from '../../internal/ticker.js';
import { base, tokens } from '../../styles/tokens.js';
import { GuardedPanelElement } from './guarded-panel.js';
import { headingTag } from './headings.js';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { panelStyles } from './panel.styles.js';

/** How many refresh attempts the history table shows. */
const HISTORY_ROWS = 10;

/**
 * The provider's words for the newest refresh in the report, when it failed and the token is still
 * in error: a refresh this tab did not make (the server's, another tab's), so the scheduler has no
 * error of its own to show.
 */
function failureFromReport(integration: Integration, report: TokenHealth | undefined): string | undefined {
  if (!report || integration.tokenStatus !== 'error') return undefined;
  let newest: TokenHealth['refreshHistory'][number] | undefined;
  for (const entry of report.refreshHistory) if (!newest || Date.parse(entry.at) > Date.parse(newest.at)) newest = entry;
  return newest && !newest.ok && newest.error ? newest.error : undefined;
}

/** Never connected: created, but the sign-in never finished. Its failure is "could not connect". */
const neverConnected = (integration: Integration) => integration.status === 'pending' && integration.tokenStatus === 'none';

/**
 * The provider token of one integration: state, expiry countdown, scopes (in the provider's
 * words), last refresh, failures and refresh history, with Refresh now and (when the token cannot
 * be refreshed) Reconnect. A disabled integration is paused: no countdown, and Refresh only
 * when asked for explicitly.
 *
 * @summary Token state and refresh of one integration.
 * @fires integration-updated - The token was refreshed.
 * @fires integration-connected - The integration was reconnected.
 * @fires integration-error - Loading the token report, a refresh or a reconnect failed.
 * @internal
 */
@localized()
export class IntegrationTokenPanelElement extends GuardedPanelElement {
  static override styles = [
    tokens,
    base,
    panelStyles,
    css`
      .countdown {
        font-weight: 600;
      }
      .result {
        display: inline-flex;
        align-items: center;
        gap: 0.35em;
        font-weight: 600;
      }
      .history td {
        overflow-wrap: anywhere;
      }
      .scopes {
        display: grid;
        gap: calc(var(--_space) * 0.75);
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .scopes code {
        display: block;
        font-size: 0.8em;
        color: var(--_text-muted);
        overflow-wrap: anywhere;
      }
      .paused-note {
        margin-block-start: calc(var(--_space) * 1.5);
      }
    `,
  ];

  /** The integration's provider, for what each scope lets the integration do. */
  @property({ attribute: false }) provider: CloudProvider | undefined;

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
    // A poll brings the new expiry of a refresh made elsewhere, not the report that tells of it.
    // (An event, and this tab's own refresh, reload the report themselves: a fetch is running then.)
    const before = changed.get('integration') as Integration | undefined;
    const now = this.integration;
    if (
      before &&
      now &&
      before.id === now.id &&
      (before.tokenExpiresAt !== now.tokenExpiresAt || before.tokenStatus !== now.tokenStatus) &&
      !this.#health.state?.isFetching
    )
      void this.#health.refetch();
  }

  #tokenState(integration: Integration): TokenState {
    const tokens = this.activeClient?.tokens;
    const scheduled = tokens?.stateOf(integration.id, this.now);
    if (this.isBusy('refresh')) return 'refreshing';
    if (scheduled && scheduled !== 'none') return scheduled;
    // Disabled: nothing refreshes it, so it neither counts down nor asks for a refresh.
    return deriveTokenState(integration, this.now, tokens?.expiringWithinMs);
  }

  // --- actions -------------------------------------------------------------------------------

  #refresh = async (): Promise<void> => {
    const integration = this.integration;
    const client = this.activeClient;
    if (!integration || !client || !this.can('refresh')) return;
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
    if (!integration || !client || !this.can('connect')) return;
    const first = neverConnected(integration);
    void this.perform('connect', {
      run: () => client.connect(integration.id),
      success: (saved) => (first ? msg(str`Connected “${isolate(saved.name)}”.`) : msg(str`Reconnected “${isolate(saved.name)}”.`)),
      failure: (error) =>
        first ? msg(str`Could not connect: ${errorSentence(error)}`) : msg(str`Could not reconnect: ${errorSentence(error)}`),
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
    const reportedFailure = lastError ? undefined : failureFromReport(integration, report);
    const connected = integration.tokenStatus !== 'none';
    const paused = tokenState === 'paused';
    const needsReconnect =
      !connected || (!paused && (tokenState === 'expired' || tokenState === 'error' || integration.status === 'error'));
    const section = headingTag(this.headingLevel + 1);
    return html`<div class="panel-head">
        <${section} id="heading" class="section-heading">${msg('Provider token')}</${section}>
        <token-status-badge .client=${this.activeClient} .integration=${integration}></token-status-badge>
      </div>
      <dl class="facts">
        <div>
          <dt>${msg('Expires')}</dt>
          <dd>${this.#renderExpiry(integration.tokenExpiresAt ?? report?.expiresAt ?? null, paused)}</dd>
        </div>
        <div>
          <dt>${msg('Scopes')}</dt>
          <dd>${this.#whenLoaded(report, (r) => (r.scopes.length ? this.#renderScopes(r.scopes) : msg('None granted')))}</dd>
        </div>
        <div>
          <dt>${msg('Last refresh')}</dt>
          <dd>${this.#whenLoaded(report, (r) => this.#renderTime(r.lastRefreshAt, msg('Never')))}</dd>
        </div>
        <div>
          <dt>${msg('Failed refreshes')}</dt>
          <dd>${this.#whenLoaded(report, (r) => formatNumber(r.failureCount))}</dd>
        </div>
      </dl>
      ${
        lastError || reportedFailure
          ? html`<div class="notice danger">
            <span class="text">${icons.alert} ${msg('The last refresh failed:')} ${
              lastError ? errorSentence(lastError) : html`<bdi>${reportedFailure}</bdi>`
            }</span>
          </div>`
          : nothing
      }
      ${
        health?.status === 'error' && !report
          ? html`<div class="notice danger">
            <span class="text">${msg(str`Could not load the token report: ${errorSentence(toIntegrationError(health.error))}`)}</span>
            ${
              describeError(health.error).canRetry
                ? html`<button type="button" @click=${() => void this.#health.refetch()}>${msg('Try again')}</button>`
                : nothing
            }
          </div>`
          : nothing
      }
      ${paused ? html`<p class="paused-note muted">${msg('The token is not refreshed while the integration is disabled.')}</p>` : nothing}
      <div class="buttons">
        ${connected && this.can('refresh') ? this.#renderRefresh(needsReconnect, paused) : nothing}
        ${
          needsReconnect && this.can('connect')
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

  /** While paused, Refresh is a plain "Refresh anyway": offered, never suggested. */
  #renderRefresh(needsReconnect: boolean, paused: boolean) {
    const busy = this.isBusy('refresh');
    const label = paused ? msg('Refresh anyway') : msg('Refresh token');
    return html`<button
      type="button"
      class="refresh ${needsReconnect || paused ? '' : 'primary'}"
      aria-disabled=${busy}
      @click=${this.#refresh}
    >
      ${busy ? html`<span class="spinner" aria-hidden="true"></span>${msg('Refreshing…')}` : html`${icons.refresh}${label}`}
    </button>`;
  }

  /** Each scope in the provider's words, its id below; the id alone when the catalogue has no words for it. */
  #renderScopes(scopes: readonly string[]) {
    const descriptions = this.provider?.scopeDescriptions ?? {};
    return html`<ul class="scopes">
      ${scopes.map((scope) => {
        const description = Object.hasOwn(descriptions, scope) ? descriptions[scope] : undefined;
        return description
          ? html`<li class="scope"><bdi class="scope-description">${description}</bdi><code class="scope-id">${scope}</code></li>`
          : html`<li class="scope"><code class="scope-id only">${scope}</code></li>`;
      })}
    </ul>`;
  }

  #whenLoaded(report: TokenHealth | undefined, show: (report: TokenHealth) => unknown) {
    if (report) return show(report);
    if (this.#health.state?.status === 'error') return '—';
    return html`<span class="skeleton" aria-hidden="true"></span><span class="visually-hidden">${msg('Loading')}</span>`;
  }

  #renderExpiry(expiresAt: string | null, paused: boolean) {
    const time = expiresAt ? Date.parse(expiresAt) : NaN;
    if (paused) {
      return html`<span class="countdown">${msg('Paused')}</span>
        ${Number.isNaN(time) ? nothing : html`<span class="muted">· <time datetime=${expiresAt!}>${formatDateTime(time)}</time></span>`}`;
    }
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
    const sub = headingTag(this.headingLevel + 2);
    return html`<${sub} id="history-heading" class="sub-heading">${msg('Refresh history')}</${sub}>
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
                  <td>${row.error ? html`<bdi>${row.error}</bdi>` : ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
          : html`<p class="muted">${msg('No refreshes yet.')}</p>`
      }`;
  }
}
