/**
 * The popup PKCE flow once its window is open (docs/ARCHITECTURE.md): the challenge, the state,
 * `initiate`, the wait for the redirect page's answer (checked for origin, source and state), and
 * the code exchange. Loaded on the first Connect (flow-import.ts), after the window opened inside
 * the click: a page that never connects never downloads it.
 * @internal
 */
import { secureUrl } from '../config.js';
import { IntegrationError, toIntegrationError } from '../errors.js';
import type { Integration } from '../types.js';
import { CALLBACK_ACK_TYPE, callbackChannelName, isCallbackMessage, type OAuthCallbackAck, type OAuthCallbackMessage } from './messages.js';
import { generatePKCEChallenge } from './pkce.js';
import type { ConnectOptions, PopupFlowDeps } from './popup.js';

const POLL_CLOSED_MS = 500;
/**
 * COOP cuts a popup off when the provider's first page commits, and from then on it reads closed.
 * Only a popup that reads closed this soon after navigating may have been cut off rather than closed.
 */
const SEVERED_WITHIN_MS = 1_500;

function providerError(message: OAuthCallbackMessage): IntegrationError {
  const said = message.errorDescription ? `: ${message.errorDescription}` : '';
  if (message.error === 'access_denied') {
    return new IntegrationError('authorization_denied', `Access was not granted${said}.`);
  }
  return new IntegrationError('connection_failed', `The provider refused the sign-in (${message.error}${said}).`);
}

/** Runs the flow in `popup`, opened by PopupConnector inside the click. */
export async function runPopupFlow(
  deps: PopupFlowDeps,
  integrationId: string,
  popup: Window,
  options: ConnectOptions,
): Promise<Integration> {
  const { api, states, redirectUri } = deps;
  const controller = new AbortController();
  const abortFlow = () => controller.abort();
  options.signal?.addEventListener('abort', abortFlow, { once: true });
  const pkce = await generatePKCEChallenge();
  const record = states.create(integrationId);
  const answer = waitForAnswer(deps.redirectUri.origin, popup, record.state, options, controller.signal);
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
    deps.onConnected(integration);
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
function waitForAnswer(expectedOrigin: string, popup: Window, state: string, options: ConnectOptions, signal: AbortSignal) {
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
