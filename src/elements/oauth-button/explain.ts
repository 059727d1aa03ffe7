import { msg } from '@lit/localize';
import type { IntegrationError } from '../../core/errors.js';

export interface Explanation {
  /** What happened, in one sentence. */
  title: string;
  /** What to do next. */
  hint: string;
}

/**
 * Says what went wrong in a sign-in and what the user can do about it. The core's messages are
 * English and technical; these are the words shown, and they go through the message table.
 */
export function explainFailure(error: IntegrationError, anotherWindowOpen: boolean): Explanation {
  switch (error.code) {
    case 'popup_blocked':
      return anotherWindowOpen
        ? { title: msg('Another sign-in window is still open.'), hint: msg('Finish or close it, then try again.') }
        : {
            title: msg('Your browser blocked the sign-in window.'),
            hint: msg('Select “Open the sign-in window”. If it is blocked again, allow pop-ups for this site.'),
          };
    case 'authorization_denied':
      return { title: msg('Access was not granted.'), hint: msg('To connect, try again and choose Allow on the provider’s page.') };
    case 'popup_closed':
      return { title: msg('The sign-in window was closed before sign-in finished.'), hint: msg('Try again and complete the steps in the window.') };
    case 'popup_timeout':
      return { title: msg('Sign-in took too long and was stopped.'), hint: msg('Try again when you are ready to sign in.') };
    case 'expired_state':
      return { title: msg('The sign-in expired.'), hint: msg('For your security, sign-in must finish within 10 minutes. Try again.') };
    case 'invalid_state':
      return { title: msg('The sign-in answer could not be verified, so it was ignored.'), hint: msg('Try again.') };
    case 'token_exchange_failed':
      return {
        title: msg('The provider’s sign-in could not be completed.'),
        hint: msg('Try again. If it keeps failing, the provider’s configuration may need attention.'),
      };
    default:
      return { title: error.message, hint: hintFor(error) };
  }
}

function hintFor(error: IntegrationError): string {
  switch (error.recovery) {
    case 'retry':
      return msg('Try again in a moment.');
    case 'host':
      return msg('Ask the administrator of this site for help.');
    case 'provider':
      return msg('The provider may be having problems. Try again later.');
    default:
      return '';
  }
}
