/**
 * What the server does with a provider on an integration's behalf: exchange a code, refresh,
 * test, revoke. Each provider call is timed and recorded (provider_calls) for usage statistics;
 * each failure becomes an ApiError with the provider's own words.
 */
import { performance } from 'node:perf_hooks';
import type { ConnectionCheck, ConnectionTestResult } from '../../src/core/types.js';
import type { AppDeps } from '../context.js';
import { findIntegration, updateIntegration, type IntegrationRow } from '../db/integrations.js';
import {
  acquireRefreshLease,
  decryptTokens,
  findTokenRow,
  recordRefreshEvent,
  recordRefreshFailure,
  releaseRefreshLease,
  saveTokens,
} from '../db/tokens.js';
import { dailyQuota, recordProviderCall, type ProviderCallKind } from '../db/usage.js';
import { ApiError } from '../errors.js';
import { ProviderError, type ProviderClient, type TokenSet } from './provider-client.js';

type Target = Pick<IntegrationRow, 'id' | 'tenant_id' | 'cloud_provider_id'>;

export function providerClientFor(deps: AppDeps, integration: Target): ProviderClient {
  const client = deps.providerClients.get(integration.cloud_provider_id);
  if (!client) {
    throw new ApiError(409, 'conflict', `Provider "${integration.cloud_provider_id}" is no longer in the catalogue.`);
  }
  return client;
}

/** Runs one provider call, records it (kind, ok, latency, error) and returns its result. */
export async function recordedCall<T>(
  deps: AppDeps,
  integration: Target,
  kind: ProviderCallKind,
  call: () => Promise<T>,
): Promise<{ value: T; latencyMs: number }> {
  const started = performance.now();
  try {
    const value = await call();
    const latencyMs = performance.now() - started;
    await recordProviderCall(deps.db, { integrationId: integration.id, tenantId: integration.tenant_id, kind, ok: true, latencyMs });
    return { value, latencyMs };
  } catch (error) {
    const latencyMs = performance.now() - started;
    const message = error instanceof Error ? error.message : String(error);
    await recordProviderCall(deps.db, {
      integrationId: integration.id,
      tenantId: integration.tenant_id,
      kind,
      ok: false,
      latencyMs,
      error: message,
    }).catch(() => {});
    throw error;
  }
}

/** A provider failure as the API reports it: `code` for the exchange or for later calls. */
export function providerFailure(error: unknown, code: 'token_exchange_failed' | 'connection_failed'): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : 'The provider call failed.';
  const status = error instanceof ProviderError && error.failure === 'rejected' && code === 'token_exchange_failed' ? 400 : 502;
  return new ApiError(status, code, message);
}

export async function exchangeCode(
  deps: AppDeps,
  integration: IntegrationRow,
  input: { code: string; state: string; iss: string | undefined; redirectUri: string; codeVerifier: string },
): Promise<void> {
  const client = providerClientFor(deps, integration);
  let tokens: TokenSet;
  try {
    ({ value: tokens } = await recordedCall(deps, integration, 'exchange', () => client.exchangeCode(input)));
  } catch (error) {
    throw providerFailure(error, 'token_exchange_failed');
  }
  const requestedScopes = deps.catalogue.get(integration.cloud_provider_id)?.provider.scopes ?? [];
  await deps.db.transaction(async (tx) => {
    await saveTokens(tx, deps.cipher, integration.id, tokens, { requestedScopes, refreshed: false });
    await updateIntegration(tx, integration.tenant_id, integration.id, { status: 'active' });
  });
}

const LEASE_WAIT_MS = 15_000;
const LEASE_POLL_MS = 100;

/**
 * Refreshes with the refresh_token grant. Single-flight across processes: a lease on the token row
 * makes a concurrent refresh wait for the first one's result instead of spending a refresh token
 * twice (with rotation, the second use would be refused and may revoke the whole grant).
 */
export async function refreshIntegration(deps: AppDeps, integration: IntegrationRow): Promise<void> {
  const requestedAt = new Date();
  const row = await findTokenRow(deps.db, integration.id);
  if (!row) throw new ApiError(409, 'token_expired', 'This integration is not connected yet: connect it first.');
  if (!row.refresh_token_enc)
    throw new ApiError(409, 'token_expired', 'The provider gave no refresh token: connect again to renew access.');
  const client = providerClientFor(deps, integration);
  const leased = await acquireRefreshLease(deps.db, integration.id);
  if (!leased) {
    await waitForLease(deps, integration.id);
    return;
  }
  // Someone refreshed after this request arrived: their fresh token is this request's answer too.
  if (new Date(leased.obtained_at).getTime() >= requestedAt.getTime() || !leased.refresh_token_enc) {
    await releaseRefreshLease(deps.db, integration.id);
    return;
  }
  let refreshToken: string;
  try {
    refreshToken = decryptTokens(deps.cipher, leased).refreshToken!;
  } catch (error) {
    await releaseRefreshLease(deps.db, integration.id);
    throw error;
  }
  let tokens: TokenSet;
  try {
    ({ value: tokens } = await recordedCall(deps, integration, 'refresh', () => client.refresh(refreshToken)));
  } catch (error) {
    const message = error instanceof Error ? error.message : 'The refresh failed.';
    await recordRefreshFailure(deps.db, integration.id, message);
    // A refused refresh token will not work again: the user must connect again.
    if (error instanceof ProviderError && error.providerCode === 'invalid_grant') {
      await updateIntegration(deps.db, integration.tenant_id, integration.id, { status: 'error' });
      throw new ApiError(409, 'token_expired', `${message} Connect again to renew access.`);
    }
    throw providerFailure(error, 'connection_failed');
  }
  await deps.db.transaction(async (tx) => {
    await saveTokens(tx, deps.cipher, integration.id, tokens, { requestedScopes: leased.scopes.split(' '), refreshed: true });
    await recordRefreshEvent(tx, integration.id, true);
    if (integration.status === 'error') await updateIntegration(tx, integration.tenant_id, integration.id, { status: 'active' });
  });
}

