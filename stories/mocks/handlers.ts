/**
 * The REST contract (README.md) played by MSW inside Storybook, so every story talks to the real
 * client core over real `fetch`.
 *
 * Each story gets its own scope: its client's base URL is `/mock-api/<story id>/`, and the
 * handlers below look the scope up in a registry. So a docs page that shows ten stories at once
 * shows ten different APIs (empty, failing, 10,000 items …) side by side, and the handlers never
 * need resetting between stories.
 */
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { INTEGRATION_ACTIONS, type IntegrationAction, type Me } from '../../src/core/permissions.js';
import type {
  Activity,
  CloudProvider,
  Integration,
  IntegrationCreateRequest,
  IntegrationUpdateRequest,
  OAuthCallbackRequest,
  OAuthInitiateRequest,
  UsageRange,
} from '../../src/core/types.js';
import { dashboard, isGerman, makeHealth, makeIntegration, makeTestResult, makeUsage, storyProviders } from './fixtures.js';

export type Endpoint =
  | 'me'
  | 'providers'
  | 'list'
  | 'get'
  | 'create'
  | 'update'
  | 'delete'
  | 'initiate'
  | 'callback'
  | 'refresh'
  | 'health'
  | 'test'
  | 'usage'
  | 'events'
  | 'activity';

/**
 * The reference server's permission table (server/auth/permissions.ts), plus `viewer`: a read-only
 * role as a host's own server might name it. A role not listed may do nothing, as there.
 */
export const ROLE_PERMISSIONS: Readonly<Record<string, readonly IntegrationAction[]>> = {
  owner: INTEGRATION_ACTIONS,
  member: ['read'],
  viewer: ['read'],
};
export type MockRole = 'owner' | 'member' | 'viewer';

/** What each endpoint needs, so the mock refuses what the UI should not have offered (the server decides). */
const NEEDS: Record<Exclude<Endpoint, 'me' | 'providers'>, IntegrationAction> = {
  list: 'read',
  get: 'read',
  health: 'read',
  usage: 'read',
  events: 'read',
  activity: 'read',
  create: 'create',
  update: 'update',
  delete: 'delete',
  initiate: 'connect',
  callback: 'connect',
  refresh: 'refresh',
  test: 'test',
};

/** The `GET /me` answer for a role of the table. */
export function meAs(role: MockRole | (string & {}), permissions: readonly string[] = ROLE_PERMISSIONS[role] ?? []): Me {
  return {
    tenant: { id: 'tenant-a', name: 'Acme GmbH' },
    user: { id: `user-${role}`, name: `Story ${role}` },
    role,
    permissions: [...permissions],
  };
}

export interface MockFailure {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
  /** Fail only for these integration ids (the others succeed): partial bulk results. */
  onlyFor?: string[];
}

/** What one story's API does. Everything is optional: the default is a healthy dashboard. */
export interface Scenario {
  integrations?: Integration[] | (() => Integration[]);
  /** The catalogue; a function gets the request's Accept-Language (default: storyProviders, German for `de`). */
  providers?: CloudProvider[] | ((language: string | null) => CloudProvider[]);
  /**
   * Who the caller is (`GET /me`): a role of ROLE_PERMISSIONS (default `owner`), a whole answer
   * (meAs), or `null` for an API without the endpoint (404: every action offered).
   */
  me?: MockRole | Me | null;
  /** Answer latency (ms). Default 250: long enough to see a spinner, short enough to not wait. */
  latencyMs?: number;
  /** These endpoints never answer (loading and "refreshing" states). */
  pending?: Endpoint[];
  /** These endpoints answer with an error. */
  failures?: Partial<Record<Endpoint, MockFailure>>;
  /** What the mock provider's consent page does: wait for a click (default), or answer at once. */
  consent?: 'ask' | 'approve' | 'deny';
  /**
   * Offer the event stream (`GET /events`, `/me` features `events` and `serverRefresh`): every
   * write is then streamed to the story's client, and `api.serverRefresh(id)` / `api.revoke(id)`
   * play the server's background worker. Off by default: the client polls.
   */
  live?: boolean;
  /** Each integration's activity, newest first (default: none). */
  activity?: Record<string, Activity[]>;
}

