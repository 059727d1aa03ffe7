// A fake REST API for the <integration-details> tests, routed by method and path like the real
// one (README.md, "The REST contract"), with state the tests can change mid-way (another user's edit, a failure).
import { expect, waitUntil } from '@open-wc/testing';
import { createClient, type IntegrationsClient } from '../../src/core/index.js';
import type { CloudProvider, ConnectionTestResult, Integration, TokenHealth, UsageRange, UsageStats } from '../../src/core/types.js';
import { fakeFetch, jsonResponse, type RecordedRequest } from '../support/fake-fetch.js';
import { makeIntegration, makeProviders } from '../support/fixtures.js';

export const BASE = 'https://api.example.com/api';

type Handler = (req: RecordedRequest) => Response | undefined | Promise<Response | undefined>;

export function makeHealth(overrides: Partial<TokenHealth> = {}): TokenHealth {
  return {
    integrationId: 'int-1',
    tokenStatus: 'valid',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    scopes: ['openid', 'offline_access', 'storage.read'],
    lastRefreshAt: new Date(Date.now() - 20 * 60_000).toISOString(),
    failureCount: 2,
    refreshHistory: [
      { at: new Date(Date.now() - 20 * 60_000).toISOString(), ok: true },
      { at: new Date(Date.now() - 80 * 60_000).toISOString(), ok: false, error: 'invalid_grant: refresh token revoked' },
    ],
    ...overrides,
  };
}

export function makeTestResult(): ConnectionTestResult {
  return {
    integrationId: 'int-1',
    ok: false,
    testedAt: new Date().toISOString(),
    latencyMs: 412,
    checks: [
      { name: 'DNS lookup', ok: true, latencyMs: 12, message: 'api.dev-cloud.example resolved' },
      {
        name: 'Token accepted',
        ok: false,
        latencyMs: 220,
        message: 'The provider rejected the access token (401).',
        errorCode: 'token_expired',
      },
      { name: 'List buckets', ok: false, latencyMs: 180, message: 'Missing scope storage.list', errorCode: 'permission_denied' },
    ],
  };
}

export function makeUsage(range: UsageRange): UsageStats {
  const count = range === '24h' ? 24 : range === '7d' ? 7 : 30;
  const step = range === '24h' ? 3_600_000 : 86_400_000;
  const start = Date.UTC(2026, 10, 1);
  const points = Array.from({ length: count }, (_, i) => ({
    at: new Date(start + i * step).toISOString(),
    calls: 100 + ((i * 37) % 90),
    errors: i % 4,
    latencyP50Ms: i === 3 ? null : 110 + (i % 5) * 7,
    latencyP95Ms: i === 3 ? null : 300 + (i % 6) * 25,
  }));
  return {
    integrationId: 'int-1',
    range,
    interval: range === '24h' ? 'hour' : 'day',
    points,
    totals: { calls: points.reduce((s, p) => s + p.calls, 0), errors: points.reduce((s, p) => s + p.errors, 0) },
    quota: { limit: 10_000, used: 9_300, period: 'month', resetsAt: '2026-12-01T00:00:00.000Z' },
  };
}

