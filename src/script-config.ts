import { configure } from './core/default-client.js';
import type { IntegrationsClient } from './core/client.js';
import { toIntegrationError } from './core/errors.js';

/**
 * Reads `data-api-base-url`, `data-redirect-uri`, `data-credentials` and
 * `data-allow-insecure-http` off the script tag. Without `data-api-base-url` nothing is configured
 * and the host calls `MwapIntegrations.configure()` itself. (`data-files-url` is read by
 * script-files.ts.)
 */
export function configureFromScript(script: Element | null): IntegrationsClient | undefined {
  if (!(script instanceof HTMLScriptElement)) return undefined;
  const data = script.dataset;
  if (!data.apiBaseUrl) return undefined;
  try {
    return configure({
      apiBaseUrl: data.apiBaseUrl,
      redirectUri: data.redirectUri,
      credentials: (data.credentials as RequestCredentials | undefined) ?? undefined,
      allowInsecureHttp: data.allowInsecureHttp === 'true',
    });
  } catch (error) {
    // A bad attribute must not break the host page: report it where a developer looks.
    console.error('[mwap-integrations] could not configure from the script tag:', toIntegrationError(error).message);
    return undefined;
  }
}
