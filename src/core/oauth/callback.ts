/**
 * The redirect page's half of the popup flow (docs/ARCHITECTURE.md): read the provider's answer,
 * remove it from the address bar before anything else can read it, hand it to the opener over
 * postMessage (to our own origin only) and over this sign-in's BroadcastChannel (for an opener
 * that a Cross-Origin-Opener-Policy cut off), and close once the opener says it has it. When no
 * page does (the host page was reloaded or closed during sign-in, or nothing can answer) the window
 * stays open and says where to start again, rather than vanishing with nothing connected.
 */
import { CALLBACK_MESSAGE_TYPE, callbackChannelName, isCallbackAck, type OAuthCallbackMessage } from './messages.js';

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
  /** How long to wait for the opener's acknowledgement before saying it is gone (ms). Default 3 s. */
  ackTimeoutMs?: number;
}

/** The page's words, in German when the browser prefers it (this page has no localization runtime). */
const WORDS = {
  en: {
    finishing: 'Finishing sign-in…',
    finished: 'Sign-in finished. You can close this window and return to the app.',
    failed: (reason: string) => `Sign-in did not complete (${reason}). You can close this window.`,
    orphaned:
      'This sign-in window lost the page that opened it, so nothing was connected. Close it and start the connection again from the integrations page.',
    close: 'Close this window',
  },
  de: {
    finishing: 'Anmeldung wird abgeschlossen…',
    finished: 'Anmeldung abgeschlossen. Sie können dieses Fenster schließen und zur App zurückkehren.',
    failed: (reason: string) => `Die Anmeldung wurde nicht abgeschlossen (${reason}). Sie können dieses Fenster schließen.`,
    orphaned:
      'Dieses Anmeldefenster hat die Seite verloren, die es geöffnet hat; es wurde nichts verbunden. Schließen Sie es und starten Sie die Verbindung auf der Integrationsseite neu.',
    close: 'Fenster schließen',
  },
};
const language = () => (/^de\b/i.test(navigator.languages?.[0] ?? navigator.language ?? '') ? 'de' : 'en');
const words = () => WORDS[language()];

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

function showText(target: HTMLElement | null | undefined, said: string, role: 'status' | 'alert' = 'status'): void {
  if (!target) return;
  const text = document.createElement('p');
  text.setAttribute('role', role);
  // The page itself may say lang="en": name the language the words are in, for screen readers.
  text.lang = language();
  // textContent: the provider's words are shown as text, never parsed as HTML.
  text.textContent = said;
  target.replaceChildren(text);
}

function outcome(message: OAuthCallbackMessage): string {
  return message.error ? words().failed(message.errorDescription || message.error) : words().finished;
}

/** Nobody took the answer: say so, with a way to close the window (a script may close a window it did not open only sometimes). */
function showOrphaned(target: HTMLElement | null | undefined): void {
  if (!target) return;
  showText(target, words().orphaned, 'alert');
  const button = document.createElement('button');
  button.type = 'button';
  button.lang = language();
  button.textContent = words().close;
  button.addEventListener('click', () => window.close());
  target.append(button);
}

/** Posts to the window that opened this one, if any is left: our own origin only. */
function postToOpener(message: OAuthCallbackMessage): boolean {
  const opener = window.opener as Window | null;
  if (!opener || opener === window) return false;
  try {
    opener.postMessage(message, location.origin);
    return true;
  } catch {
    return false; // A severed or cross-origin opener: the channel still carries the answer.
  }
}

export function handleOAuthCallback(options: HandleOAuthCallbackOptions = {}): CallbackResult {
  const url = new URL(location.href);
  const message = readParams(url);
  // First: the code and state leave the address bar (and so history and Referer) before any
  // other script on this page runs.
  history.replaceState(history.state, '', stripParams(url));

  const postedToOpener = postToOpener(message);
  const target = options.messageTarget === undefined ? document.body : options.messageTarget;
  const close = options.close !== false;
  // The channel is named by the state; with no state (or no BroadcastChannel) nothing can acknowledge.
  const channel =
    typeof BroadcastChannel === 'function' && message.state ? new BroadcastChannel(callbackChannelName(message.state)) : undefined;
  if (!channel && !postedToOpener) {
    showOrphaned(target);
    return { message, postedToOpener };
  }
  showText(target, words().finishing);
  // Without a channel only the opener can end this, by closing the window; otherwise the same notice.
  const unanswered = setTimeout(() => {
    channel?.close();
    showOrphaned(target);
  }, options.ackTimeoutMs ?? 3_000);
  if (!channel) return { message, postedToOpener };
  channel.addEventListener('message', (event: MessageEvent) => {
    if (!isCallbackAck(event.data) || event.data.state !== message.state) return;
    clearTimeout(unanswered);
    channel.close();
    showText(target, outcome(message));
    if (close) window.close();
  });
  // Sent on the channel even after a postMessage: window.opener may be a page reloaded since (it
  // takes nothing), and only the flow holding this state listens on this channel.
  channel.postMessage(message);
  return { message, postedToOpener };
}
