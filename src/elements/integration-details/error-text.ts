import { msg } from '@lit/localize';
import type { IntegrationError } from '../../core/errors.js';

/**
 * A short, localised sentence for a failure a person can act on. The server's own message is the
 * fallback: it is specific, but only in the server's language.
 * @internal
 */
export function describeError(error: IntegrationError): string {
  switch (error.code) {
    case 'network_error':
      return msg('The server could not be reached. Check your connection and try again.');
    case 'rate_limited':
      return msg('Too many requests right now. Wait a moment and try again.');
    case 'permission_denied':
      return msg('You do not have permission to do this.');
    case 'unauthenticated':
      return msg('Your session has ended. Sign in again and retry.');
    case 'not_found':
      return msg('This integration no longer exists.');
    case 'conflict':
      return msg('Someone else changed this integration since you opened it.');
    case 'popup_blocked':
      return msg('The sign-in window was blocked. Allow pop-ups for this site and try again.');
    case 'popup_closed':
      return msg('The sign-in window was closed before the connection finished.');
    case 'popup_timeout':
      return msg('The sign-in took too long and was stopped.');
    case 'authorization_denied':
      return msg('Access was not granted at the provider.');
    default:
      return error.message || msg('Something went wrong.');
  }
}
