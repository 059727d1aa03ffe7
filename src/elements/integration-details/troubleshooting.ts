import { msg } from '@lit/localize';

/**
 * What to try next for a failed connection check, by the check's error code. Codes are the
 * library's IntegrationError codes plus the few check-level ones the API reports; anything else
 * gets the generic hint.
 * @internal
 */
export function troubleshootingHint(code: string | undefined): string {
  switch (code) {
    case 'token_expired':
      return msg('The access token has expired. Refresh the token; if that fails, reconnect the integration.');
    case 'token_exchange_failed':
    case 'unauthenticated':
      return msg('The provider did not accept the credentials. Reconnect the integration to sign in again.');
    case 'permission_denied':
    case 'insufficient_scope':
      return msg(
        'The connected account lacks a permission this check needs. Reconnect and grant every requested scope, or ask the provider account’s administrator.',
      );
    case 'rate_limited':
      return msg('The provider is limiting requests. Wait a few minutes before testing again, or check the quota in Usage.');
    case 'not_found':
      return msg(
        'A resource the integration uses no longer exists at the provider. Check the settings (for example the region or project).',
      );
    case 'network_error':
    case 'timeout':
      return msg('The provider did not answer in time. Check the provider’s status page and try again.');
    case 'dns_failed':
      return msg('The provider’s address could not be resolved. Check the region or endpoint in Settings.');
    case 'tls_failed':
      return msg('A secure connection could not be established. The provider’s certificate may be invalid or a proxy may be interfering.');
    case 'connection_failed':
    case 'server_error':
      return msg('The provider reported an error. Try again later; if it persists, contact the provider’s support.');
    case 'validation_failed':
    case 'invalid_config':
      return msg('A setting is not valid for this provider. Review the values in Settings.');
    default:
      return msg('Try again. If the check keeps failing, reconnect the integration.');
  }
}