/** The catalogue, with a settings schema that has one field of each type. */
export function makeDetailedProviders(): CloudProvider[] {
  const [cloud, ...rest] = makeProviders() as CloudProvider[];
  return [
    {
      ...cloud!,
      settingsSchema: [
        { key: 'region', label: 'Region', type: 'select', required: true, options: ['eu-west-1', 'us-east-1'] },
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
    ...rest,
  ];
}

export interface DetailsApi {
  client: IntegrationsClient;
  requests: RecordedRequest[];
  server: {
    integration: Integration;
    etag: number;
    providers: CloudProvider[];
    health: TokenHealth;
    test: ConnectionTestResult;
  };
  /** Answers matching requests with `handler` first (return undefined to fall through). */
  on(method: string, path: RegExp, handler: Handler): void;
  /** Requests made so far with this method whose path matches. */
  count(method: string, path: RegExp): number;
  /** Someone else saves the integration: new data and a new ETag on the server. */
  changeElsewhere(patch: Partial<Integration>): void;
}

export function detailsApi(overrides: Partial<Integration> = {}): DetailsApi {
  const server = {
    integration: makeIntegration({ settings: { region: 'eu-west-1', bucket: 'backups' }, ...overrides }) as Integration,
    etag: 1,
    providers: makeDetailedProviders(),
    health: makeHealth(),
    test: makeTestResult(),
  };
  const handlers: Array<{ method: string; path: RegExp; handler: Handler }> = [];
  const etag = () => `"v${server.etag}"`;

  const route = async (req: RecordedRequest): Promise<Response> => {
    const path = req.url.pathname.replace(/^\/api\//, '');
    for (const h of handlers) {
      if (h.method === req.method && h.path.test(path)) {
        const answer = await h.handler(req);
        if (answer) return answer;
      }
    }
    const id = server.integration.id;
    if (req.method === 'GET' && path === 'cloud-providers') return jsonResponse(200, server.providers);
    if (path === `integrations/${id}`) {
      if (req.method === 'GET') return jsonResponse(200, server.integration, { ETag: etag() });
      if (req.method === 'PATCH') {
        const ifMatch = req.headers.get('If-Match');
        if (ifMatch && ifMatch !== etag()) {
          return jsonResponse(412, { error: { code: 'conflict', message: 'The integration changed since you loaded it.' } });
        }
        server.etag += 1;
        server.integration = { ...server.integration, ...(req.body as object), updatedAt: new Date().toISOString() };
        return jsonResponse(200, server.integration, { ETag: etag() });
      }
      if (req.method === 'DELETE') return jsonResponse(204, null);
    }
    if (req.method === 'POST' && path === `integrations/${id}/tokens/refresh`) {
      server.integration = {
        ...server.integration,
        tokenStatus: 'valid',
        tokenExpiresAt: new Date(Date.now() + 7_200_000).toISOString(),
        updatedAt: new Date().toISOString(),
      };
      return jsonResponse(200, server.integration, { ETag: etag() });
    }
    if (req.method === 'GET' && path === `integrations/${id}/tokens/health`) return jsonResponse(200, server.health);
    if (req.method === 'POST' && path === `integrations/${id}/test`) return jsonResponse(200, server.test);
    if (req.method === 'GET' && path === `integrations/${id}/usage`) {
      return jsonResponse(200, makeUsage((req.url.searchParams.get('range') ?? '7d') as UsageRange));
    }
    return jsonResponse(404, { error: { code: 'not_found', message: `No route ${req.method} ${path}` } });
  };

  const { fetch, requests } = fakeFetch(route);
  const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false, retry: { attempts: 1 }, refetchIntervalMs: 0 });
  return {
    client,
    requests,
    server,
    on: (method, path, handler) => void handlers.push({ method, path, handler }),
    count: (method, path) => requests.filter((r) => r.method === method && path.test(r.url.pathname.replace(/^\/api\//, ''))).length,
    changeElsewhere(patch) {
      server.integration = { ...server.integration, ...patch, updatedAt: new Date().toISOString() };
      server.etag += 1;
    },
  };
}

// --- looking into the element's shadow roots --------------------------------------------------

/** The first match of `selector` inside `root`'s shadow root, failing the test when absent. */
export function inShadow<T extends Element = HTMLElement>(root: Element, selector: string): T {
  const found = root.shadowRoot?.querySelector<T>(selector);
  expect(found, `${root.localName} › ${selector}`).to.exist;
  return found!;
}

/** Every match of `selector` inside `root`'s shadow root. */
export function allInShadow<T extends Element = HTMLElement>(root: Element, selector: string): T[] {
  return [...(root.shadowRoot?.querySelectorAll<T>(selector) ?? [])];
}

export { deepActiveElement } from '../support/dom.js';

/** Waits until `root`'s shadow root contains `selector`. */
export async function waitForShadow<T extends Element = HTMLElement>(root: Element, selector: string, message?: string): Promise<T> {
  await waitUntil(() => root.shadowRoot?.querySelector(selector), message ?? `${root.localName} › ${selector}`, { timeout: 3000 });
  return root.shadowRoot!.querySelector<T>(selector)!;
}

/** What the page's toast region is showing. */
export function toastMessages(): string[] {
  return document.querySelector('mwap-toast-region')?.messages ?? [];
}

export function removeToasts(): void {
  document.querySelectorAll('mwap-toast-region').forEach((region) => region.remove());
}

/** A response the test releases by hand (to look at a loading state). */
export function deferred() {
  let release!: (response: Response) => void;
  const promise = new Promise<Response>((resolve) => (release = resolve));
  return { answer: () => promise, release };
}

/** Records every event of `type` reaching `target`. */
export function recordEvents<E extends Event>(target: EventTarget, type: string): E[] {
  const seen: E[] = [];
  target.addEventListener(type, (event) => seen.push(event as E));
  return seen;
}
