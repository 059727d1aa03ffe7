/**
 * What the server does with a provider on an integration's behalf: exchange a code, refresh,
 * test, revoke. Each provider call is timed and recorded (provider_calls) for usage statistics;
 * each failure becomes an ApiError with the provider's own words.
 */
import { performance } from 'node:perf_hooks';
import type { ConnectionCheck, ConnectionTestResult } from '../../src/core/types.js';
import type { AppDeps } from '../context.js';
import type { Queryable } from '../db/database.js';
import { SERVER_ORIGIN, type ChangeOrigin } from '../events/origin.js';
import { recordChange } from '../events/record.js';
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
import { requestLanguage } from '../i18n/language.js';
import { say } from '../i18n/text.js';
import { ProviderError, type ProviderClient, type TokenSet } from './provider-client.js';

type Target = Pick<IntegrationRow, 'id' | 'tenant_id' | 'cloud_provider_id'>;

export function providerClientFor(deps: AppDeps, integration: Target): ProviderClient {
  const client = deps.providerClients.get(integration.cloud_provider_id);
  if (!client) {
    throw new ApiError(
      409,
      'conflict',
      say({
        en: `Provider "${integration.cloud_provider_id}" is no longer in the catalogue.`,
        de: `Den Anbieter „${integration.cloud_provider_id}“ gibt es im Katalog nicht mehr.`,
      }),
    );
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
  const message =
    error instanceof Error ? error.message : say({ en: 'The provider call failed.', de: 'Der Aufruf beim Anbieter ist fehlgeschlagen.' });
  const status = error instanceof ProviderError && error.failure === 'rejected' && code === 'token_exchange_failed' ? 400 : 502;
  return new ApiError(status, code, message);
}

/** Spends the code and stores the tokens; records `connected`, or `reconnected` when tokens were there before. */
export async function exchangeCode(
  deps: AppDeps,
  integration: IntegrationRow,
  input: { code: string; state: string; iss: string | undefined; redirectUri: string; codeVerifier: string },
  origin: ChangeOrigin,
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
    const before = await findTokenRow(tx, integration.id);
    await saveTokens(tx, deps.cipher, integration.id, tokens, { requestedScopes, refreshed: false });
    await updateIntegration(tx, integration.tenant_id, integration.id, { status: 'active' });
    await recordChange(tx, {
      tenantId: integration.tenant_id,
      integrationId: integration.id,
      origin,
      event: 'integration.updated',
      activity: [{ kind: before ? 'reconnected' : 'connected' }],
    });
  });
}

const LEASE_WAIT_MS = 15_000;
const LEASE_POLL_MS = 100;

/**
 * Refreshes with the refresh_token grant. Single-flight across processes: a lease on the token row
 * makes a concurrent refresh wait for the first one's result instead of spending a refresh token
 * twice (with rotation, the second use would be refused and may revoke the whole grant).
 * `origin` says who asked (a person, a tab's scheduler, or SERVER_ORIGIN for the background worker);
 * the refresh records itself (activity and event) with it.
 */
export async function refreshIntegration(deps: AppDeps, integration: IntegrationRow, origin: ChangeOrigin): Promise<void> {
  const requestedAt = new Date();
  const row = await findTokenRow(deps.db, integration.id);
  if (!row)
    throw new ApiError(
      409,
      'token_expired',
      say({
        en: 'This integration is not connected yet: connect it first.',
        de: 'Diese Integration ist noch nicht verbunden: Verbinden Sie sie zuerst.',
      }),
    );
  if (!row.refresh_token_enc)
    throw new ApiError(
      409,
      'token_expired',
      say({
        en: 'The provider gave no refresh token: connect again to renew access.',
        de: 'Der Anbieter hat kein Refresh-Token ausgestellt: Verbinden Sie erneut, um den Zugriff zu erneuern.',
      }),
    );
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
    // A refused refresh token will not work again: the user must connect again.
    const revoked = error instanceof ProviderError && error.providerCode === 'invalid_grant';
    await deps.db.transaction(async (tx) => {
      await recordRefreshFailure(tx, integration.id, message);
      if (revoked) await updateIntegration(tx, integration.tenant_id, integration.id, { status: 'error' });
      await recordRefreshOutcome(tx, integration, origin, { ok: false, reason: message, revoked });
    });
    if (revoked) {
      throw new ApiError(
        409,
        'token_expired',
        `${message} ${say({ en: 'Connect again to renew access.', de: 'Verbinden Sie erneut, um den Zugriff zu erneuern.' })}`,
      );
    }
    throw providerFailure(error, 'connection_failed');
  }
  await deps.db.transaction(async (tx) => {
    await saveTokens(tx, deps.cipher, integration.id, tokens, { requestedScopes: leased.scopes.split(' '), refreshed: true });
    await recordRefreshEvent(tx, integration.id, true);
    if (integration.status === 'error') await updateIntegration(tx, integration.tenant_id, integration.id, { status: 'active' });
    await recordRefreshOutcome(tx, integration, origin, { ok: true });
  });
}

