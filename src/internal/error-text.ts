import { msg, str } from '@lit/localize';
import { isolate } from './bidi.js';
import { toIntegrationError, type FieldErrors, type IntegrationErrorCode, type NetworkReason, type Recovery } from '../core/errors.js';

/**
 * The words a person reads for a failure, in the current locale. The core's and the server's
 * messages are English and written for developers, so no element shows them as the main text.
 * @internal
 */
export interface ErrorText {
  /** What happened, in one sentence. */
  title: string;
  /** What to do next; empty when there is nothing to do. */
  hint: string;
  /** True when offering to try the same thing again makes sense. */
  canRetry: boolean;
  /**
   * What the provider itself said, for failures at the provider (a refused refresh, a failed code
   * exchange): its words are the one clue to what is wrong there, so they are shown, quoted.
   */
  detail?: string | undefined;
  /** The server's reasons for fields the caller does not show (see `ErrorContext.shownFields`). */
  fieldReasons?: string | undefined;
}

/** @internal */
export interface ErrorContext {
  /** The failed sign-in's button offers “Open the sign-in window” as the way on. */
  offersReopen?: boolean;
  /** The popup was refused because another sign-in window of this page is still open. */
  anotherWindowOpen?: boolean;
  /**
   * The request fields the caller shows its own errors at. A refusal for any other field (a
   * redirect URI not on the server's allow-list, for Connect) is said in `fieldReasons`, in the
   * server's words, since nothing else would tell the user why. Undefined: the caller shows all.
   */
  shownFields?: readonly string[];
}

/** What happened, and for a failure the user must fix: what to do, and whether trying again then helps. */
type Words = readonly [title: string, userHint?: string, userRetries?: boolean];

// Functions, so msg() runs in the locale of the moment; `satisfies` makes a new code fail to compile here.
const WORDS = {
  authorization_denied: () => [msg('Access was not granted.'), msg('To connect, try again and choose Allow on the provider’s page.'), true],
  invalid_state: () => [msg('The sign-in answer could not be verified, so it was ignored.')],
  expired_state: () => [msg('The sign-in expired: for your security, it must finish within 10 minutes.')],
  token_exchange_failed: () => [msg('The provider’s sign-in could not be completed.')],
  popup_blocked: () => [msg('Your browser blocked the sign-in window.'), msg('Allow pop-ups for this site, then try again.'), true],
  popup_closed: () => [msg('The sign-in window was closed before sign-in finished.')],
  popup_timeout: () => [msg('Sign-in took too long and was stopped.')],
  connection_failed: () => [msg('The provider refused the connection.')],
  token_expired: () => [msg('The token has expired.'), msg('Reconnect to sign in to the provider again.')],
  rate_limited: () => [msg('Too many requests right now.')],
  permission_denied: () => [msg('Your role does not allow this.')],
  unauthenticated: () => [msg('Your session has ended. Sign in again.')],
  not_found: () => [msg('This item no longer exists.')],
  conflict: () => [msg('Someone else changed this integration since you opened it.'), msg('Reload it, then make your change again.')],
  validation_failed: () => [msg('Some values were not accepted.'), msg('Correct them and try again.')],
  invalid_response: () => [msg('The server sent an answer this page does not understand.')],
  invalid_config: () => [msg('This page is not set up correctly.')],
  network_error: () => [msg('The server could not be reached. Check your connection.')],
  server_error: () => [msg('The server had a problem.')],
  aborted: () => [msg('The operation was cancelled.')],
} satisfies Record<IntegrationErrorCode, () => Words>;

/** A network failure whose cause is known says it: "check your connection" is wrong when the API refused the page. */
const NETWORK_WORDS = {
  offline: () => ({ title: msg('You are offline.'), hint: msg('Try again when you are back online.'), canRetry: true }),
  cors: () => ({
    title: msg('The integrations API refused this page (CORS).'),
    hint: msg('The site’s administrator must allow this page’s origin in the API’s CORS settings.'),
    canRetry: false,
  }),
  unreachable: () => ({ title: msg('The server could not be reached.'), hint: msg('Try again in a moment.'), canRetry: true }),
  interrupted: () => ({
    title: msg('The connection was lost while the server answered.'),
    hint: msg('Try again in a moment.'),
    canRetry: true,
  }),
} satisfies Record<NetworkReason, () => ErrorText>;

function hintFor(code: IntegrationErrorCode, recovery: Recovery, userHint: string | undefined): string {
  switch (recovery) {
    case 'retry':
      return msg('Try again in a moment.');
    case 'host':
      return code === 'permission_denied' ? msg('Ask a tenant owner.') : msg('Ask the administrator of this site for help.');
    case 'provider':
      return msg('The provider may be having problems. Try again later.');
    case 'user':
      return userHint ?? msg('Check what you entered and try again.');
    default:
      return '';
  }
}

/** Says what went wrong and what to do about it, for any code. @internal */
export function describeError(error: unknown, context: ErrorContext = {}): ErrorText {
  const failure = toIntegrationError(error);
  const { code, recovery } = failure;
  if (code === 'popup_blocked' && context.anotherWindowOpen) {
    return { title: msg('Another sign-in window is still open.'), hint: msg('Finish or close it, then try again.'), canRetry: true };
  }
  if (failure.unconfirmed) {
    // The server may or may not have the change: say so, rather than "not saved".
    return {
      title: msg('The change could not be confirmed: the server’s answer was lost.'),
      hint: msg('It is shown as the server holds it once it can be read again; check it before you change it again.'),
      canRetry: false,
    };
  }
  if (code === 'network_error' && failure.reason) return NETWORK_WORDS[failure.reason]();
  const [title, userHint, userRetries] = WORDS[code]() as Words;
  return {
    fieldReasons: unshownFieldReasons(failure.fields, context.shownFields),
    detail: code === 'connection_failed' || code === 'token_exchange_failed' ? failure.message || undefined : undefined,
    title,
    hint: hintFor(
      code,
      recovery,
      code === 'popup_blocked' && context.offersReopen
        ? msg('Select “Open the sign-in window”. If it is blocked again, allow pop-ups for this site.')
        : userHint,
    ),
    canRetry: recovery === 'retry' || recovery === 'provider' || (recovery === 'user' && userRetries === true),
  };
}

function unshownFieldReasons(fields: FieldErrors | undefined, shown: readonly string[] | undefined): string | undefined {
  if (!fields || !shown) return undefined;
  const reasons = Object.entries(fields)
    .filter(([name]) => !shown.includes(name))
    .map(([name, reason]) => `${name}: ${isolate(reason)}`);
  return reasons.length ? reasons.join(' ') : undefined;
}

/** Title and hint as one sentence pair, for toasts and inline alerts. @internal */
export function errorSentence(error: unknown, context?: ErrorContext): string {
  const { title, hint, detail, fieldReasons } = describeError(error, context);
  const said = detail ? ` ${msg(str`The provider said: “${isolate(detail)}”.`)}` : '';
  const fields = fieldReasons ? ` ${msg(str`The server said: ${fieldReasons}`)}` : '';
  return [`${title}${said}${fields}`, hint].filter(Boolean).join(' ');
}
