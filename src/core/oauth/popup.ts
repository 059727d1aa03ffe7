/**
 * The opener's half of the popup PKCE flow (docs/ARCHITECTURE.md). One flow at a time per client: a second
 * Connect focuses the popup that is already open.
 *
 * Call `connect()` straight from a click handler: the popup is opened before the first `await`,
 * inside the user gesture, or the browser's popup blocker stops it.
 */
import type { IntegrationsApi } from '../api.js';
import { IntegrationError, toIntegrationError } from '../errors.js';
import { secureUrl } from '../config.js';
import type { Integration } from '../types.js';
import { generatePKCEChallenge } from './pkce.js';
import { CALLBACK_ACK_TYPE, callbackChannelName, isCallbackMessage, type OAuthCallbackAck, type OAuthCallbackMessage } from './messages.js';
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

const POLL_CLOSED_MS = 500;
/**
 * COOP cuts a popup off when the provider's first page commits, and from then on it reads closed.
 * Only a popup that reads closed this soon after navigating may have been cut off rather than closed.
 */
const SEVERED_WITHIN_MS = 1_500;

/** Centred over the opener window, as auth0-spa-js and oidc-client-ts do. */
function popupFeatures(width: number, height: number): string {
  const left = Math.max(0, window.screenX + (window.outerWidth - width) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - height) / 2);
  return `popup=yes,width=${width},height=${height},left=${Math.round(left)},top=${Math.round(top)}`;
}