/**
 * What a refresh did, for the history and the stream: token_refreshed (with who asked), or
 * refresh_failed / token_revoked with the provider's words; health_changed when it moved the
 * integration into or out of `error`. Shared with the background worker (events/worker-events.ts).
 */
export async function recordRefreshOutcome(
  tx: Queryable,
  integration: Pick<IntegrationRow, 'id' | 'tenant_id' | 'status'>,
  origin: ChangeOrigin,
  outcome: { ok: true } | { ok: false; reason: string; revoked: boolean },
): Promise<void> {
  const base = { tenantId: integration.tenant_id, integrationId: integration.id, origin };
  if (outcome.ok) {
    const recovered = integration.status === 'error';
    await recordChange(tx, {
      ...base,
      event: 'token.refreshed',
      activity: [
        { kind: 'token_refreshed' },
        ...(recovered ? [{ kind: 'health_changed' as const, detail: { from: 'error', to: 'active' } }] : []),
      ],
    });
    return;
  }
  const detail = { reason: outcome.reason };
  const broke = outcome.revoked && integration.status !== 'error';
  await recordChange(tx, {
    ...base,
    event: outcome.revoked ? 'token.revoked' : 'token.refresh_failed',
    reason: outcome.reason,
    activity: [
      { kind: outcome.revoked ? 'token_revoked' : 'refresh_failed', detail },
      ...(broke ? [{ kind: 'health_changed' as const, detail: { from: integration.status, to: 'error' } }] : []),
    ],
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
  throw new ApiError(
    409,
    'conflict',
    say({
      en: 'Another refresh of this integration is still running; try again shortly.',
      de: 'Eine andere Erneuerung dieser Integration läuft noch; versuchen Sie es gleich noch einmal.',
    }),
  );
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

/**
 * The connection test: each check says what it looked at, whether it passed, and how long it took.
 * A person's test records `tested`; the server's scheduled one (SERVER_ORIGIN, the default) records
 * `health_changed` only when the result differs from the last test's, so the history is not a log of
 * every quarter hour. Either way the stream gets `health.changed`.
 */
export async function testConnection(
  deps: AppDeps,
  integration: IntegrationRow,
  origin: ChangeOrigin = SERVER_ORIGIN,
): Promise<ConnectionTestResult> {
  const quota = await dailyQuota(deps.db, integration.id, deps.config.dailyCallQuota);
  if (quota.used >= quota.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(quota.resetsAt) - Date.now()) / 1000));
    throw new ApiError(
      429,
      'rate_limited',
      say({
        en: `This integration used its ${quota.limit} provider calls for today.`,
        de: `Diese Integration hat ihre ${quota.limit} Anbieteraufrufe für heute verbraucht.`,
      }),
      { retryAfterSeconds },
    );
  }
  const started = performance.now();
  const client = providerClientFor(deps, integration);
  const checks: ConnectionCheck[] = [];
  const row = await findTokenRow(deps.db, integration.id);
  let tokens: ReturnType<typeof decryptTokens> | undefined;

  // Names and messages are read by people (the health panel shows them as they come).
  checks.push(
    await timedCheck(
      say({ en: 'token present', de: 'Token vorhanden' }),
      async () => {
        if (!row)
          throw new Error(
            say({
              en: 'No provider token is stored: connect the integration first.',
              de: 'Es ist kein Token des Anbieters gespeichert: Verbinden Sie die Integration zuerst.',
            }),
          );
        tokens = decryptTokens(deps.cipher, row);
        return tokens.refreshToken
          ? say({
              en: 'An access token and a refresh token are stored (encrypted).',
              de: 'Ein Zugriffstoken und ein Refresh-Token sind gespeichert (verschlüsselt).',
            })
          : say({ en: 'An access token is stored (encrypted).', de: 'Ein Zugriffstoken ist gespeichert (verschlüsselt).' });
      },
      'token_expired',
    ),
  );
  checks.push(
    await timedCheck(
      say({ en: 'token not expired', de: 'Token nicht abgelaufen' }),
      async () => {
        if (!tokens) throw new Error(say({ en: 'No token to check.', de: 'Kein Token zum Prüfen.' }));
        if (!tokens.expiresAt) return say({ en: 'The provider gave no expiry.', de: 'Der Anbieter hat keinen Ablaufzeitpunkt angegeben.' });
        const left = tokens.expiresAt.getTime() - Date.now();
        const until = formatInstant(tokens.expiresAt);
        if (left <= 0)
          throw new Error(
            say({
              en: `The access token expired on ${until}; refresh it.`,
              de: `Das Zugriffstoken ist am ${until} abgelaufen; erneuern Sie es.`,
            }),
          );
        const duration = formatSeconds(Math.round(left / 1000));
        return say({ en: `Valid for ${duration} more (until ${until}).`, de: `Noch ${duration} gültig (bis ${until}).` });
      },
      'token_expired',
    ),
  );
  checks.push(
    await timedCheck(
      say({ en: 'provider reachable', de: 'Anbieter erreichbar' }),
      async () => {
        await recordedCall(deps, integration, 'test', () => pingIssuer(client.issuer));
        return say({ en: `${client.issuer} answered.`, de: `${client.issuer} hat geantwortet.` });
      },
      'connection_failed',
    ),
  );
  checks.push(
    await timedCheck(
      say({ en: 'userinfo accepted', de: 'Userinfo akzeptiert' }),
      async () => {
        if (!tokens) throw new Error(say({ en: 'No token to present.', de: 'Kein Token zum Vorzeigen.' }));
        const { value: claims } = await recordedCall(deps, integration, 'test', () =>
          client.userinfo(tokens!.accessToken, tokens!.subject ?? undefined),
        );
        const who = typeof claims.name === 'string' ? claims.name : typeof claims.email === 'string' ? claims.email : String(claims.sub);
        return say({ en: `The provider accepted the token for ${who}.`, de: `Der Anbieter hat das Token für ${who} akzeptiert.` });
      },
      'connection_failed',
    ),
  );
  const testedAt = new Date();
  const result: ConnectionTestResult = {
    integrationId: integration.id,
    ok: checks.every((check) => check.ok),
    testedAt: testedAt.toISOString(),
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
    checks,
  };
  await deps.db.transaction(async (tx) => {
    await updateIntegration(tx, integration.tenant_id, integration.id, { lastHealthCheck: testedAt });
    const detail = {
      ok: result.ok,
      latencyMs: result.latencyMs,
      message: (checks.find((check) => !check.ok) ?? checks.at(-1))?.message,
    };
    let kind: 'tested' | 'health_changed' | undefined = 'tested';
    if (origin.actor.type === 'server') {
      const [last] = await tx.query<{ ok: boolean | null }>(
        `SELECT (detail->>'ok')::boolean AS ok FROM activity
         WHERE tenant_id = $1 AND integration_id = $2 AND kind IN ('tested', 'health_changed') AND detail ? 'ok'
         ORDER BY id DESC LIMIT 1`,
        [integration.tenant_id, integration.id],
      );
      kind = (last?.ok ?? true) === result.ok ? undefined : 'health_changed';
    }
    await recordChange(tx, {
      tenantId: integration.tenant_id,
      integrationId: integration.id,
      origin,
      event: 'health.changed',
      activity: kind ? [{ kind, detail }] : [],
    });
  });
  return result;
}

