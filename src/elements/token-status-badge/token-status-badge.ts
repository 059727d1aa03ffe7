import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Integration } from '../../core/types.js';
import { deriveTokenState, type TokenState } from '../../core/tokens.js';
import { QueryController } from '../../controllers/query-controller.js';
import { TokenWatchController } from '../../controllers/token-watch-controller.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { errorSentence } from '../../internal/error-text.js';
import { onTick } from '../../internal/ticker.js';
import { formatDateTime, formatDuration } from '../../internal/format.js';
import { icons } from '../../internal/icons.js';
import { base, tokens } from '../../styles/tokens.js';
import { badgeStyles } from './token-status-badge.styles.js';

/**
 * The token state of one integration: valid, expiring (with a live countdown), expired,
 * refreshing, error or none. Text, icon and colour; changes are announced politely.
 *
 * @tag token-status-badge
 * @summary Shows whether an integration's provider token is usable, and for how long.
 * @fires integration-error - Loading the integration (by `integration-id`) failed; the badge says
 *   the status is unavailable, with the reason as its title.
 * @csspart base - The badge.
 * @cssprop --mwap-token-status-badge-color - Colour when the state has no colour of its own.
 * @cssprop --mwap-token-status-badge-valid-color - Colour for `valid`.
 * @cssprop --mwap-token-status-badge-expiring-color - Colour for `expiring`.
 * @cssprop --mwap-token-status-badge-danger-color - Colour for `expired` and `error`.
 * @cssprop --mwap-token-status-badge-refreshing-color - Colour for `refreshing`.
 * @cssprop --mwap-token-status-badge-background - Badge background.
 */
@localized()
export class TokenStatusBadgeElement extends MwapElement {
  static override styles = [tokens, base, badgeStyles];

  /** Which integration to show; the badge loads it through the client if it is not cached. */
  @property({ attribute: 'integration-id' }) integrationId = '';
  /** The integration itself, when the host already has it (skips loading). */
  @property({ attribute: false }) integration: Integration | undefined;
  /** The state shown, reflected for styling. Read-only. */
  @property({ reflect: true }) state: TokenState = 'none';

  /** @internal */
  @state() private now = Date.now();
  /** @internal */
  @state() private announcement = '';

  readonly #loaded = new QueryController<Integration>(
    this,
    (client) => (this.integration || !this.integrationId ? undefined : client.queries.integration(this.integrationId)),
    () => this.activeClient,
  );
  #reportedLoadError: Error | undefined;
  #stopTicking: (() => void) | undefined;

  constructor() {
    super();
    // The refresh scheduler knows about refreshes in flight and failures the cache does not show.
    new TokenWatchController(
      this,
      () => this.activeClient,
      () => this.#targetId,
    );
  }

  get #targetId(): string {
    return this.integration?.id ?? this.integrationId;
  }

  #currentIntegration(): Integration | undefined {
    return this.integration ?? this.activeClient?.cachedIntegration(this.integrationId) ?? this.#loaded.state?.data;
  }

  #computeState(): TokenState {
    const tokens = this.activeClient?.tokens;
    const integration = this.#currentIntegration();
    const scheduled = tokens?.stateOf(this.#targetId, this.now);
    // The scheduler knows refreshes and failures; the data alone knows the rest.
    if (scheduled && scheduled !== 'none') return scheduled;
    return integration ? deriveTokenState(integration, this.now, tokens?.expiringWithinMs) : 'none';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTicking?.();
    this.#stopTicking = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The shared clock ticks once a second; an update between ticks must not show a stale countdown.
    this.now = Date.now();
    const next = this.#computeState();
    if (next !== this.state) {
      // Announce transitions, not the first paint and not every tick of the countdown.
      if (changed.has('state') || this.hasUpdated) this.announcement = this.hasUpdated ? this.#describe(next) : '';
      this.state = next;
    }
    this.#syncTicking();
  }

  /** Tick only while a countdown is visible. */
  #syncTicking(): void {
    const counting = this.state === 'valid' || this.state === 'expiring' || this.state === 'expired';
    if (counting && this.isConnected && !this.#stopTicking) {
      this.#stopTicking = onTick((now) => (this.now = now));
    } else if (!counting && this.#stopTicking) {
      this.#stopTicking();
      this.#stopTicking = undefined;
    }
  }

  #expiresAt(): number | undefined {
    const value = this.#currentIntegration()?.tokenExpiresAt;
    const time = value ? Date.parse(value) : NaN;
    return Number.isNaN(time) ? undefined : time;
  }

  #describe(state: TokenState): string {
    switch (state) {
      case 'valid':
        return msg('Token valid');
      case 'expiring':
        return msg('Token expiring');
      case 'expired':
        return msg('Token expired');
      case 'refreshing':
        return msg('Refreshing token');
      case 'error':
        return msg('Token refresh failed');
      case 'paused':
        return msg('Paused: integration disabled');
      default:
        return msg('Not connected');
    }
  }

  #detail(): string {
    const expiresAt = this.#expiresAt();
    if (expiresAt === undefined) return '';
    const remaining = expiresAt - this.now;
    if (this.state === 'expired') return msg(str`${formatDuration(remaining)} ago`);
    if (this.state === 'valid' || this.state === 'expiring') return msg(str`expires in ${formatDuration(remaining)}`);
    return '';
  }

  #icon() {
    switch (this.state) {
      case 'valid':
        return icons.check;
      case 'expiring':
        return icons.clock;
      case 'expired':
        return icons.cross;
      case 'refreshing':
        return icons.refresh;
      case 'error':
        return icons.alert;
      case 'paused':
        return icons.pause;
      default:
        return icons.dash;
    }
  }

  /** Why the integration could not be loaded, while there is nothing to show instead. */
  #loadError(): Error | undefined {
    return this.#currentIntegration() ? undefined : (this.#loaded.state?.error ?? undefined);
  }

  protected override updated(): void {
    const error = this.#loadError();
    if (error && error !== this.#reportedLoadError) this.emitError(error, this.#targetId);
    this.#reportedLoadError = error;
  }

  protected override render() {
    const loadError = this.#loadError();
    if (loadError) {
      const reason = errorSentence(loadError);
      // The reason is in the title for pointers and in hidden text for everyone else.
      return html`<span class="badge" part="base" title=${reason}>
          <span class="icon">${icons.alert}</span>
          <span class="label">${msg('Token status unavailable')}</span>
          <span class="visually-hidden">${reason}</span>
        </span>
        <span class="visually-hidden" role="status">${this.announcement}</span>`;
    }
    const detail = this.#detail();
    const expiresAt = this.#expiresAt();
    const lastError = this.state === 'error' ? this.activeClient?.tokens.lastError(this.#targetId) : undefined;
    const error = lastError ? errorSentence(lastError) : undefined;
    const title = error ?? (expiresAt !== undefined ? msg(str`Expires ${formatDateTime(expiresAt)}`) : undefined);
    return html`<span class="badge" part="base" title=${title ?? nothing}>
        <span class="icon">${this.#icon()}</span>
        <span class="label">${this.#describe(this.state)}</span>
        ${detail ? html`<span class="detail">· ${detail}</span>` : nothing}
      </span>
      <span class="visually-hidden" role="status">${this.announcement}</span>`;
  }
}
