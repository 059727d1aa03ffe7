/**
 * The opener's half of the popup PKCE flow (docs/ARCHITECTURE.md). One flow at a time per client: a second
 * Connect focuses the popup that is already open.
 *
 * Call `connect()` straight from a click handler: the popup is opened before the first `await`,
 * inside the user gesture, or the browser's popup blocker stops it. What happens in it then
 * (popup-flow.ts) is loaded on the first Connect, while the window shows its blank page.
 */
import type { IntegrationsApi } from '../api.js';
import { IntegrationError } from '../errors.js';
import type { Integration } from '../types.js';
import { importPopupFlow } from './flow-import.js';
import type { OAuthStateStore } from './state.js';

export interface ConnectOptions {
  /** Give up after this long (ms). Default 5 minutes. */
  timeoutMs?: number;
  /**
   * After the popup reads as closed, wait this long (ms) for a late answer (a redirect page that
   * answered and closed at once) before failing with `popup_closed`. Default 2 s.
   */
  closedGraceMs?: number;
  /** Cancels the flow (the user pressed Cancel); the popup is closed. */
  signal?: AbortSignal;
  /**
   * Called when the sign-in window read as closed right after it went to the provider while focus
   * did not come back to this page: most likely a Cross-Origin-Opener-Policy cut it off from this
   * page (the window is still on screen and its answer still comes, over BroadcastChannel). The
   * flow goes on waiting; a UI should say so and offer Cancel, rather than "Waiting…" until the
   * timeout. A window the user closed hands focus back, and the flow fails with `popup_closed`.
   */
  onDetached?: () => void;
  width?: number;
  height?: number;
}

export interface PopupFlowDeps {
  api: IntegrationsApi;
  states: OAuthStateStore;
  redirectUri: URL;
  /** Stores the connected integration in the cache and invalidates what depends on it. */
  onConnected: (integration: Integration) => void;
}

interface RunningFlow {
  integrationId: string;
  popup: Window;
  promise: Promise<Integration>;
}

/** Centred over the opener window, as auth0-spa-js and oidc-client-ts do. */
function popupFeatures(width: number, height: number): string {
  const left = Math.max(0, window.screenX + (window.outerWidth - width) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - height) / 2);
  return `popup=yes,width=${width},height=${height},left=${Math.round(left)},top=${Math.round(top)}`;
}

export class PopupConnector {
  #running: RunningFlow | undefined;

  constructor(private readonly deps: PopupFlowDeps) {}

  /** True while a sign-in window is open. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  connect(integrationId: string, options: ConnectOptions = {}): Promise<Integration> {
    const running = this.#running;
    if (running && !running.popup.closed) {
      running.popup.focus();
      if (running.integrationId === integrationId) return running.promise;
      return Promise.reject(
        new IntegrationError('popup_blocked', 'Another sign-in window is already open. Finish or close it first.', {
          recovery: 'user',
        }),
      );
    }
    // Synchronous, inside the user gesture: no await may come before this line.
    const popup = window.open('about:blank', 'mwap-integrations-oauth', popupFeatures(options.width ?? 520, options.height ?? 680));
    if (!popup) {
      return Promise.reject(
        new IntegrationError('popup_blocked', 'The browser blocked the sign-in window. Allow pop-ups for this site and try again.'),
      );
    }
    const promise = this.#run(integrationId, popup, options).finally(() => {
      if (this.#running?.popup === popup) this.#running = undefined;
      if (!popup.closed) popup.close();
    });
    this.#running = { integrationId, popup, promise };
    return promise;
  }

  /** The rest of the flow, loaded now if this is the first Connect (the window is already open). */
  async #run(integrationId: string, popup: Window, options: ConnectOptions): Promise<Integration> {
    let flow: Awaited<ReturnType<typeof importPopupFlow>>;
    try {
      flow = await importPopupFlow();
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new IntegrationError('network_error', `The sign-in could not start: ${message}`, { cause });
    }
    if (options.signal?.aborted) throw new IntegrationError('aborted', 'Sign-in was cancelled.');
    return flow.runPopupFlow(this.deps, integrationId, popup, options);
  }
}