export const failure = {
  server: (message = 'The integrations service is having a problem. Try again in a moment.'): MockFailure => ({
    status: 503,
    code: 'server_error',
    message,
  }),
  notFound: (message = 'No such integration.'): MockFailure => ({ status: 404, code: 'not_found', message }),
  forbidden: (message = 'Only owners can change integrations.'): MockFailure => ({ status: 403, code: 'permission_denied', message }),
  tokenExchange: (message = 'The provider refused the refresh token (invalid_grant).'): MockFailure => ({
    status: 502,
    code: 'token_exchange_failed',
    message,
  }),
  validation: (fields: Record<string, string>): MockFailure => ({
    status: 422,
    code: 'validation_failed',
    message: 'Some values were not accepted.',
    fields,
  }),
};

interface PendingSignIn {
  integrationId: string;
  challenge: string;
  redirectUri: string;
}

/** The state behind one scope: what the "server" holds. */
export class MockApi {
  integrations: Integration[];
  me: Me | null;
  readonly latencyMs: number;
  readonly pending: ReadonlySet<Endpoint>;
  readonly failures: Partial<Record<Endpoint, MockFailure>>;
  readonly consent: 'ask' | 'approve' | 'deny';
  readonly #providers: (language: string | null) => CloudProvider[];
  readonly live: boolean;
  readonly activity: Record<string, Activity[]>;
  private readonly signIns = new Map<string, PendingSignIn>();
  /** The stream's log (replayed after Last-Event-ID) and its open readers. */
  private readonly log: string[] = [];
  private readonly streams = new Set<(frame: string) => void>();
  private activityCount = 0;
  private versions = new Map<string, number>();
  private created = 0;

  constructor(scenario: Scenario = {}) {
    const items = scenario.integrations;
    this.integrations = (typeof items === 'function' ? items() : items) ?? dashboard();
    const providers = scenario.providers ?? storyProviders;
    this.#providers = typeof providers === 'function' ? providers : () => providers;
    const me = scenario.me === undefined ? 'owner' : scenario.me;
    this.me = typeof me === 'string' ? meAs(me) : me;
    this.latencyMs = scenario.latencyMs ?? 250;
    this.pending = new Set(scenario.pending ?? []);
    this.failures = scenario.failures ?? {};
    this.consent = scenario.consent ?? 'ask';
    this.live = scenario.live ?? false;
    this.activity = structuredClone(scenario.activity ?? {});
    if (this.me && this.live) this.me = { ...this.me, features: { events: true, serverRefresh: true } };
  }

