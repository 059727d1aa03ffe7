/**
 * Story data. The shapes come from the tests' shared fixtures (tests/support/fixtures.js), so a
 * change to the Integration shape shows up in tests and stories alike; this file only adds the
 * variety a designer wants to see (every token state, several providers, reports).
 */
import { makeIntegration, makeIntegrations, makeProviders } from '../../tests/support/fixtures.js';
import type { CloudProvider, ConnectionTestResult, Integration, TokenHealth, UsageRange, UsageStats } from '../../src/core/types.js';

export { makeIntegration, makeIntegrations, makeProviders };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

/** The catalogue: the tests' two providers plus a few more, with a settings field of each type. */
export function storyProviders(): CloudProvider[] {
  const [cloud, analytics] = makeProviders() as [CloudProvider, CloudProvider];
  return [
    {
      ...cloud,
      settingsSchema: [
        ...cloud.settingsSchema,
        {
          key: 'bucket',
          label: 'Bucket',
          type: 'string',
          required: true,
          pattern: '^[a-z0-9-]+$',
          description: 'Lower-case letters, digits and dashes.',
        },
        { key: 'maxRetries', label: 'Max retries', type: 'number', min: 0, max: 10, default: 3 },
        { key: 'verbose', label: 'Verbose logging', type: 'boolean' },
      ],
    },
    analytics,
    {
      id: 'dev-mail',
      name: 'Dev Mail',
      description: 'Transactional e-mail',
      iconUrl: null,
      scopes: ['openid', 'offline_access', 'mail.send'],
      settingsSchema: [],
    },
    {
      id: 'dev-queue',
      name: 'Dev Queue',
      description: 'Message queues and topics',
      iconUrl: null,
      scopes: ['openid', 'offline_access', 'queue.publish'],
      settingsSchema: [{ key: 'topic', label: 'Topic', type: 'string', required: true }],
    },
  ];
}

/** One integration in each state a dashboard shows. */
export const integrationIn = {
  connected: () => makeIntegration({ id: 'int-connected', name: 'Production storage', tokenExpiresAt: inMs(6 * HOUR) }),
  expiring: () =>
    makeIntegration({
      id: 'int-expiring',
      name: 'Nightly analytics export',
      cloudProviderId: 'dev-analytics',
      tokenStatus: 'expiring',
      tokenExpiresAt: inMs(3 * MINUTE),
      settings: { projectId: 'nightly' },
    }),
  expired: () =>
    makeIntegration({
      id: 'int-expired',
      name: 'Marketing mail',
      cloudProviderId: 'dev-mail',
      status: 'error',
      tokenStatus: 'expired',
      tokenExpiresAt: inMs(-2 * HOUR),
      settings: {},
    }),
  pending: () =>
    makeIntegration({
      id: 'int-pending',
      name: 'Order events',
      cloudProviderId: 'dev-queue',
      status: 'pending',
      tokenStatus: 'none',
      tokenExpiresAt: null,
      description: null,
      settings: { topic: 'orders' },
    }),
  disabled: () => makeIntegration({ id: 'int-disabled', name: 'Archive (paused)', status: 'disabled', tokenExpiresAt: inMs(20 * HOUR) }),
  failing: () =>
    makeIntegration({
      id: 'int-failing',
      name: 'Staging storage',
      status: 'error',
      tokenStatus: 'error',
      tokenExpiresAt: inMs(-10 * MINUTE),
      description: 'Refresh token revoked',
    }),
};

/** A dashboard's worth: every state once, then ordinary connected ones. */
export function dashboard(): Integration[] {
  return [
    integrationIn.connected(),
    integrationIn.expiring(),
    integrationIn.expired(),
    integrationIn.pending(),
    integrationIn.disabled(),
    integrationIn.failing(),
    ...makeIntegrations(6, 'int-more').map((i, n) => ({ ...i, name: `Team bucket ${n + 1}`, tokenExpiresAt: inMs((n + 2) * HOUR) })),
  ];
}

/** The token report, with the scopes the integration's provider asks for. */
export function makeHealth(integration: Integration, providers: readonly CloudProvider[] = storyProviders()): TokenHealth {
  return {
    integrationId: integration.id,
    tokenStatus: integration.tokenStatus,
    expiresAt: integration.tokenExpiresAt,
    scopes:
      integration.tokenStatus === 'none' ? [] : [...(providers.find((p) => p.id === integration.cloudProviderId)?.scopes ?? ['openid'])],
    lastRefreshAt: integration.tokenStatus === 'none' ? null : new Date(Date.now() - 20 * MINUTE).toISOString(),
    failureCount: integration.tokenStatus === 'error' ? 3 : 1,
    refreshHistory:
      integration.tokenStatus === 'none'
        ? []
        : [
            {
              at: new Date(Date.now() - 20 * MINUTE).toISOString(),
              ok: integration.tokenStatus !== 'error',
              ...(integration.tokenStatus === 'error' ? { error: 'invalid_grant: refresh token revoked' } : {}),
            },
            { at: new Date(Date.now() - 80 * MINUTE).toISOString(), ok: false, error: 'temporarily_unavailable: provider outage' },
            { at: new Date(Date.now() - 140 * MINUTE).toISOString(), ok: true },
          ],
  };
}

export function makeTestResult(integration: Integration): ConnectionTestResult {
  const healthy = integration.tokenStatus === 'valid' || integration.tokenStatus === 'expiring';
  return {
    integrationId: integration.id,
    ok: healthy,
    testedAt: new Date().toISOString(),
    latencyMs: healthy ? 182 : 412,
    checks: [
      { name: 'Token present', ok: integration.tokenStatus !== 'none', latencyMs: 1, message: 'A provider token is stored.' },
      {
        name: 'Token not expired',
        ok: healthy,
        latencyMs: 1,
        message: healthy ? 'Valid.' : 'The access token has expired.',
        ...(healthy ? {} : { errorCode: 'token_expired' }),
      },
      { name: 'Provider reachable', ok: true, latencyMs: 96, message: 'api.dev-cloud.example answered.' },
      {
        name: 'Userinfo accepted',
        ok: healthy,
        latencyMs: 84,
        message: healthy ? 'The provider accepted the token.' : 'The provider rejected the access token (401).',
        ...(healthy ? {} : { errorCode: 'token_expired' }),
      },
    ],
  };
}

/** A deterministic series (the same picture on every load, so visual diffs stay quiet). */
export function makeUsage(integrationId: string, range: UsageRange): UsageStats {
  const count = range === '24h' ? 24 : range === '7d' ? 7 : 30;
  const step = range === '24h' ? HOUR : 24 * HOUR;
  const start = Date.UTC(2026, 10, 1);
  const points = Array.from({ length: count }, (_, i) => ({
    at: new Date(start + i * step).toISOString(),
    calls: 120 + ((i * 37) % 90),
    errors: i % 5 === 3 ? 9 : i % 3,
    latencyP50Ms: i === 3 ? null : 110 + (i % 5) * 7,
    latencyP95Ms: i === 3 ? null : 300 + (i % 6) * 25,
  }));
  return {
    integrationId,
    range,
    interval: range === '24h' ? 'hour' : 'day',
    points,
    totals: { calls: points.reduce((s, p) => s + p.calls, 0), errors: points.reduce((s, p) => s + p.errors, 0) },
    quota: { limit: 10_000, used: 7_400, period: 'month', resetsAt: '2026-12-01T00:00:00.000Z' },
  };
}
