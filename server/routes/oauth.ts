/**
 * The server's half of the popup PKCE flow (docs/ARCHITECTURE.md): initiate stores what the callback must
 * check; the callback checks state (known, this tenant's, unused, fresh), redirect URI and
 * S256(verifier) before it spends the code at the provider.
 */
import { Hono } from 'hono';
import { requirePermission } from '../auth/permissions.js';
import type { AppDeps, AppEnv } from '../context.js';
import { safeEqual, sha256Base64Url } from '../crypto.js';
import { findIntegration } from '../db/integrations.js';
import { consumePendingState, findPendingState, savePendingState } from '../db/oauth-states.js';
import { ApiError, validationFailed } from '../errors.js';
import { say } from '../i18n/text.js';
import { userOrigin } from '../events/origin.js';
import { exchangeCode, providerClientFor, providerFailure, reload } from '../oauth/connections.js';
import { CallbackBody, InitiateBody, parseOrThrow, readJsonBody } from '../validation.js';
import { findOwnIntegration, integrationResponse } from './integrations.js';

/** POST /api/integrations/:id/oauth/initiate */
export function initiateRoute(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.post('/:id/oauth/initiate', requirePermission('connect'), async (c) => {
    const integration = await findOwnIntegration(deps, c);
    const body = parseOrThrow(InitiateBody, await readJsonBody(c));
    if (!deps.allowedRedirectUris.has(body.redirectUri)) {
      throw validationFailed({ redirectUri: 'This redirect URI is not on the server’s allow-list (ALLOWED_REDIRECT_URIS).' });
    }
    const client = providerClientFor(deps, integration);
    const scopes = deps.catalogue.get(integration.cloud_provider_id)?.provider.scopes ?? [];
    let authorizationUrl: URL;
    try {
      authorizationUrl = await client.authorizationUrl({
        redirectUri: body.redirectUri,
        state: body.state,
        codeChallenge: body.codeChallenge,
        scopes,
      });
    } catch (error) {
      throw providerFailure(error, 'connection_failed');
    }
    const { saved, expiresAt } = await savePendingState(deps.db, {
      state: body.state,
      tenantId: integration.tenant_id,
      integrationId: integration.id,
      codeChallenge: body.codeChallenge,
      redirectUri: body.redirectUri,
    });
    if (!saved) throw new ApiError(409, 'conflict', 'This state was already used; start a new sign-in.');
    deps.logger.info('oauth initiated', {
      integrationId: integration.id,
      tenantId: integration.tenant_id,
      provider: integration.cloud_provider_id,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ authorizationUrl: authorizationUrl.href, expiresAt: expiresAt.toISOString() });
  });
  return app;
}

/** POST /api/oauth/callback */
export function callbackRoute(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.post('/callback', requirePermission('connect'), async (c) => {
    const body = parseOrThrow(CallbackBody, await readJsonBody(c), 400);
    const { tenantId } = c.get('principal');
    const pending = await findPendingState(deps.db, body.state);
    // Another tenant's state is answered exactly like an unknown one.
    if (!pending || pending.tenant_id !== tenantId) {
      throw new ApiError(400, 'invalid_state', 'This sign-in response does not belong to a sign-in started here. Start again.');
    }
    if (pending.consumed_at) throw new ApiError(400, 'invalid_state', 'This sign-in response was already used. Start again.');
    if (new Date(pending.expires_at).getTime() <= Date.now()) {
      throw new ApiError(400, 'expired_state', 'The sign-in took longer than ten minutes. Start again.');
    }
    const integration = await findIntegration(deps.db, tenantId, pending.integration_id);
    if (!integration) throw new ApiError(400, 'invalid_state', 'The integration of this sign-in no longer exists.');
    // Used once, whatever happens next: a failed verifier must not be retried against the same state.
    if (!(await consumePendingState(deps.db, body.state))) {
      throw new ApiError(400, 'invalid_state', 'This sign-in response was already used. Start again.');
    }
    if (body.redirectUri !== pending.redirect_uri) {
      throw validationFailed({ redirectUri: 'Does not match the redirect URI this sign-in started with.' }, 'Redirect URI mismatch.', 400);
    }
    if (!safeEqual(sha256Base64Url(body.codeVerifier), pending.code_challenge)) {
      throw new ApiError(
        400,
        'token_exchange_failed',
        'PKCE verification failed: the code verifier does not match the code challenge (S256).',
      );
    }
    try {
      await exchangeCode(
        deps,
        integration,
        {
          code: body.code,
          state: body.state,
          iss: body.iss ?? undefined,
          redirectUri: body.redirectUri,
          codeVerifier: body.codeVerifier,
        },
        userOrigin(c.get('principal')),
      );
    } catch (error) {
      throw signInSpent(error);
    }
    deps.logger.info('oauth connected', { integrationId: integration.id, tenantId, provider: integration.cloud_provider_id });
    return integrationResponse(c, await reload(deps, tenantId, integration.id));
  });
  return app;
}

/**
 * A refused exchange (a wrong or replayed code, a mix-up, an outage) ends this sign-in: its state
 * was spent before the provider was asked, so the answer says to start again.
 */
function signInSpent(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.code !== 'token_exchange_failed') return error;
  const spent = say({ en: 'This sign-in is used up: start a new one.', de: 'Diese Anmeldung ist verbraucht: Starten Sie eine neue.' });
  return new ApiError(error.status, error.code, `${error.message} ${spent}`, error.extra);
}