  /** Sends one event to every open stream, and keeps it for replays. */
  emit(type: string, data: unknown): void {
    if (!this.live) return;
    const frame = `id: ${this.log.length + 1}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    this.log.push(frame);
    for (const write of this.streams) write(frame);
  }

  /** Records an activity entry (first in its list) and streams it. */
  record(integrationId: string, entry: Omit<Activity, 'id' | 'integrationId' | 'at'>): Activity {
    const activity: Activity = { id: `act-${++this.activityCount}`, integrationId, at: new Date().toISOString(), ...entry };
    (this.activity[integrationId] ??= []).unshift(activity);
    this.emit('activity.recorded', { integrationId, at: activity.at, actor: activity.actor, activity });
    return activity;
  }

  /** Streams a change of an integration made here (a write, or the server's worker). */
  changed(
    type: string,
    integration: Integration,
    actor: Activity['actor'] = { type: 'user', id: this.me?.user.id ?? 'user' },
    reason?: string,
  ) {
    this.emit(type, {
      integrationId: integration.id,
      at: new Date().toISOString(),
      actor,
      integration: { ...integration, etag: this.etag(integration.id) },
      ...(reason ? { reason } : {}),
    });
  }

  /** The server's worker refreshes a token ahead of expiry, as the reference server does. */
  serverRefresh(id: string): void {
    const found = this.find(id);
    if (!found) return;
    const refreshed = this.save(
      {
        ...found,
        tokenStatus: 'valid',
        tokenExpiresAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
        updatedAt: new Date().toISOString(),
      },
      false,
    );
    this.changed('token.refreshed', refreshed, { type: 'server' });
    this.record(id, { kind: 'token_refreshed', actor: { type: 'server' }, via: 'server' });
  }

  /** The provider revoked the grant: the next refresh fails for good (invalid_grant). */
  revoke(id: string, reason = 'invalid_grant: the user revoked access at the provider'): void {
    const found = this.find(id);
    if (!found) return;
    const revoked = this.save({ ...found, status: 'error', tokenStatus: 'error', updatedAt: new Date().toISOString() }, false);
    this.changed('token.revoked', revoked, { type: 'server' }, reason);
    this.record(id, { kind: 'token_revoked', actor: { type: 'server' }, detail: { reason } });
  }

  /** A stream for `GET /events`: the log after `lastEventId`, then live events and a heartbeat every 15 s. */
  openStream(lastEventId: number): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    let write: ((frame: string) => void) | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        write = (frame) => controller.enqueue(encoder.encode(frame));
        controller.enqueue(encoder.encode('retry: 3000\n\n'));
        for (const frame of this.log.slice(lastEventId)) write(frame);
        this.streams.add(write);
        heartbeat = setInterval(() => write?.(': heartbeat\n\n'), 15_000);
      },
      cancel: () => {
        clearInterval(heartbeat);
        if (write) this.streams.delete(write);
      },
    });
  }

  /** The catalogue in the language an Accept-Language header asks for. */
  providers(acceptLanguage: string | null = null): CloudProvider[] {
    return this.#providers(acceptLanguage);
  }

  /** Whether the caller's role grants `action` (an API without `/me` lets everything through). */
  allows(action: IntegrationAction): boolean {
    return this.me === null || this.me.permissions.includes(action);
  }

  find(id: string): Integration | undefined {
    return this.integrations.find((i) => i.id === id);
  }

  etag(id: string): string {
    return `"v${this.versions.get(id) ?? 1}"`;
  }

  save(integration: Integration, bumpVersion = true): Integration {
    const index = this.integrations.findIndex((i) => i.id === integration.id);
    if (index === -1) this.integrations.unshift(integration);
    else this.integrations[index] = integration;
    if (bumpVersion) this.versions.set(integration.id, (this.versions.get(integration.id) ?? 1) + 1);
    return integration;
  }

  nextId(): string {
    this.created += 1;
    return `int-new-${this.created}`;
  }

  startSignIn(state: string, signIn: PendingSignIn): void {
    this.signIns.set(state, signIn);
  }

  takeSignIn(state: string): PendingSignIn | undefined {
    const signIn = this.signIns.get(state);
    this.signIns.delete(state);
    return signIn;
  }
}

const scopes = new Map<string, MockApi>();

/** Makes (or replaces) the API of one scope. */
export function registerScenario(scope: string, scenario: Scenario = {}): MockApi {
  const api = new MockApi(scenario);
  scopes.set(scope, api);
  return api;
}

export function forgetScenario(scope: string): void {
  scopes.delete(scope);
}

/** The base URL a story's client uses for its scope. */
export function mockApiBaseUrl(scope: string): string {
  return new URL(`mock-api/${encodeURIComponent(scope)}/`, document.baseURI).href;
}

/** Requests being answered right now, over every scope (endless "pending" ones excluded). */
let answering = 0;

/**
 * Resolves once no mock request has been in flight for a little while, so checks (the a11y
 * addon's axe run) see the state the answers lead to, not the loading skeleton before them.
 */
export async function mockApiSettled(timeoutMs = 4000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let quietChecks = 0;
  while (quietChecks < 2 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 60));
    quietChecks = answering === 0 ? quietChecks + 1 : 0;
  }
  if (quietChecks < 2)
    console.warn(`[mock API] still answering after ${timeoutMs} ms: checks after this story (a11y) see a state before its answers.`);
  // Let the elements render what arrived.
  await new Promise((resolve) => setTimeout(resolve, 30));
}

const errorBody = (f: MockFailure) => ({ error: { code: f.code, message: f.message, ...(f.fields ? { fields: f.fields } : {}) } });

type Resolver = (api: MockApi, ctx: { request: Request; params: Record<string, string>; url: URL }) => Response | Promise<Response>;

/** Common behaviour of every route: scope lookup, latency, pending and scripted failures. */
function route(endpoint: Endpoint, resolve: Resolver) {
  return async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
    const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : String(v ?? '')]));
    const api = scopes.get(decodeURIComponent(flat.scope ?? ''));
    if (!api) return HttpResponse.json({ error: { code: 'not_found', message: `No mock API for scope ${flat.scope}` } }, { status: 404 });
    if (api.pending.has(endpoint)) await delay('infinite');
    answering += 1;
    try {
      await delay(api.latencyMs);
      const needs = endpoint === 'me' || endpoint === 'providers' ? undefined : NEEDS[endpoint];
      if (needs && !api.allows(needs)) return refused(needs);
      const scripted = api.failures[endpoint];
      if (scripted && (!scripted.onlyFor || scripted.onlyFor.includes(flat.id ?? '')))
        return HttpResponse.json(errorBody(scripted), { status: scripted.status });
      return await resolve(api, { request, params: flat, url: new URL(request.url) });
    } finally {
      answering -= 1;
    }
  };
}

/** The reference server's refusal (its route guards), in the language of its default. */
const refused = (action: IntegrationAction) =>
  HttpResponse.json(
    {
      error: {
        code: 'permission_denied',
        message: action === 'read' ? 'Your role does not give access to integrations.' : 'Only a tenant owner can change integrations.',
      },
    },
    { status: 403 },
  );

const notFound = (id: string) => HttpResponse.json({ error: { code: 'not_found', message: `No integration ${id}.` } }, { status: 404 });

function withEtag(api: MockApi, integration: Integration, status = 200) {
  return HttpResponse.json(integration, { status, headers: { ETag: api.etag(integration.id) } });
}

function listPage(api: MockApi, url: URL) {
  const q = url.searchParams.get('q')?.toLowerCase() ?? '';
  const status = url.searchParams.get('status');
  const providerId = url.searchParams.get('providerId');
  const tokenStatus = url.searchParams.get('tokenStatus');
  // As the reference server: newest first by default; at most 100 a page.
  const sort = url.searchParams.get('sort') ?? '-createdAt';
  const limit = Number(url.searchParams.get('limit') ?? 50) || 50;
  if (limit < 1 || limit > 100) {
    return HttpResponse.json(
      { error: { code: 'validation_failed', message: 'Invalid query.', fields: { limit: 'limit must be at most 100.' } } },
      { status: 400 },
    );
  }
  const offset = Number(url.searchParams.get('cursor') ?? 0) || 0;
  let items = api.integrations.filter(
    (i) =>
      (!q || i.name.toLowerCase().includes(q) || (i.description ?? '').toLowerCase().includes(q)) &&
      (!status || i.status === status) &&
      (!providerId || i.cloudProviderId === providerId) &&
      (!tokenStatus || i.tokenStatus === tokenStatus),
  );
  const key = sort.replace(/^-/, '') as 'name' | 'createdAt' | 'updatedAt';
  const direction = sort.startsWith('-') ? -1 : 1;
  items = [...items].sort((a, b) => direction * String(a[key]).localeCompare(String(b[key])));
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? String(offset + limit) : null;
  return HttpResponse.json({ items: page, nextCursor: next, total: items.length });
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The mock provider's consent page, served from Storybook's static files. */
export function mockProviderUrl(params: Record<string, string>): string {
  const url = new URL('mock-provider.html', document.baseURI);
  url.search = new URLSearchParams(params).toString();
  return url.href;
}

const base = '*/mock-api/:scope';

export const handlers: HttpHandler[] = [
  http.get(
    `${base}/me`,
    route('me', (api) =>
      api.me
        ? HttpResponse.json(api.me, { headers: { 'Cache-Control': 'no-store' } })
        : HttpResponse.json({ error: { code: 'not_found', message: 'Unknown endpoint.' } }, { status: 404 }),
    ),
  ),

  http.get(
    `${base}/cloud-providers`,
    route('providers', (api, { request }) => {
      const language = request.headers.get('Accept-Language');
      return HttpResponse.json(api.providers(language), {
        headers: { 'Content-Language': isGerman(language) ? 'de' : 'en', Vary: 'Accept-Language' },
      });
    }),
  ),

  http.get(
    `${base}/integrations`,
    route('list', (api, { url }) => listPage(api, url)),
  ),

  http.post(
    `${base}/integrations`,
    route('create', async (api, { request }) => {
      const body = (await request.json()) as IntegrationCreateRequest;
      const now = new Date().toISOString();
      const created = makeIntegration({
        id: api.nextId(),
        name: body.name,
        description: body.description ?? null,
        cloudProviderId: body.cloudProviderId,
        settings: body.settings ?? {},
        status: 'pending',
        tokenStatus: 'none',
        tokenExpiresAt: null,
        createdAt: now,
        updatedAt: now,
      });
      return withEtag(api, api.save(created, false), 201);
    }),
  ),

  http.get(
    `${base}/integrations/:id`,
    route('get', (api, { params }) => {
      const found = api.find(params.id!);
      return found ? withEtag(api, found) : notFound(params.id!);
    }),
  ),

  http.patch(
    `${base}/integrations/:id`,
    route('update', async (api, { request, params }) => {
      const found = api.find(params.id!);
      if (!found) return notFound(params.id!);
      const ifMatch = request.headers.get('If-Match');
      if (ifMatch && ifMatch !== api.etag(found.id)) {
        return HttpResponse.json(
          { error: { code: 'conflict', message: 'Someone else changed this integration. Reload it and try again.' } },
          { status: 412 },
        );
      }
      const patch = (await request.json()) as IntegrationUpdateRequest;
      // As the reference server: enabling a never-connected integration leaves it pending.
      const status = patch.status === 'active' && found.tokenStatus === 'none' ? 'pending' : (patch.status ?? found.status);
      const saved = api.save({
        ...found,
        ...patch,
        status,
        settings: patch.settings ?? found.settings,
        updatedAt: new Date().toISOString(),
      });
      api.changed('integration.updated', saved);
      return withEtag(api, saved);
    }),
  ),

  http.delete(
    `${base}/integrations/:id`,
    route('delete', (api, { params }) => {
      if (!api.find(params.id!)) return notFound(params.id!);
      api.integrations = api.integrations.filter((i) => i.id !== params.id);
      api.emit('integration.deleted', {
        integrationId: params.id,
        at: new Date().toISOString(),
        actor: { type: 'user', id: api.me?.user.id },
      });
      return new HttpResponse(null, { status: 204 });
    }),
  ),

  http.post(
    `${base}/integrations/:id/oauth/initiate`,
    route('initiate', async (api, { request, params }) => {
      const found = api.find(params.id!);
      if (!found) return notFound(params.id!);
      const body = (await request.json()) as OAuthInitiateRequest;
      api.startSignIn(body.state, { integrationId: found.id, challenge: body.codeChallenge, redirectUri: body.redirectUri });
      const provider = api.providers(request.headers.get('Accept-Language')).find((p) => p.id === found.cloudProviderId);
      return HttpResponse.json({
        authorizationUrl: mockProviderUrl({
          state: body.state,
          redirect_uri: body.redirectUri,
          client_name: found.name,
          provider: provider?.name ?? found.cloudProviderId,
          scope: (provider?.scopes ?? []).join(' '),
          ...(api.consent === 'ask' ? {} : { auto: api.consent }),
        }),
        expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
      });
    }),
  ),

  http.post(
    `${base}/oauth/callback`,
    route('callback', async (api, { request }) => {
      const body = (await request.json()) as OAuthCallbackRequest;
      const signIn = api.takeSignIn(body.state);
      const refuse = (code: string, message: string) => HttpResponse.json({ error: { code, message } }, { status: 400 });
      if (!signIn) return refuse('invalid_state', 'Unknown or already used sign-in state.');
      if (signIn.redirectUri !== body.redirectUri)
        return refuse('token_exchange_failed', 'The redirect URI does not match the one the sign-in started with.');
      if ((await s256(body.codeVerifier)) !== signIn.challenge) return refuse('token_exchange_failed', 'PKCE verification failed.');
      if (body.code !== `mock-code-${body.state}`) return refuse('token_exchange_failed', 'The authorization code is not valid.');
      const found = api.find(signIn.integrationId);
      if (!found) return notFound(signIn.integrationId);
      const connected = api.save({
        ...found,
        status: 'active',
        tokenStatus: 'valid',
        tokenExpiresAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
        updatedAt: new Date().toISOString(),
      });
      return withEtag(api, connected);
    }),
  ),

  http.post(
    `${base}/integrations/:id/tokens/refresh`,
    route('refresh', (api, { params }) => {
      const found = api.find(params.id!);
      if (!found) return notFound(params.id!);
      const refreshed = api.save(
        {
          ...found,
          status: found.status === 'error' ? 'active' : found.status,
          tokenStatus: 'valid',
          tokenExpiresAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
          updatedAt: new Date().toISOString(),
        },
        false,
      );
      api.changed('token.refreshed', refreshed);
      return withEtag(api, refreshed);
    }),
  ),

  http.get(
    `${base}/integrations/:id/tokens/health`,
    route('health', (api, { params }) => {
      const found = api.find(params.id!);
      return found ? HttpResponse.json(makeHealth(found, api.providers())) : notFound(params.id!);
    }),
  ),

  http.post(
    `${base}/integrations/:id/test`,
    route('test', (api, { params }) => {
      const found = api.find(params.id!);
      return found ? HttpResponse.json(makeTestResult(found)) : notFound(params.id!);
    }),
  ),

  http.get(
    `${base}/events`,
    route('events', (api, { request }) =>
      api.live
        ? new HttpResponse(api.openStream(Number(request.headers.get('Last-Event-ID') ?? 0) || 0), {
            headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' },
          })
        : HttpResponse.json({ error: { code: 'not_found', message: 'Unknown endpoint.' } }, { status: 404 }),
    ),
  ),

  http.get(
    `${base}/integrations/:id/activity`,
    route('activity', (api, { params, url }) => {
      if (!api.find(params.id!)) return notFound(params.id!);
      const items = api.activity[params.id!] ?? [];
      const limit = Number(url.searchParams.get('limit') ?? 25) || 25;
      const offset = Number(url.searchParams.get('cursor') ?? 0) || 0;
      const next = offset + limit < items.length ? String(offset + limit) : null;
      return HttpResponse.json({ items: items.slice(offset, offset + limit), nextCursor: next, total: items.length });
    }),
  ),

  http.get(
    `${base}/integrations/:id/usage`,
    route('usage', (api, { params, url }) => {
      const found = api.find(params.id!);
      const range = (url.searchParams.get('range') ?? '7d') as UsageRange;
      return found ? HttpResponse.json(makeUsage(found.id, range)) : notFound(params.id!);
    }),
  ),
];