async function pingIssuer(issuer: string): Promise<void> {
  const url = new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5_000), headers: { Accept: 'application/json' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const reason = cause?.code ?? (error instanceof Error ? error.message : say({ en: 'network error', de: 'Netzwerkfehler' }));
    throw new Error(say({ en: `${issuer} could not be reached (${reason}).`, de: `${issuer} war nicht erreichbar (${reason}).` }), {
      cause: error,
    });
  }
  await response.body?.cancel();
  if (!response.ok)
    throw new Error(say({ en: `${issuer} answered HTTP ${response.status}.`, de: `${issuer} antwortete mit HTTP ${response.status}.` }));
}

/** A moment for a person, in the request's language and UTC (the server knows no user's time zone). */
function formatInstant(date: Date): string {
  return new Intl.DateTimeFormat(requestLanguage(), { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** "59 s", "5 min" …: seconds in the request's language (one Intl result, no hand-joined unit). */
function formatSeconds(seconds: number): string {
  const [value, unit] =
    seconds >= 3600 ? [Math.round(seconds / 3600), 'hour'] : seconds >= 120 ? [Math.round(seconds / 60), 'minute'] : [seconds, 'second'];
  return new Intl.NumberFormat(requestLanguage(), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** Re-reads after a change, for the answer. */
export async function reload(deps: AppDeps, tenantId: string, id: string): Promise<IntegrationRow> {
  const row = await findIntegration(deps.db, tenantId, id);
  if (!row) throw new ApiError(404, 'not_found', say({ en: 'Integration not found.', de: 'Integration nicht gefunden.' }));
  return row;
}
