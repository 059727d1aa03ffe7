/**
 * The typed REST client: one method per endpoint of the REST contract (README.md), each validating its answer.
 * Stateless — caching, dedup and optimistic updates live in client.ts on top of it.
 */
import { HttpClient, type HttpRequest, type RequestOptions } from './http.js';
import type { ResolvedConfig } from './config.js';
import { isIntegrationError } from './errors.js';
import type { Me } from './permissions.js';
import { ActivityPageSchema } from './activity-schemas.js';
import {
  CloudProviderListSchema,
  ConnectionTestResultSchema,
  IntegrationPageSchema,
  IntegrationSchema,
  MeSchema,
  OAuthInitiateResponseSchema,
  TokenHealthSchema,
  UsageStatsSchema,
} from './schemas.js';
import type {
  Activity,
  CloudProvider,
  ConnectionTestResult,
  Integration,
  IntegrationCreateRequest,
  IntegrationListQuery,
  IntegrationUpdateRequest,
  OAuthCallbackRequest,
  OAuthInitiateRequest,
  OAuthInitiateResponse,
  Page,
  TokenHealth,
  UsageRange,
  UsageStats,
} from './types.js';

export interface CreateOptions extends RequestOptions {
  /** Sent as `Idempotency-Key` so a retried create cannot make a second integration. */
  idempotencyKey?: string | undefined;
}

export interface UpdateOptions extends RequestOptions {
  /** The version the edit was based on; sent as `If-Match` so a stale write fails with `conflict`. */
  etag?: string | undefined;
}

/** Who asked for a token refresh, sent as `X-Refresh-Trigger` so the activity log can say. */
export type RefreshTrigger = 'scheduler' | 'user';

export interface RefreshOptions extends RequestOptions {
  /** Default `user`: a refresh nobody scheduled was asked for by a person (or a host for one). */
  trigger?: RefreshTrigger | undefined;
}

export interface ActivityQuery {
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** The path of one integration, or of something under it (`/tokens/refresh`). */
const at = (integrationId: string, below = '') => `integrations/${encodeURIComponent(integrationId)}${below}`;

/** Keeps the ETag header on the integration so the next PATCH can send it back. */
function withEtag(integration: Integration, headers: Headers): Integration {
  const etag = headers.get('ETag');
  return etag && !integration.etag ? { ...integration, etag } : integration;
}

export class IntegrationsApi {
  readonly http: HttpClient;

  constructor(config: ResolvedConfig) {
    this.http = new HttpClient(config);
  }

  listProviders(options: RequestOptions = {}): Promise<CloudProvider[]> {
    return this.#data({ ...options, method: 'GET', path: 'cloud-providers', schema: CloudProviderListSchema, what: 'provider list' });
  }

  /** `GET /me`: who the caller is and what they may do; `null` when the API has no such endpoint (404). */
  async getMe(options: RequestOptions = {}): Promise<Me | null> {
    try {
      return await this.#data({ ...options, method: 'GET', path: 'me', schema: MeSchema, what: 'caller' });
    } catch (error) {
      if (isIntegrationError(error) && error.code === 'not_found') return null;
      throw error;
    }
  }