function providerError(message: OAuthCallbackMessage): IntegrationError {
  const said = message.errorDescription ? `: ${message.errorDescription}` : '';
  if (message.error === 'access_denied') {
    return new IntegrationError('authorization_denied', `Access was not granted${said}.`);
  }
  return new IntegrationError('connection_failed', `The provider refused the sign-in (${message.error}${said}).`);
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

  async #run(integrationId: string, popup: Window, options: ConnectOptions): Promise<Integration> {
    const { api, states, redirectUri } = this.deps;
    const controller = new AbortController();
    const abortFlow = () => controller.abort();
    options.signal?.addEventListener('abort', abortFlow, { once: true });
    const pkce = await generatePKCEChallenge();
    const record = states.create(integrationId);
    const answer = this.#waitForAnswer(popup, record.state, options, controller.signal);
    try {
      const { authorizationUrl } = await api.initiateOAuth(
        integrationId,
        { codeChallenge: pkce.codeChallenge, codeChallengeMethod: 'S256', state: record.state, redirectUri: redirectUri.href },
        { signal: controller.signal },
      );
      const target = secureUrl(authorizationUrl, 'The authorization URL from the server', false);
      if (popup.closed) throw new IntegrationError('popup_closed', 'The sign-in window was closed.');
      popup.location.href = target.href;
      answer.navigatedAt = Date.now();

      const message = await answer.promise;
      states.consume(message.state);
      if (message.error) throw providerError(message);
      if (!message.code) throw new IntegrationError('token_exchange_failed', 'The provider answered without an authorization code.');
      const integration = await api.completeOAuth(
        {
          state: record.state,
          code: message.code,
          codeVerifier: pkce.codeVerifier,
          redirectUri: redirectUri.href,
          iss: message.iss ?? undefined,
        },
        { signal: controller.signal },
      );
      this.deps.onConnected(integration);
      return integration;
    } catch (error) {
      throw options.signal?.aborted ? new IntegrationError('aborted', 'Sign-in was cancelled.') : toIntegrationError(error);
    } finally {
      states.discard(record.state);
      controller.abort();
      answer.dispose();
      options.signal?.removeEventListener('abort', abortFlow);
    }
  }

  /**
   * Resolves with the redirect page's message for `state`, from the redirect origin only.
   * Rejects on timeout, cancel, or a popup closed without answering (after a short grace).
   */
  #waitForAnswer(popup: Window, state: string, options: ConnectOptions, signal: AbortSignal) {
    const expectedOrigin = this.deps.redirectUri.origin;
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(callbackChannelName(state)) : undefined;
    const cleanups: Array<() => void> = [];
    const handle = {
      navigatedAt: 0,
      promise: undefined as unknown as Promise<OAuthCallbackMessage>,
      dispose: () => cleanups.forEach((f) => f()),
    };

    handle.promise = new Promise<OAuthCallbackMessage>((settle, reject) => {
      // Tell the redirect page this tab holds the sign-in, so it may close (it stays open, saying
      // where to start again, when no page answers: the opener reloaded or went away). The page
      // may send the same answer both ways: acknowledge and settle once.
      let answered = false;
      const resolve = (message: OAuthCallbackMessage) => {
        if (answered) return;
        answered = true;
        channel?.postMessage({ type: CALLBACK_ACK_TYPE, state } satisfies OAuthCallbackAck);
        settle(message);
      };
      const onWindowMessage = (event: MessageEvent) => {
        if (event.origin !== expectedOrigin || !isCallbackMessage(event.data)) return;
        // The popup is the only window allowed to answer. A same-origin frame can dispatch a
        // synthetic message event (no source, untrusted) on this window: not an answer either.
        if (!event.isTrusted || event.source !== popup) return;
        // Our popup answering with a state we did not hand it is a replay or a forgery: stop.
        // (Our own state is consumed, and so checked for reuse and age, by the caller.)
        if (event.data.state !== state) {
          reject(new IntegrationError('invalid_state', 'The sign-in response does not belong to this sign-in. Start again.'));
          return;
        }
        resolve(event.data);
      };
      // Same-origin only and named by our state; the state is checked all the same, and a foreign
      // one (nothing of ours can have sent it) is ignored rather than fatal.
      const onChannelMessage = (event: MessageEvent) => {
        if (isCallbackMessage(event.data) && event.data.state === state) resolve(event.data);
      };
      window.addEventListener('message', onWindowMessage);
      cleanups.push(() => window.removeEventListener('message', onWindowMessage));
      if (channel) {
        channel.addEventListener('message', onChannelMessage);
        cleanups.push(() => channel.close());
      }

      const timeout = setTimeout(
        () => reject(new IntegrationError('popup_timeout', 'The sign-in took too long. Try again.')),
        options.timeoutMs ?? 5 * 60_000,
      );
      cleanups.push(() => clearTimeout(timeout));
      signal.addEventListener('abort', () => reject(new IntegrationError('aborted', 'Sign-in was cancelled.')), { once: true });

      const poll = setInterval(() => {
        if (!popup.closed) return;
        clearInterval(poll);
        const maybeSevered = handle.navigatedAt > 0 && Date.now() - handle.navigatedAt < SEVERED_WITHIN_MS;
        // To this page a window cut off by COOP and one the user closed read the same: closed. Focus
        // tells them apart: a closed window hands focus back to this page, a cut-off one stays on
        // screen and keeps it.
        let focusCameBack = document.hasFocus();
        const onFocus = () => (focusCameBack = true);
        window.addEventListener('focus', onFocus);
        cleanups.push(() => window.removeEventListener('focus', onFocus));
        // A redirect page that answered and closed at once may still have its message on the way.
        // No server check after it, on purpose: only this tab holds the verifier and
        // completes the exchange, so without a message the server cannot have connected this
        // sign-in, and a check could only mistake an unrelated update for success.
        const grace = setTimeout(() => {
          window.removeEventListener('focus', onFocus);
          if (maybeSevered && !focusCameBack && !document.hasFocus()) {
            // Cut off by COOP: the channel still reaches us; keep waiting until timeout or Cancel.
            console.warn(
              '[mwap-integrations] The sign-in window was cut off from this page at once, most likely by a ' +
                'Cross-Origin-Opener-Policy. Waiting for its answer over BroadcastChannel; a host page ' +
                'should send "Cross-Origin-Opener-Policy: same-origin-allow-popups".',
            );
            options.onDetached?.();
            return;
          }
          reject(new IntegrationError('popup_closed', 'The sign-in window was closed before sign-in finished.'));
        }, options.closedGraceMs ?? 2_000);
        cleanups.push(() => clearTimeout(grace));
      }, POLL_CLOSED_MS);
      cleanups.push(() => clearInterval(poll));
    });
    // The flow may end (initiate failed, Cancel) before anyone awaits this; the rejection it then
    // gets from cleanup is expected, not unhandled. Awaiting callers still see it.
    handle.promise.catch(() => undefined);
    return handle;
  }
}
