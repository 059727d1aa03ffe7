/**
 * The redirect page's half of the popup flow (docs/ARCHITECTURE.md): read the provider's answer,
 * remove it from the address bar before anything else can read it, hand it to the opener over
 * postMessage (to our own origin only) and BroadcastChannel, and close.
 */
import { CALLBACK_CHANNEL, CALLBACK_MESSAGE_TYPE, type OAuthCallbackMessage } from './messages.js';

export type { OAuthCallbackMessage } from './messages.js';

const OAUTH_PARAMS = ['code', 'state', 'error', 'error_description', 'error_uri', 'iss', 'session_state'];

export interface CallbackResult {
  message: OAuthCallbackMessage;
  /** True when an opener window was there to receive the postMessage. */
  postedToOpener: boolean;
}

export interface HandleOAuthCallbackOptions {
  /** Close the window after handing over the answer. Default true. */
  close?: boolean;
  /** Where to show a human message if the window stays open. Default `document.body`. */
  messageTarget?: HTMLElement | null;
}

function readParams(url: URL): OAuthCallbackMessage {
  // response_mode=fragment puts the answer in the hash; query is the default.
  const params = url.search.length > 1 ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  return {
    type: CALLBACK_MESSAGE_TYPE,
    state: params.get('state'),
    code: params.get('code'),
    error: params.get('error'),
    errorDescription: params.get('error_description'),
    iss: params.get('iss'),
  };
}

function stripParams(url: URL): string {
  const clean = new URL(url.href);
  for (const name of OAUTH_PARAMS) clean.searchParams.delete(name);
  clean.hash = '';
  return clean.href;
}

function showMessage(target: HTMLElement | null | undefined, message: OAuthCallbackMessage): void {
  if (!target) return;
  const text = document.createElement('p');
  text.setAttribute('role', 'status');
  // textContent: the provider's words are shown as text, never parsed as HTML.
  text.textContent = message.error
    ? `Sign-in did not complete (${message.errorDescription || message.error}). You can close this window.`
    : 'Sign-in finished. You can close this window and return to the app.';
  target.replaceChildren(text);
}

export function handleOAuthCallback(options: HandleOAuthCallbackOptions = {}): CallbackResult {
  const url = new URL(location.href);
  const message = readParams(url);
  // First: the code and state leave the address bar (and so history and Referer) before any
  // other script on this page runs.
  history.replaceState(history.state, '', stripParams(url));

  let postedToOpener = false;
  const opener = window.opener as Window | null;
  if (opener && opener !== window) {
    try {
      opener.postMessage(message, location.origin);
      postedToOpener = true;
    } catch {
      postedToOpener = false; // A severed or cross-origin opener: the channel below still carries it.
    }
  }
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(CALLBACK_CHANNEL);
    channel.postMessage(message);
    channel.close();
  }

  showMessage(options.messageTarget === undefined ? document.body : options.messageTarget, message);
  if (options.close !== false) {
    // Let the channel's message leave before the window goes.
    setTimeout(() => window.close(), 50);
  }
  return { message, postedToOpener };
}
