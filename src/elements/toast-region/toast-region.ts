import { css, html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { localized, msg } from '@lit/localize';
import { base, tokens } from '../../styles/tokens.js';

export type ToastVariant = 'success' | 'error' | 'info';

export interface ToastOptions {
  message: string;
  variant?: ToastVariant;
  /** How long it stays (ms); errors stay until dismissed unless given. Default 5 s. */
  durationMs?: number;
  /** One follow-up, e.g. Retry or Undo. */
  action?: { label: string; run: () => void };
  /**
   * The integration the toast speaks of: it goes when that integration is deleted (an
   * `integration-deleted` event anywhere on the page), since a result about it means nothing then.
   */
  about?: string | undefined;
}

interface Toast extends ToastOptions {
  id: number;
  variant: ToastVariant;
}

let nextId = 1;
/** A few at most: older ones make room, so toasts never pile up over the page. */
const MAX_TOASTS = 3;

/**
 * The page's one live region for results. Elements call `showToast()`, which uses the first
 * `<mwap-toast-region>` on the page or adds one to `<body>` (shown in the top layer as a popover,
 * so it sits above host content without global CSS). Errors that need an action are shown inline
 * where the action is, not here; a toast about an integration goes when the element that showed it
 * leaves the page or the integration is deleted; at most three show at once, and the region takes
 * no clicks outside them.
 *
 * @tag mwap-toast-region
 * @summary Announces and shows short-lived notifications.
 * @csspart toast - One notification.
 * @cssprop --mwap-toast-inset - Distance from the viewport's bottom-end corner. Default 16px.
 */
@localized()
export class ToastRegionElement extends LitElement {
  static override styles = [
    tokens,
    base,
    css`
      :host {
        position: fixed;
        inset: auto var(--mwap-toast-inset, 16px) var(--mwap-toast-inset, 16px) auto;
        margin: 0;
        padding: 0;
        border: 0;
        background: transparent;
        overflow: visible;
        max-width: min(24rem, calc(100vw - 32px));
        /* Only the toasts take clicks: the gaps between them never block the page below. */
        pointer-events: none;
      }
      li {
        pointer-events: auto;
      }
      :host(:dir(rtl)) {
        inset: auto auto var(--mwap-toast-inset, 16px) var(--mwap-toast-inset, 16px);
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--_space);
      }
      li {
        display: flex;
        align-items: center;
        gap: var(--_space);
        padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.5);
        border-radius: var(--_radius);
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-inline-start: 4px solid var(--_info);
        box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
      }
      li.success {
        border-inline-start-color: var(--_success);
      }
      li.error {
        border-inline-start-color: var(--_danger);
      }
      .message {
        flex: 1;
        min-inline-size: 0;
        overflow-wrap: anywhere;
      }
      button.dismiss {
        border: 0;
        background: transparent;
        /* A 24 px target at least. */
        min-block-size: 24px;
        min-inline-size: 24px;
        padding: 2px 6px;
      }
    `,
  ];

  /** @internal */
  @state() private toasts: Toast[] = [];
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('popover')) this.setAttribute('popover', 'manual');
    document.addEventListener('integration-deleted', this.#onDeleted);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('integration-deleted', this.#onDeleted);
  }

  #onDeleted = (event: Event) => {
    const id = (event as CustomEvent<{ integrationId?: string }>).detail?.integrationId;
    if (id) for (const toast of this.toasts.filter((t) => t.about === id)) this.dismiss(toast.id);
  };

  /** Shows a notification; returns a function that dismisses it. */
  show(options: ToastOptions): () => void {
    const toast: Toast = { ...options, id: nextId++, variant: options.variant ?? 'info' };
    for (const old of this.toasts.slice(0, Math.max(0, this.toasts.length - (MAX_TOASTS - 1)))) this.dismiss(old.id);
    this.toasts = [...this.toasts, toast];
    if (this.isConnected && this.matches(':popover-open') === false) this.showPopover?.();
    const duration = options.durationMs ?? (toast.variant === 'error' ? 0 : 5000);
    if (duration > 0)
      this.#timers.set(
        toast.id,
        setTimeout(() => this.dismiss(toast.id), duration),
      );
    return () => this.dismiss(toast.id);
  }

  /** What is showing now (for tests and hosts that mirror it). */
  get messages(): string[] {
    return this.toasts.map((t) => t.message);
  }

  dismiss(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.toasts = this.toasts.filter((t) => t.id !== id);
    if (this.toasts.length === 0 && this.matches(':popover-open')) this.hidePopover?.();
  }

  protected override render() {
    // The list itself is the live region: additions are read politely, once.
    return html`<div role="status" aria-live="polite" aria-label=${msg('Notifications')}><ol>
      ${repeat(
        this.toasts,
        (t) => t.id,
        (t) => html`<li part="toast" class=${t.variant}>
          <span class="message">${t.message}</span>
          ${
            t.action
              ? html`<button type="button" @click=${() => (t.action!.run(), this.dismiss(t.id))}>${t.action.label}</button>`
              : nothing
          }
          <button type="button" class="dismiss" aria-label=${msg('Dismiss')} @click=${() => this.dismiss(t.id)}>✕</button>
        </li>`,
      )}
    </ol></div>`;
  }
}
