import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { formatDateTime, formatRelative } from '../../internal/format.js';

export interface StaleNotice {
  /** Why the last refresh failed. */
  error: Error;
  /** When the cards were last loaded from the server (ms since the epoch). */
  updatedAt: number;
  /** A refresh is running (the Try again button waits for it). */
  retrying: boolean;
  /** The clock the relative time is said against. */
  now: number;
  onRetry: () => void;
}

/**
 * Said above cards that a refresh (focus, reconnect, an interval, Reload) could not replace: they
 * stay, since an old list is more use than none, but the user is told they may be out of date,
 * since when, why, and, where trying again can help, given the button to do it.
 */
export function renderStaleNotice(notice: StaleNotice) {
  const { error, updatedAt, retrying, now, onRetry } = notice;
  return html`<div class="stale" part="stale" role="status">
    <p>
      <strong>${msg('These integrations may be out of date.')}</strong>
      <span title=${formatDateTime(updatedAt)}>${msg(str`Last updated ${formatRelative(updatedAt, now)}.`)}</span>
    </p>
    <p title=${error.message}>${errorSentence(error)}</p>
    ${
      describeError(error).canRetry
        ? html`<button type="button" ?disabled=${retrying} @click=${onRetry}>${retrying ? msg('Trying again…') : msg('Try again')}</button>`
        : nothing
    }
  </div>`;
}
