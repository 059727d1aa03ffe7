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
import { observeVisibility } from '../../internal/visibility.js';
import { durationChangesIn, formatDateTime, formatDuration } from '../../internal/format.js';
import { icons } from '../../internal/icons.js';
import { base, tokens } from '../../styles/tokens.js';
import { badgeStyles } from './token-status-badge.styles.js';

/**
 * The token state of one integration: valid, expiring (with a live countdown), expired,
 * refreshing, error or none. Text, icon and colour; changes are announced politely.
 *
 * The countdown costs nothing between changes of its text: on the shared one-second clock a badge
 * compares one number until its text or state is due to change, then writes just the countdown's
 * text node (a state change re-renders). Off screen it does not listen to the clock at all, and
 * catches up when it comes into view.
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
  #stopObserving: (() => void) | undefined;
  /** Until the first report, on screen: the first paint is right. */
  #onScreen = true;
  /** The countdown's text, owned here (not a template binding) so a tick writes only this. */
  readonly #countdown = document.createTextNode('');
  /** When the countdown's text or the state changes next (ms since the epoch). */
  #nextChangeAt = Infinity;

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
    // Its own cache entry (kept fresh by every write that stores the integration), not a search
    // of every list: with thousands of badges that search made mounting quadratic.
    return this.integration ?? this.#loaded.state?.data;
  }

  #computeState(now = this.now): TokenState {
    const tokens = this.activeClient?.tokens;
    const integration = this.#currentIntegration();
    const scheduled = tokens?.stateOf(this.#targetId, now);
    // The scheduler knows refreshes and failures; the data alone knows the rest.
    if (scheduled && scheduled !== 'none') return scheduled;
    return integration ? deriveTokenState(integration, now, tokens?.expiringWithinMs) : 'none';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopObserving = observeVisibility(this, (visible) => {
      if (visible === this.#onScreen) return;
      this.#onScreen = visible;
      // Back on screen: catch up at once (the update reads the clock), then follow it again.
      if (visible) this.requestUpdate();
      else this.#syncTicking();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopObserving?.();
    this.#stopObserving = undefined;
    this.#onScreen = true;
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

  /** Tick only while a countdown is showing, on screen. */
  #syncTicking(): void {
    const counting = this.state === 'valid' || this.state === 'expiring' || this.state === 'expired';
    if (counting && this.isConnected && this.#onScreen && !this.#stopTicking) {
      this.#stopTicking = onTick(this.#tick);
    } else if ((!counting || !this.#onScreen) && this.#stopTicking) {
      this.#stopTicking();
      this.#stopTicking = undefined;
    }
  }

  /** One second passed: nothing to do until the text or the state is due to change. */
  readonly #tick = (now: number): void => {
    if (now < this.#nextChangeAt || this.isUpdatePending) return;
    if (this.#computeState(now) !== this.state) {
      this.now = now; // the icon, label and announcement change: a full update
      return;
    }
    const detail = this.#detail(now);
    if (this.#countdown.data !== detail) this.#countdown.data = detail;
    this.#planNextChange(now);
  };

  /** Works out when the countdown's text (or the state) changes next. */
  #planNextChange(now: number): void {
    const detail = this.#countdown.data;
    const expiresAt = this.#expiresAt();
    if (expiresAt === undefined || !detail) {
      this.#nextChangeAt = Infinity;
      return;
    }
    const within = this.activeClient?.tokens.expiringWithinMs ?? 5 * 60_000;
    const stateChangeAt = this.state === 'valid' ? expiresAt - within : this.state === 'expiring' ? expiresAt : Infinity;
    this.#nextChangeAt = Math.min(now + durationChangesIn(expiresAt - now), stateChangeAt);
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

  #detail(now = this.now): string {
    const expiresAt = this.#expiresAt();
    if (expiresAt === undefined) return '';
    const remaining = expiresAt - now;
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
    this.#planNextChange(this.now);
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
    this.#countdown.data = detail;
    const expiresAt = this.#expiresAt();
    const lastError = this.state === 'error' ? this.activeClient?.tokens.lastError(this.#targetId) : undefined;
    const error = lastError ? errorSentence(lastError) : undefined;
    const title = error ?? (expiresAt !== undefined ? msg(str`Expires ${formatDateTime(expiresAt)}`) : undefined);
    return html`<span class="badge" part="base" title=${title ?? nothing}>
        <span class="icon">${this.#icon()}</span>
        <span class="label">${this.#describe(this.state)}</span>
        ${detail ? html`<span class="detail">· ${this.#countdown}</span>` : nothing}
      </span>
      <span class="visually-hidden" role="status">${this.announcement}</span>`;
  }
}