  listIntegrations(query: IntegrationListQuery = {}, options: RequestOptions = {}): Promise<Page<Integration>> {
    return this.#data({
      ...options,
      method: 'GET',
      path: 'integrations',
      query: { ...query },
      schema: IntegrationPageSchema,
      what: 'integration list',
    });
  }

  getIntegration(integrationId: string, options: RequestOptions = {}): Promise<Integration> {
    return this.#integration({ ...options, method: 'GET', path: at(integrationId) });
  }

  createIntegration(body: IntegrationCreateRequest, options: CreateOptions = {}): Promise<Integration> {
    const headers = { ...options.headers, ...(options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {}) };
    return this.#integration({ ...options, headers, method: 'POST', path: 'integrations', body });
  }

  updateIntegration(integrationId: string, body: IntegrationUpdateRequest, options: UpdateOptions = {}): Promise<Integration> {
    const headers = { ...options.headers, ...(options.etag ? { 'If-Match': options.etag } : {}) };
    return this.#integration({ ...options, headers, method: 'PATCH', path: at(integrationId), body });
  }

  async deleteIntegration(integrationId: string, options: RequestOptions = {}): Promise<void> {
    await this.http.request({ ...options, method: 'DELETE', path: at(integrationId), what: 'integration' });
  }

  initiateOAuth(integrationId: string, body: OAuthInitiateRequest, options: RequestOptions = {}): Promise<OAuthInitiateResponse> {
    return this.#data({
      ...options,
      method: 'POST',
      path: at(integrationId, '/oauth/initiate'),
      body,
      schema: OAuthInitiateResponseSchema,
      what: 'authorization request',
    });
  }

  completeOAuth(body: OAuthCallbackRequest, options: RequestOptions = {}): Promise<Integration> {
    return this.#integration({ ...options, method: 'POST', path: 'oauth/callback', body });
  }

  refreshToken(integrationId: string, options: RefreshOptions = {}): Promise<Integration> {
    const { trigger = 'user', ...rest } = options;
    const headers = { ...rest.headers, 'X-Refresh-Trigger': trigger };
    return this.#integration({ ...rest, headers, method: 'POST', path: at(integrationId, '/tokens/refresh') });
  }

  /** `GET /events`: the stream of changes, resumed after `lastEventId`; the 200 response, its body unread. */
  openEvents(lastEventId: string | undefined, options: RequestOptions = {}): Promise<Response> {
    const headers = { ...options.headers, Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) };
    return this.http.open({ ...options, headers, method: 'GET', path: 'events', what: 'event stream' });
  }

  /** One page of what happened to an integration, newest first. */
  listActivity(integrationId: string, query: ActivityQuery = {}, options: RequestOptions = {}): Promise<Page<Activity>> {
    return this.#data({
      ...options,
      method: 'GET',
      path: at(integrationId, '/activity'),
      query: { ...query },
      schema: ActivityPageSchema,
      what: 'activity page',
    });
  }

  /**
   * A CSV export the server offers (`activity.csv`, `usage.csv?range=`), as text; `null` when it
   * offers none (404), so the caller builds one from the JSON it has.
   */
  async getCsv(integrationId: string, name: 'activity' | 'usage', query: Record<string, string> = {}, options: RequestOptions = {}) {
    try {
      const response = await this.http.open({
        ...options,
        headers: { ...options.headers, Accept: 'text/csv' },
        method: 'GET',
        path: at(integrationId, `/${name}.csv`),
        query,
        what: `${name} export`,
      });
      return await response.text();
    } catch (error) {
      if (isIntegrationError(error) && error.code === 'not_found') return null;
      throw error;
    }
  }

  getTokenHealth(integrationId: string, options: RequestOptions = {}): Promise<TokenHealth> {
    return this.#data({
      ...options,
      method: 'GET',
      path: at(integrationId, '/tokens/health'),
      schema: TokenHealthSchema,
      what: 'token health report',
    });
  }

  testConnection(integrationId: string, options: RequestOptions = {}): Promise<ConnectionTestResult> {
    return this.#data({
      ...options,
      method: 'POST',
      path: at(integrationId, '/test'),
      schema: ConnectionTestResultSchema,
      what: 'connection test result',
    });
  }

  getUsage(integrationId: string, range: UsageRange = '7d', options: RequestOptions = {}): Promise<UsageStats> {
    return this.#data({
      ...options,
      method: 'GET',
      path: at(integrationId, '/usage'),
      query: { range },
      schema: UsageStatsSchema,
      what: 'usage report',
    });
  }

  /** The validated body of a request. */
  async #data<T>(request: HttpRequest<T>): Promise<T> {
    return (await this.http.request(request)).data;
  }

  /** An integration from the body, with the ETag of the answer. */
  async #integration(request: Omit<HttpRequest<Integration>, 'schema' | 'what'>): Promise<Integration> {
    const answer = await this.http.request({ ...request, schema: IntegrationSchema, what: 'integration' });
    return withEtag(answer.data, answer.headers);
  }
}
