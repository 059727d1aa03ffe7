/**
 * Story data. The shapes come from the tests' shared fixtures (tests/support/fixtures.js), so a
 * change to the Integration shape shows up in tests and stories alike; this file only adds the
 * variety a designer wants to see (every token state, several providers, reports).
 */
import { makeIntegration, makeIntegrations, makeProviders } from '../../tests/support/fixtures.js';
import type {
  Activity,
  CloudProvider,
  ConnectionTestResult,
  Integration,
  TokenHealth,
  UsageRange,
  UsageStats,
} from '../../src/core/types.js';

export { makeIntegration, makeIntegrations, makeProviders };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

/** German for what the stories add to the tests' catalogue (names, ids and values stay as written). */
const GERMAN_EXTRAS = {
  bucket: { label: 'Bucket', description: 'Kleinbuchstaben, Ziffern und Bindestriche.' },
  maxRetries: { label: 'Maximale Wiederholungen' },
  verbose: { label: 'Ausführliche Protokollierung' },
  mail: 'Transaktions-E-Mails',
  queue: 'Nachrichtenwarteschlangen und Topics',
  topic: 'Topic',
} as const;

/**
 * The catalogue: the tests' two providers plus a few more, with a settings field of each type.
 * In `language` as the API answers its Accept-Language: German for `de`, English otherwise.
 */
export function storyProviders(language?: string | null): CloudProvider[] {
  const de = isGerman(language);
  const [cloud, analytics] = makeProviders(de ? 'de' : 'en') as [CloudProvider, CloudProvider];
  return [
    {
      ...cloud,
      settingsSchema: [
        ...cloud.settingsSchema,
        {
          key: 'bucket',
          label: de ? GERMAN_EXTRAS.bucket.label : 'Bucket',
          type: 'string',
          required: true,
          pattern: '^[a-z0-9-]+$',
          description: de ? GERMAN_EXTRAS.bucket.description : 'Lower-case letters, digits and dashes.',
        },
        { key: 'maxRetries', label: de ? GERMAN_EXTRAS.maxRetries.label : 'Max retries', type: 'number', min: 0, max: 10, default: 3 },
        { key: 'verbose', label: de ? GERMAN_EXTRAS.verbose.label : 'Verbose logging', type: 'boolean' },
      ],
    },
    analytics,
    {
      id: 'dev-mail',
      name: 'Dev Mail',
      description: de ? GERMAN_EXTRAS.mail : 'Transactional e-mail',
      iconUrl: null,
      scopes: ['openid', 'offline_access', 'mail.send'],
      settingsSchema: [],
    },
    {
      id: 'dev-queue',
      name: 'Dev Queue',
      description: de ? GERMAN_EXTRAS.queue : 'Message queues and topics',
      iconUrl: null,
      scopes: ['openid', 'offline_access', 'queue.publish'],
      settingsSchema: [{ key: 'topic', label: de ? GERMAN_EXTRAS.topic : 'Topic', type: 'string', required: true }],
    },
  ];
}

/** Whether an Accept-Language value (or a locale) asks for German first, as the reference server reads it. */
export function isGerman(language: string | null | undefined): boolean {
  const first = (language ?? '').split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
  return first === 'de' || first.startsWith('de-');
}

// ── Long text: what a real tenant types, to check that nothing runs out of its box ──────────────

/** `length` characters of words (so it can wrap between them). */
const words = (start: string, length: number) => {
  let text = start;
  while (text.length < length) text += ' and then some more words of it';
  return text.slice(0, length).trimEnd().padEnd(length, '.');
};

/** One unbroken token (an id, a URL): it must wrap inside its box, not overflow it. */
const unbroken = (start: string, length: number) => (start + 'x'.repeat(length)).slice(0, length);

export const LONG_NAME = words('Customer data warehouse for the European subsidiaries', 200);
export const LONG_DESCRIPTION = words('Nightly export of every order, refund and invoice line', 200);

/** A provider whose name, description, labels and option labels are all long. */
export function longTextProvider(language?: string | null): CloudProvider {
  const de = isGerman(language);
  return {
    id: 'dev-long',
    name: 'Dev Cloud Storage and Compute Platform for Enterprise Workloads (Europe, Sovereign Region)',
    description: de
      ? words('Objektspeicher, Rechenleistung und Datenbanken für Unternehmen', 180)
      : words('Object storage, compute and databases for enterprises', 180),
    iconUrl: null,
    scopes: ['openid', 'offline_access', 'storage.read.all.buckets.in.all.regions.of.the.tenant'],
    settingsSchema: [
      { key: 'endpoint', label: de ? 'Endpunkt-URL' : 'Endpoint URL', type: 'string', required: true },
      {
        key: 'bucket',
        label: de
          ? words('Name des Buckets, in den die nächtlichen Exporte geschrieben werden', 90)
          : words('Name of the bucket the nightly exports are written to', 90),
        type: 'string',
      },
      {
        key: 'region',
        label: 'Region',
        type: 'select',
        options: ['eu-sovereign-central-1', 'eu-west-1'],
        optionLabels: {
          'eu-sovereign-central-1': de
            ? 'Europa (souveräne Region, Frankfurt am Main, Rechenzentrum Nord)'
            : 'Europe (sovereign region, Frankfurt am Main, data centre north)',
          'eu-west-1': de ? 'Europa (Irland)' : 'Europe (Ireland)',
        },
      },
    ],
  };
}

/** The stories' catalogue with the long-text provider added. */
export const longTextCatalogue = (language?: string | null): CloudProvider[] => [...storyProviders(language), longTextProvider(language)];

/** An integration with a 200-character name and description and long setting values. */
export function longTextIntegration(overrides: Partial<Integration> = {}): Integration {
  return makeIntegration({
    id: 'int-long',
    name: LONG_NAME,
    description: LONG_DESCRIPTION,
    cloudProviderId: 'dev-long',
    tokenStatus: 'expiring',
    tokenExpiresAt: inMs(25 * MINUTE),
    settings: {
      endpoint: unbroken('https://storage.eu-sovereign-central-1.dev-cloud.example/tenants/', 180),
      bucket: unbroken('nightly-exports-of-the-european-subsidiaries-', 120),
      region: 'eu-sovereign-central-1',
    },
    ...overrides,
  });
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

/** What happened to an integration, newest first: a refresh by the server, a failed one, a settings change, the creation. */
export function makeActivity(integrationId = 'int-connected'): Activity[] {
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  return [
    { id: 'act-s4', integrationId, at: ago(4 * MINUTE), kind: 'token_refreshed', actor: { type: 'server' }, via: 'server' },
    {
      id: 'act-s3',
      integrationId,
      at: ago(2 * HOUR),
      kind: 'refresh_failed',
      actor: { type: 'server' },
      detail: { reason: 'invalid_grant: the refresh token expired (the provider retried later)' },
    },
    {
      id: 'act-s2',
      integrationId,
      at: ago(26 * HOUR),
      kind: 'settings_changed',
      actor: { type: 'user', id: 'user-owner' },
      detail: {
        changes: [
          { field: 'region', from: 'eu-west-1', to: 'eu-central-1' },
          { field: 'apiKey', from: '[secret]', to: '[secret]' },
        ],
      },
    },
    { id: 'act-s1', integrationId, at: ago(9 * 24 * HOUR), kind: 'created', actor: { type: 'user', id: 'user-anna' } },
  ];
}