async function waitForLease(deps: AppDeps, integrationId: string): Promise<void> {
  const deadline = Date.now() + LEASE_WAIT_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
    const rows = await deps.db.query<{ busy: boolean }>(
      'SELECT (refresh_lease_until IS NOT NULL AND refresh_lease_until > now()) AS busy FROM integration_tokens WHERE integration_id = $1',
      [integrationId],
    );
    if (!rows[0]?.busy) return;
  }
  throw new ApiError(409, 'conflict', 'Another refresh of this integration is still running; try again shortly.');
}

/** Revokes the integration's tokens at the provider (RFC 7009) where it supports revocation. */
export async function revokeTokens(deps: AppDeps, integration: IntegrationRow): Promise<{ revoked: boolean; error?: string }> {
  const row = await findTokenRow(deps.db, integration.id);
  if (!row) return { revoked: false };
  const client = deps.providerClients.get(integration.cloud_provider_id);
  if (!client) return { revoked: false, error: 'provider not in catalogue' };
  const { accessToken, refreshToken } = decryptTokens(deps.cipher, row);
  try {
    // Revoking the refresh token ends the grant; the access token goes too, for providers that keep them apart.
    let supported = true;
    if (refreshToken)
      ({ value: supported } = await recordedCall(deps, integration, 'revoke', () => client.revoke(refreshToken, 'refresh_token')));
    if (supported) await recordedCall(deps, integration, 'revoke', () => client.revoke(accessToken, 'access_token'));
    return { revoked: supported };
  } catch (error) {
    return { revoked: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function timedCheck(name: string, run: () => Promise<string>, errorCode: string): Promise<ConnectionCheck> {
  const started = performance.now();
  try {
    const message = await run();
    return { name, ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10, message };
  } catch (error) {
    return {
      name,
      ok: false,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      message: error instanceof Error ? error.message : String(error),
      errorCode,
    };
  }
}

/** The connection test: each check says what it looked at, whether it passed, and how long it took. */
export async function testConnection(deps: AppDeps, integration: IntegrationRow): Promise<ConnectionTestResult> {
  const quota = await dailyQuota(deps.db, integration.id, deps.config.dailyCallQuota);
  if (quota.used >= quota.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(quota.resetsAt) - Date.now()) / 1000));
    throw new ApiError(429, 'rate_limited', `This integration used its ${quota.limit} provider calls for today.`, { retryAfterSeconds });
  }
  const started = performance.now();
  const client = providerClientFor(deps, integration);
  const checks: ConnectionCheck[] = [];
  const row = await findTokenRow(deps.db, integration.id);
  let tokens: ReturnType<typeof decryptTokens> | undefined;

  checks.push(
    await timedCheck(
      'token present',
      async () => {
        if (!row) throw new Error('No provider token is stored: connect the integration first.');
        tokens = decryptTokens(deps.cipher, row);
        return `An access token${tokens.refreshToken ? ' and a refresh token are' : ' is'} stored (encrypted).`;
      },
      'token_expired',
    ),
  );
  checks.push(
    await timedCheck(
      'token not expired',
      async () => {
        if (!tokens) throw new Error('No token to check.');
        if (!tokens.expiresAt) return 'The provider gave no expiry.';
        const left = tokens.expiresAt.getTime() - Date.now();
        if (left <= 0) throw new Error(`The access token expired at ${tokens.expiresAt.toISOString()}; refresh it.`);
        return `Valid for ${Math.round(left / 1000)} s more (until ${tokens.expiresAt.toISOString()}).`;
      },
      'token_expired',
    ),
  );
  checks.push(
    await timedCheck(
      'provider reachable',
      async () => {
        await recordedCall(deps, integration, 'test', () => pingIssuer(client.issuer));
        return `${client.issuer} answered.`;
      },
      'connection_failed',
    ),
  );
  checks.push(
    await timedCheck(
      'userinfo accepted',
      async () => {
        if (!tokens) throw new Error('No token to present.');
        const { value: claims } = await recordedCall(deps, integration, 'test', () =>
          client.userinfo(tokens!.accessToken, tokens!.subject ?? undefined),
        );
        const who = typeof claims.name === 'string' ? claims.name : typeof claims.email === 'string' ? claims.email : String(claims.sub);
        return `The provider accepted the token for ${who}.`;
      },
      'connection_failed',
    ),
  );
  const testedAt = new Date();
  await updateIntegration(deps.db, integration.tenant_id, integration.id, { lastHealthCheck: testedAt });
  return {
    integrationId: integration.id,
    ok: checks.every((check) => check.ok),
    testedAt: testedAt.toISOString(),
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
    checks,
  };
}

async function pingIssuer(issuer: string): Promise<void> {
  const url = new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5_000), headers: { Accept: 'application/json' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new Error(`${issuer} could not be reached (${cause?.code ?? (error instanceof Error ? error.message : 'network error')}).`, {
      cause: error,
    });
  }
  await response.body?.cancel();
  if (!response.ok) throw new Error(`${issuer} answered HTTP ${response.status}.`);
}

/** Re-reads after a change, for the answer. */
export async function reload(deps: AppDeps, tenantId: string, id: string): Promise<IntegrationRow> {
  const row = await findIntegration(deps.db, tenantId, id);
  if (!row) throw new ApiError(404, 'not_found', 'Integration not found.');
  return row;
}
